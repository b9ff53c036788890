using System.Diagnostics;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Plans;

/// <summary>
/// The real-world corpus in ../shared/specs-real (27 tasks.md files from 26 public repositories, with facts derived
/// independently in expected.json): its own check.sh runs Planning on each through this build's host.
/// </summary>
public class RealTasksFilesTests
{
    [Fact]
    public void Every_real_tasks_file_of_the_corpus_is_parsed_exactly()
    {
        var corpus = Path.Combine(Architecture.EngineLayoutTests.RepositoryRoot(), "..", "shared", "specs-real");
        File.Exists(Path.Combine(corpus, "check.sh")).Should().BeTrue($"the corpus is expected beside the checkout, in {corpus}");
        using var checkout = new TempRepo("specs-real-host");
        var host = Path.Combine(checkout.Root, "build.sh");
        File.WriteAllText(host, $"#!/bin/sh\nexec dotnet '{OrchestratorCli.HostDll}' \"$@\"\n");
        Run("chmod", "+x", host).ExitCode.Should().Be(0);

        var (exitCode, output) = Run("bash", Path.Combine(corpus, "check.sh"), checkout.Root);

        exitCode.Should().Be(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Where(l => l.StartsWith("DIFF", StringComparison.Ordinal)).Should().BeEmpty();
        lines.Should().Contain(l => l.StartsWith("real tasks.md: 27/27 parsed exactly; tasks found 2209/2209 expected", StringComparison.Ordinal), output);
    }

    private static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
