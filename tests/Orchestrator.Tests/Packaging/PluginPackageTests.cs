using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Execution;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Packaging;

/// <summary>The packages as their users get them: the addin restored by a real <c>dotnet cake</c>, the tool installed by <c>dotnet tool install</c>.</summary>
public sealed class PluginPackageTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    [Fact]
    public async Task I_can_run_the_phases_as_tasks_of_my_own_cake_build_with_the_addin()
    {
        using var plan = new SmallPlan();
        var folder = plan.Repo.Root;
        WriteCakeBuild(folder, $$"""
            #addin nuget:?package=Cake.Orchestrator&version={{feed.Version}}&loaddependencies=true

            var settings = new OrchestratorSettings()
                .WithRepoPath("repo")
                .WithPlan("plan.json")
                .WithArtifacts("artifacts")
                .WithMaxConcurrent(2)
                .WithTestCommand("{{SmallPlan.TestCommand}}");

            Task("Gather").Does(() => OrchestratorPhase("0", settings));
            Task("Validate").IsDependentOn("Gather").Does(() => OrchestratorPhase("QuorumValidation", settings));
            Task("Plan").IsDependentOn("Validate").Does(() => OrchestratorPhase("Planning", settings));
            Task("Filter").IsDependentOn("Plan").Does(() => OrchestratorPhase("ContextFiltering", settings));
            Task("Execute").IsDependentOn("Filter").Does(() => OrchestratorPhase("ParallelExecution", settings));
            Task("Merge").IsDependentOn("Execute").Does(() =>
            {
                var result = OrchestratorPhase("Merge", settings);
                Information("merge result: {0} at {1}; tests passed: {2}", result.IntegrationBranch, result.IntegrationHead, result.TestsPassed);
                Information("report: {0} {1}", result.ReportPath, System.IO.File.ReadAllText(result.ReportPath).Contains(result.IntegrationHead.Substring(0, 12)));
            });
            Task("Mistake").Does(() =>
            {
                try
                {
                    OrchestratorRun(new OrchestratorSettings().WithRepoPath("repo").WithPlan("missing.json").WithArtifacts("other"));
                }
                catch (CakeException e)
                {
                    Information("caught: {0}", e.Message);
                }
            });
            Task("Report").IsDependentOn("Merge").IsDependentOn("Mistake").Does(() =>
            {
                var state = OrchestratorState("artifacts");
                Information("state: {0} on {1}", string.Join(", ", state.Tasks.Select(t => $"{t.Id}={t.Status}")), state.Merge.IntegrationBranch);
                OrchestratorStatus(settings);
            });
            Task("Tidy").IsDependentOn("Report").Does(() => OrchestratorCleanup(settings.WithAll()));

            RunTarget("Tidy");
            """);

        var build = await ChildRun.RunAsync("dotnet", ["cake", "build.cake"], folder, timeout: TimeSpan.FromMinutes(5));

        build.ExitCode.Should().Be(0, build.ToString());
        var integration = plan.Repo.Git("for-each-ref", "--format=%(refname:short)", "refs/heads/orchestrator/*/integration");
        integration.Should().MatchRegex(@"^orchestrator/\S+/integration$");
        plan.Repo.Git("show", $"{integration}:a.txt").Should().Be("alpha");
        plan.Repo.Git("show", $"{integration}:b.txt").Should().Be("beta");
        plan.Repo.Git("show", $"{integration}:c.txt").Should().Be("alpha\nbeta");
        var head = plan.Repo.Git("rev-parse", integration);
        build.Output.Should().Contain($"merge result: {integration} at {head}; tests passed: True");
        var runId = integration.Split('/')[1];
        build.Output.Should().Contain($"report: {Path.Combine(folder, "artifacts", "reports", runId + ".html")} True", "each alias writes the run's report, as the command line does");
        File.ReadAllText(Path.Combine(folder, "artifacts", "report.html")).Should().Contain(head[..12]);
        build.Output.Should().Contain($"state: T1=merged, T2=merged, T3=merged on {integration}");
        var cli = OrchestratorCli.Run(folder, ["--repo-path", "repo", "--plan", "missing.json", "--artifacts", "other"]);
        cli.ExitCode.Should().Be(2);
        build.Output.Should().Contain("caught: " + cli.StandardError.Trim()["error: ".Length..]);
        plan.PhaseFiles().Should().HaveCount(6, "each of the build's tasks ran one phase of the same run");
        build.Output.Should().MatchRegex(@"phase Merge +ok", "OrchestratorStatus logs the run's phases");
        plan.Repo.Git("branch", "--list", "orchestrator/*").Trim().Should().Be(integration, "OrchestratorCleanup with All deletes the task branches and keeps the result");
    }

    [Fact]
    public void The_addin_package_ships_the_engine_and_declares_every_dependency_but_cake()
    {
        var (files, nuspec) = feed.Open("Cake.Orchestrator");

        files.Where(f => f.StartsWith("lib/", StringComparison.Ordinal))
            .Should().BeEquivalentTo("lib/net10.0/Cake.Orchestrator.dll", "lib/net10.0/Orchestrator.Engine.dll");
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Field("tags").Split(' ').Should().Contain("cake-addin");
        Field("license").Should().Be("MIT");
        Field("readme").Should().Be("README.md");
        files.Should().Contain("README.md");
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value);
        dependencies.Should().BeEquivalentTo("Markdig", "Microsoft.Extensions.FileSystemGlobbing", "Newtonsoft.Json", "Polly.Core");
    }

    [Fact]
    public void The_tool_package_carries_cake_and_spectre_since_no_cake_tool_is_there_when_it_runs()
    {
        var (files, nuspec) = feed.Open("Orchestrator.Tool");

        files.Should().Contain(new[] { "Cake.Core.dll", "Cake.Common.dll", "Cake.Cli.dll", "Spectre.Console.dll", "Orchestrator.Engine.dll", "Orchestrator.Serve.dll", "orchestrator.dll" }
            .Select(f => $"tools/net10.0/any/{f}"));
        files.Should().Contain("tools/net10.0/any/samples/bookshelf/specs/001-bookshelf/tasks.md", "with no arguments it runs the bundled sample");
        nuspec.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value.Should().Be("DotnetTool");
    }

    [Fact]
    public async Task I_can_install_the_tool_and_run_it_like_build_sh()
    {
        using var plan = new SmallPlan();
        var tools = Path.Combine(plan.Repo.Root, "tools");
        var install = await ChildRun.RunAsync(
            "dotnet", ["tool", "install", "--tool-path", tools, "--add-source", feed.Folder, "--version", feed.Version, "Orchestrator.Tool"], plan.Repo.Root);
        install.ExitCode.Should().Be(0, install.ToString());
        var orchestrator = Path.Combine(tools, "orchestrator");

        var run = await ChildRun.RunAsync(orchestrator, plan.Args("--target=Planning"), plan.Repo.Root);

        run.ExitCode.Should().Be(0, run.ToString());
        run.StandardOutput.Should().MatchRegex(@"Run \S+ done: Planning done \(3 tasks in 2 batches\); no task run yet");
        plan.PhaseFiles().Should().Equal("00-ContextGathering.json", "01-QuorumValidation.json", "02-Planning.json");
        var help = await ChildRun.RunAsync(orchestrator, ["--help"], plan.Repo.Root);
        help.StandardOutput.Should().Be(OrchestratorCli.Run(plan.Repo.Root, ["--help"]).StandardOutput);
        var mistake = await ChildRun.RunAsync(orchestrator, plan.Args("--max-concurrent=0"), plan.Repo.Root);
        mistake.ExitCode.Should().Be(2);
        mistake.StandardError.Should().Be(OrchestratorCli.Run(plan.Repo.Root, plan.Args("--max-concurrent=0")).StandardError);
    }

    [Fact]
    public void Ctrl_c_in_my_cake_build_stops_the_running_agents_and_says_how_to_go_on()
    {
        using var repo = new TempRepo("cake-stop");
        repo.Write("README.md", "# stop\n").Commit("base");
        repo.WriteScratch("plan.json", """
            {
              "tasks": [
                { "id": "T1", "description": "Wait a minute in one.txt", "files": ["one.txt"], "parallel": true, "command": "sleep 60" },
                { "id": "T2", "description": "Wait a minute in two.txt", "files": ["two.txt"], "parallel": true, "command": "sleep 60" }
              ]
            }
            """);
        WriteCakeBuild(repo.Root, $$"""
            #addin nuget:?package=Cake.Orchestrator&version={{feed.Version}}&loaddependencies=true
            Task("Agents").Does(() => OrchestratorRun(new OrchestratorSettings().WithRepoPath("repo").WithPlan("plan.json").WithRetries(0)));
            RunTarget("Agents");
            """);
        using var build = new RunningHost(ChildRun.Start("setsid", ["dotnet", "cake", "build.cake"], repo.Root));
        build.WaitForOutput("T2 started");
        build.WaitForOutput("T1 started");

        ChildRun.SignalGroup(build.Process, "INT");

        build.WaitForExit().Should().Be(1, build.Output);
        build.Output.Should().Contain("Error: cancelled; run again with --resume (and the same --artifacts) to go on");
        build.Output.Should().MatchRegex(@"Run \S+ stopped", "the closing line says the run was stopped");
        var journal = File.ReadAllLines(Path.Combine(repo.Root, "artifacts", "phase-state", "journal.jsonl")).Select(JObject.Parse).ToList();
        journal.Where(e => (string)e["status"]! == "cancelled").Select(e => (string)e["task"]!).Should().BeEquivalentTo("T1", "T2");
        journal.Should().NotContain(e => (string)e["status"]! == "completed", "the agents were stopped, not waited for");
    }

    /// <summary>A user's build folder: the Cake tool manifest, a NuGet.Config naming the feed, and the script.</summary>
    private void WriteCakeBuild(string folder, string script)
    {
        Directory.CreateDirectory(Path.Combine(folder, ".config"));
        File.Copy(Path.Combine(feed.RepositoryRoot, ".config", "dotnet-tools.json"), Path.Combine(folder, ".config", "dotnet-tools.json"));
        File.WriteAllText(Path.Combine(folder, "NuGet.Config"), feed.NuGetConfig);
        File.WriteAllText(Path.Combine(folder, "build.cake"), script);
        var restore = ChildRun.RunAsync("dotnet", ["tool", "restore"], folder).GetAwaiter().GetResult();
        restore.ExitCode.Should().Be(0, restore.ToString());
    }
}
