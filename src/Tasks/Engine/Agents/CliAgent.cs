using Orchestrator.Processes;

namespace Orchestrator.Agents;

/// <summary>The argv (never a shell string) and standard input an agent CLI is started with.</summary>
public sealed record AgentCommand(IReadOnlyList<string> Arguments, string? StandardInput = null);

/// <summary>
/// An agent CLI in its documented headless mode: renders the prompt, starts the program in the worktree with the
/// inherited environment and a private TMPDIR, and reads its structured result instead of trusting the exit code.
/// </summary>
public abstract class CliAgent(AgentSettings settings) : IAgent
{
    public abstract string Name { get; }

    public AgentSettings Settings { get; } = settings;

    public string Program => Settings.Program ?? DefaultProgram;

    protected abstract string DefaultProgram { get; }

    /// <summary>What this agent is told beyond the common prompt body.</summary>
    public virtual string Instructions => "";

    public abstract AgentCommand BuildCommand(string prompt, AgentInvocation invocation);

    /// <summary>Success, error text, final answer and usage from what the CLI printed.</summary>
    public abstract AgentResult ParseResult(ProcessResult process);

    protected virtual IReadOnlyDictionary<string, string?> Environment(AgentInvocation invocation) => new Dictionary<string, string?>();

    public async Task<AgentResult> RunAsync(AgentInvocation invocation, CancellationToken cancellation)
    {
        var prompt = PromptTemplate.Render(Settings.RepoPath, Name, File.ReadAllText(invocation.PromptFile), Instructions, invocation);
        State.AtomicFile.WriteAllText(Path.ChangeExtension(invocation.PromptFile, $".{Name}.md"), prompt);
        var command = BuildCommand(prompt, invocation);
        var temp = Directory.CreateTempSubdirectory($"orch-{Name}-").FullName;
        using var log = new TaskLog(invocation.LogPath, invocation.MaxLogBytes, invocation.OnLogLine);
        try
        {
            var environment = new Dictionary<string, string?>(Environment(invocation))
            {
                ["TMPDIR"] = temp,
                ["ORCH_TASK_ID"] = invocation.TaskId,
                [TaskProcesses.MarkerName] = TaskProcesses.MarkerValue(invocation.Worktree),
            };
            var spec = new ProcessSpec(Program, command.Arguments)
            {
                WorkingDirectory = invocation.Worktree,
                Timeout = invocation.Timeout,
                StandardInput = command.StandardInput,
                Environment = environment,
                OnOutputLine = line =>
                {
                    log.Write("stdout", line);
                    if (this is IResumableAgent resumable && invocation.OnSessionId is { } told && resumable.SessionIdIn(line) is { } session)
                    {
                        told(session);
                    }
                },
                OnErrorLine = line => log.Write("stderr", line),
            };
            log.Write("orchestrator", $"{Name}: {Describe(spec)} in {invocation.Worktree}");
            ProcessResult process;
            string? broken = null;
            try
            {
                (process, broken) = this is IBrokenStartRecognizer recognizer
                    ? await BrokenStarts.RunAsync(recognizer, Name, spec, log, cancellation)
                    : (await ChildProcess.RunAsync(spec, cancellation), null);
            }
            catch (ProcessStartException ex)
            {
                var message = $"{ex.Message} (set --agent-path or \"path\" in {AgentSettings.ConfigFile})";
                log.Write("orchestrator", message);
                return new AgentResult(false, null, message);
            }

            log.Write("orchestrator", $"exit {process.ExitCode} after {process.Duration.TotalSeconds:0.0}s");
            var result = process switch
            {
                _ when broken is not null => new AgentResult(false, process.ExitCode, $"{Name} could not start properly {BrokenStarts.MaxStarts} times: {broken}"),
                { TimedOut: true } => new AgentResult(false, process.ExitCode, $"timed out after {invocation.Timeout!.Value.TotalSeconds:0.#}s") { TimedOut = true },
                { Cancelled: true } => new AgentResult(false, process.ExitCode, "cancelled") { Cancelled = true },
                _ => WithRateLimit(ParseResult(process), process),
            };
            if (result.Usage is { } usage)
            {
                log.Write("orchestrator", $"usage: {usage.InputTokens} in, {usage.OutputTokens} out, cost {usage.CostUsd?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"} USD, {usage.Turns} turns");
            }

            return result with { Error = log.Redact(result.Error), ResultText = log.Redact(result.ResultText) };
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private AgentResult WithRateLimit(AgentResult result, ProcessResult process) =>
        !result.Success && this is IRateLimitRecognizer recognizer && recognizer.RateLimitIn(process, result) is { } limit
            ? result with { RateLimit = limit }
            : result;

    /// <summary>Model and extra arguments as configured, the extra ones last so they can override defaults.</summary>
    protected IEnumerable<string> ModelAndExtraArguments(string modelFlag = "--model") =>
        (Settings.Model is { } model ? [modelFlag, model] : Array.Empty<string>()).Concat(Settings.ExtraArguments);

    /// <summary>Linux caps one argv element at 128 KiB; longer prompts go through stdin where the CLI reads it there.</summary>
    public static bool FitsInArgument(string prompt) => System.Text.Encoding.UTF8.GetByteCount(prompt) <= 100_000;

    protected bool ExtraArgumentsMention(string flag) =>
        Settings.ExtraArguments.Any(a => a == flag || a.StartsWith(flag + "=", StringComparison.Ordinal));

    /// <summary>The command line for the log, with the (long) prompt shortened.</summary>
    private static string Describe(ProcessSpec spec) =>
        new ProcessSpec(spec.FileName, spec.Arguments.Select(a => a.Length > 80 ? $"<prompt, {a.Length} chars>" : a).ToList()).ToString();

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A socket or file an agent's helper still holds; the OS temp cleaner gets it.
        }
    }
}
