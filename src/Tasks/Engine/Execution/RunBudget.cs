using System.Globalization;
using Orchestrator.Agents;
using Orchestrator.Runs;
using Orchestrator.State;

namespace Orchestrator.Execution;

/// <summary>
/// The run's spend against <c>--max-cost-usd</c> and <c>--max-tokens</c>: what every attempt's agent reported, in this
/// invocation and the earlier ones of the run (from the journal). Once the budget is reached <see cref="Starts"/> is
/// cancelled: no new task starts, the running ones finish.
/// </summary>
internal sealed class RunBudget : IDisposable
{
    private readonly object _gate = new();
    private readonly RunSettings _settings;
    private readonly IRunLog _log;
    private readonly CancellationTokenSource _starts;
    private decimal _cost;
    private long _tokens;

    public RunBudget(PhaseContext run, IEnumerable<TaskEvent> journal, CancellationToken cancellation)
    {
        _settings = run.Settings;
        _log = run.Log;
        _starts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        foreach (var spent in journal.Where(e => e.RunId == run.RunId && e.Phase is null && e.Status != TaskRunStatus.Running))
        {
            _cost += spent.CostUsd ?? 0;
            _tokens += (spent.InputTokens ?? 0) + (spent.OutputTokens ?? 0);
        }

        if (Reached)
        {
            _log.Warning($"The run's budget is already reached: {Spent}; no task starts (raise it with --resume {Limits})");
            _starts.Cancel();
        }
    }

    /// <summary>Cancelled when the run is, or when the budget is reached.</summary>
    public CancellationToken Starts => _starts.Token;

    public bool Reached
    {
        get
        {
            lock (_gate)
            {
                return (_settings.MaxCostUsd is { } cost && _cost >= cost) || (_settings.MaxTokens is { } tokens && _tokens >= tokens);
            }
        }
    }

    /// <summary>"spent 0.31 USD and 1,240 tokens of --max-cost-usd=0.25".</summary>
    public string Spent
    {
        get
        {
            lock (_gate)
            {
                return $"spent {_cost.ToString("0.######", CultureInfo.InvariantCulture)} USD and {_tokens} tokens of {Limits}";
            }
        }
    }

    private string Limits => string.Join(" ", new[]
    {
        _settings.MaxCostUsd is { } cost ? $"--max-cost-usd={cost.ToString(CultureInfo.InvariantCulture)}" : null,
        _settings.MaxTokens is { } tokens ? $"--max-tokens={tokens}" : null,
    }.OfType<string>());

    /// <summary>Adds what one attempt used; the first time the budget is reached, says so and stops new starts.</summary>
    public void Add(AgentUsage? usage)
    {
        if (usage is null || (_settings.MaxCostUsd is null && _settings.MaxTokens is null))
        {
            return;
        }

        bool wasReached = Reached;
        lock (_gate)
        {
            _cost += usage.CostUsd ?? 0;
            _tokens += usage.InputTokens + usage.OutputTokens;
        }

        if (!wasReached && Reached)
        {
            _log.Warning($"Budget reached: {Spent}; no new task starts, the running ones finish");
            _starts.Cancel();
        }
    }

    public void Dispose() => _starts.Dispose();
}
