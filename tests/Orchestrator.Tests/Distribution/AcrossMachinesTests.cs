using System.Diagnostics;
using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Distribution;

/// <summary>A run planned on one machine, its shards run by three workers in three clones at once, merged on a fourth.</summary>
public sealed class AcrossMachinesTests
{
    // Three chains (A, B, C) with edges between them; B1 fails, so B2 (same shard) and C3 (another shard) are blocked.
    private const string Plan = """
        {
          "tasks": [
            { "id": "A1", "description": "a1" },
            { "id": "A2", "description": "a2", "depends_on": ["A1"] },
            { "id": "A3", "description": "a3", "depends_on": ["A2"] },
            { "id": "B1", "description": "b1" },
            { "id": "B2", "description": "b2", "depends_on": ["B1", "A1"] },
            { "id": "C1", "description": "c1" },
            { "id": "C2", "description": "c2", "depends_on": ["C1", "A2"] },
            { "id": "C3", "description": "c3", "depends_on": ["C2", "B1"] }
          ]
        }
        """;

    // Deterministic: each task writes the files it found (so what it built on is in the result too); B1 fails.
    private const string Agent = """sleep 0.3; test "$ORCH_TASK_ID" != B1 && { ls *.txt 2>/dev/null | tr '\n' ' '; echo; } > "$ORCH_TASK_ID.txt" """;

    [Fact]
    public async Task Shards_on_three_machines_merge_into_what_one_machine_makes()
    {
        using var remote = new SharedRemote(Plan);
        var planner = remote.Clone("planner");
        var planning = await OrchestratorCli.RunAsync(remote.Root, [
            .. remote.MachineArgs("planner"), "--target=ContextFiltering", "--run-id=r17", "--plan", Path.Combine(planner, "plan.json"),
            "--agent-command", Agent, "--retries=0", "--wait-timeout=90", "--shards=3", "--emit=github-matrix"]);
        planning.ExitCode.Should().Be(0, planning.ToString());
        var matrix = JObject.Parse(planning.StandardOutput)["include"]!.ToList();
        matrix.Select(m => (string)m["shard"]!).Should().Equal("1/3", "2/3", "3/3");
        matrix.SelectMany(m => ((string)m["tasks"]!).Split(',')).Should().BeEquivalentTo(["A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3"]);
        remote.RemoteGit("rev-parse", "refs/orchestrator/r17/plan").Should().NotBeEmpty("the plan job publishes the run");

        var workers = Enumerable.Range(1, 3).Select(i => (Machine: $"worker{i}", Shard: $"{i}/3")).ToList();
        workers.ForEach(w => remote.Clone(w.Machine));
        IEnumerable<string> WorkerArgs((string Machine, string Shard) w) =>
            ["--only-phase=ParallelExecution", "--run-id=r17", .. remote.MachineArgs(w.Machine), $"--shard={w.Shard}"];
        var running = workers.Select(w => OrchestratorCli.Start(remote.Root, WorkerArgs(w))).ToList();

        // The shard holding A1 is killed once A1 reached the remote, and run again.
        var shardOfA1 = matrix.FindIndex(m => ((string)m["tasks"]!).Split(',').Contains("A1"));
        var a1 = await RecordOnRemoteAsync(remote, "A1");
        running[shardOfA1].Kill(entireProcessTree: true);
        await running[shardOfA1].WaitForExitAsync();
        running[shardOfA1].Dispose();
        running[shardOfA1] = OrchestratorCli.Start(remote.Root, WorkerArgs(workers[shardOfA1]));
        var results = await Task.WhenAll(running.Select((p, i) => ChildRun.WaitAsync(p, null, TimeSpan.FromMinutes(2), workers[i].Machine)));
        results.Should().Contain(r => r.ExitCode == 1 && r.Output.Contains("B1 failed"), string.Join("\n", results.Select(r => r.ToString())));
        results.Should().Contain(r => r.ExitCode == 0 && r.Output.Contains("more run on other machines"), "a shard whose tasks all completed succeeds");

        remote.Clone("merger");
        var merged = await OrchestratorCli.RunAsync(remote.Root, ["--only-phase=Merge", "--run-id=r17", .. remote.MachineArgs("merger")]);
        merged.ExitCode.Should().Be(1, "B1 failed and its dependents were blocked: " + merged);

        var single = remote.Clone("single");
        var alone = await OrchestratorCli.RunAsync(remote.Root, [
            "--repo-path", single, "--artifacts", remote.Artifacts("single"), "--run-id=solo", "--plan", Path.Combine(single, "plan.json"),
            "--agent-command", Agent, "--retries=0"]);
        alone.ExitCode.Should().Be(1, alone.ToString());

        var integration = remote.RemoteGit("rev-parse", "refs/heads/orchestrator/r17/integration^{tree}");
        integration.Should().Be(TempRepo.GitIn(single, "rev-parse", "orchestrator/solo/integration^{tree}"));
        var subjects = remote.RemoteGit("log", "--format=%s", "refs/heads/orchestrator/r17/integration").Split('\n');
        foreach (var task in new[] { "A1", "A2", "A3", "C1", "C2" })
        {
            subjects.Count(s => s.StartsWith(task + ":", StringComparison.Ordinal)).Should().Be(1, $"{task} was committed once");
        }

        remote.RemoteGit("rev-parse", "refs/heads/orchestrator/r17/A1").Should().Be(a1, "the killed shard kept A1's commit when it ran again");
        var tasks = JObject.Parse(File.ReadAllText(Path.Combine(remote.Artifacts("merger"), "phase-state", "04-ParallelExecution.json")))["output_data"]!["tasks"]!
            .ToDictionary(t => (string)t["id"]!, t => (Status: (string)t["status"]!, Error: (string?)t["error"]));
        tasks["B1"].Status.Should().Be("failed");
        tasks["B2"].Status.Should().Be("blocked");
        tasks["C3"].Should().Be(("blocked", "blocked by B1 (failed on another machine)"));
    }

    /// <summary>The commit of a task's record's parent (its work) once the record reached the remote.</summary>
    private static async Task<string> RecordOnRemoteAsync(SharedRemote remote, string task)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            var listed = remote.RemoteGit("for-each-ref", "--format=%(objectname)", $"refs/orchestrator/r17/journal/{task}");
            if (listed.Length > 0)
            {
                return remote.RemoteGit("rev-parse", listed + "^");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{task} never reached the remote");
    }
}
