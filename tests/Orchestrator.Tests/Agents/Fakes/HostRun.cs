using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>The real host as a child process, like <see cref="OrchestratorCli"/>, with extra environment variables.</summary>
public static class HostRun
{
    public static Task<CliResult> RunAsync(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment) =>
        OrchestratorCli.RunAsync(workingDirectory, args, timeout: TimeSpan.FromMinutes(5), environment: environment);
}
