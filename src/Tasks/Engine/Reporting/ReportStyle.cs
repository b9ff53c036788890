namespace Orchestrator.Reporting;

/// <summary>The report's stylesheet, inlined: system fonts, status colours, and a layout that reads at phone width.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ok:#2e7d32; --bad:#c62828; --late:#ef6c00; --conflict:#8e24aa; --off:#78909c; --live:#1565c0; --line:#dde1e6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2329; background: #f6f7f9; }
        main { max-width: 1100px; margin: 0 auto; padding: 16px; }
        h1 { font-size: 1.45em; margin: 0 0 6px; overflow-wrap: anywhere; }
        h2 { font-size: 1.15em; margin: 0 0 10px; }
        h3 { font-size: 1em; margin: 14px 0 6px; }
        section, header { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 14px; }
        header.outcome { border-top: 6px solid var(--off); }
        header.v-done { border-top-color: var(--ok); } header.v-failed { border-top-color: var(--bad); } header.v-unfinished { border-top-color: var(--live); }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; }
        dt { color: #5f6b76; } dd { margin: 0; overflow-wrap: anywhere; }
        .counts { margin: 0; font-weight: 600; }
        .muted, .note { color: #5f6b76; } .note { font-size: .85em; max-width: 38em; } .error { color: var(--bad); }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: .8em; font-weight: 600; vertical-align: middle; white-space: nowrap; background: var(--off); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: .8em; text-transform: uppercase; letter-spacing: .03em; color: #5f6b76; white-space: nowrap; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.wide { width: 40%; } .meter { height: 10px; border-radius: 5px; min-width: 2px; }
        code { font: .85em ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
        .gantt { display: flex; flex-direction: column; gap: 4px; }
        .row { display: flex; align-items: center; gap: 8px; }
        .row .label { flex: 0 0 5.5em; font: 600 .85em ui-monospace, monospace; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        .row .label.critical { color: var(--bad); }
        .track { position: relative; flex: 1; height: 20px; background: repeating-linear-gradient(90deg, #f0f2f4 0 1px, transparent 1px 25%); border-radius: 4px; }
        .axis .track { background: none; height: 16px; font-size: .75em; color: #5f6b76; }
        .axis span { position: absolute; top: 0; white-space: nowrap; }
        .bar { position: absolute; top: 2px; bottom: 2px; border-radius: 4px; min-width: 3px; background: var(--off); }
        .bar.critical { box-shadow: 0 0 0 2px #1d2329; }
        .bar.redo { background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.35) 0 4px, transparent 4px 8px); }
        .bar.s-unfinished { background-image: repeating-linear-gradient(-45deg, rgba(255,255,255,.35) 0 4px, transparent 4px 8px); }
        svg.concurrency { display: block; width: 100%; height: 60px; background: #f0f2f4; border-radius: 4px; }
        svg.concurrency path { fill: rgba(21,101,192,.35); stroke: var(--live); stroke-width: 1.5; vector-effect: non-scaling-stroke; }
        .legend { font-size: .85em; color: #5f6b76; }
        .key { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin: 0 4px 0 10px; vertical-align: -1px; background: var(--off); }
        .key.redo { background-color: var(--ok); background-image: repeating-linear-gradient(45deg, rgba(255,255,255,.45) 0 3px, transparent 3px 6px); }
        ol.order { columns: 12em; margin: 0; }
        footer { font-size: .8em; padding: 4px 2px; }
        /* Status colours last: they win over .bar, .key and .badge. */
        .s-ok, .s-done, .s-completed, .s-merged, .s-passed, .s-pass { background: var(--ok); }
        .s-failed, .s-test-failed, .s-fail { background: var(--bad); }
        .s-timeout, .s-retry { background: var(--late); } .s-conflict { background: var(--conflict); }
        .s-unfinished, .s-running { background: var(--live); }
        td code { white-space: nowrap; overflow-wrap: normal; }
        @media (max-width: 600px) {
          main { padding: 8px; } section, header { padding: 10px; }
          .row .label { flex-basis: 4em; } .axis .minor { display: none; }
          th, td { padding: 5px 6px; } td.wide { display: none; } th.wide { display: none; }
        }
        """;
}
