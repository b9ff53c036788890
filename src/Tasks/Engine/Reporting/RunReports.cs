using Orchestrator.Pipeline;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Reporting;

/// <summary>
/// Writes the latest run's HTML report, <c>reports/&lt;run-id&gt;.html</c> and <c>report.html</c>, from its saved state
/// and journal: at the end of every run, and again by the Report target.
/// </summary>
public static class RunReports
{
    /// <summary>The picture of the latest run in <paramref name="artifactsPath"/>, or null when none is saved.</summary>
    public static RunPicture? Read(string artifactsPath, IReadOnlyList<PhaseDeclaration> phases) =>
        new StateStore(Path.Combine(artifactsPath, RunLayout.StateFolder), RunLayout.StateFile).LoadLatest() is { } state
            ? Of(state, artifactsPath, phases)
            : null;

    /// <summary>The picture of a run whose state is at hand (the one that just ran: state.json is not read back).</summary>
    public static RunPicture Of(RunState state, string artifactsPath, IReadOnlyList<PhaseDeclaration> phases)
    {
        var layout = new RunLayout(artifactsPath, state.RunId);
        var journal = new TaskJournal(layout.StateDirectory).ReadAll().Where(e => e.RunId == state.RunId).ToList();
        return RunPicture.Of(state, phases, journal, layout);
    }

    /// <summary>
    /// Writes both copies of the report, each streamed to its file and redacted as it goes (the page of a large run is
    /// never one string); returns the path of the run's own.
    /// </summary>
    public static string Write(string artifactsPath, RunPicture run)
    {
        var layout = new RunLayout(artifactsPath, run.RunId);
        var secrets = Agents.SecretRedactor.FromEnvironment(); // the picture may come from the state in memory, not yet redacted
        Directory.CreateDirectory(layout.ReportsDirectory);
        AtomicFile.Write(layout.ReportFile, file => Redacted(file, secrets, page => HtmlReport.Render(run, "../", page)), durable: false);
        // The copy is of the page just redacted; taking "../" off its log links cannot make a secret.
        AtomicFile.Write(layout.LatestReport, file =>
        {
            using var inReports = new StreamReader(layout.ReportFile);
            HtmlReport.CopyBesideArtifacts(inReports, file);
        }, durable: false);
        return layout.ReportFile;
    }

    /// <summary>
    /// The end of every run, on the command line and in the addin alike: the report of the run just ended written and its
    /// path logged; a report that cannot be written is a warning, not a failure of the run. Null when it was not written.
    /// </summary>
    public static RunPicture? WriteAtEnd(RunState state, string artifactsPath, IReadOnlyList<PhaseDeclaration> phases, IRunLog log)
    {
        try
        {
            var picture = Of(state, artifactsPath, phases);
            log.Info($"Report: {Write(artifactsPath, picture)}");
            return picture;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Warning($"the report was not written: {ex.Message}");
            return null;
        }
    }

    /// <summary>The Report target: the latest run's report made again from what was saved.</summary>
    public static Task RebuildAsync(RunRequest request, IReadOnlyList<PhaseDeclaration> phases, IRunLog log, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var run = Read(request.ArtifactsPath, phases)
            ?? throw new InputException($"Report: no saved run in {Path.Combine(request.ArtifactsPath, RunLayout.StateFolder)}");
        log.Info($"Report: {Write(request.ArtifactsPath, run)} (and {new RunLayout(request.ArtifactsPath, run.RunId).LatestReport})");
        return Task.CompletedTask;
    }

    private static void Redacted(TextWriter file, Agents.SecretRedactor secrets, Action<TextWriter> write)
    {
        using var page = new Agents.RedactingWriter(file, secrets);
        write(page);
    }
}
