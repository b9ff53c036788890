using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Execution;

namespace Orchestrator.Tests.Runs;

/// <summary>The saved state is the run: a later invocation goes on with the settings and plan the run started with.</summary>
public sealed class SavedRunTests : IDisposable
{
    private readonly SavedRunRepo _repo = new();

    [Fact]
    public void I_can_resume_a_killed_run_with_no_other_flag_and_it_keeps_its_settings()
    {
        using (var host = _repo.Exec.Start(_repo.NewRunArgs("-c", "2")))
        {
            _repo.Exec.WaitForJournal(e => (string)e["task"]! == "T1" && (string)e["status"]! == "completed", host: host.Process);
            _repo.Exec.WaitForJournal(e => (string)e["task"]! == "T2" && (string)e["status"]! == "running", host: host.Process);
            host.Process.Kill();
            host.Process.WaitForExit();
            host.Process.ExitCode.Should().NotBe(0, "the run was killed mid-way");
        }

        _repo.ReleaseT2();

        var result = _repo.Cli("--resume", "--artifacts", _repo.Artifacts);

        result.ExitCode.Should().Be(0, result.ToString());
        var settings = _repo.State()["settings"]!;
        settings["max_concurrent"]!.Value<int>().Should().Be(2);
        settings["agent_command"]!.Value<string>().Should().Be(_repo.AgentCommand);
        settings["test_command"]!.Value<string>().Should().Be(SavedRunRepo.TestCommand);
        _repo.PhaseFile("04-ParallelExecution.json")["output_data"]!["max_concurrent"]!.Value<int>().Should().Be(2, "-c 2 was restored");
        var merge = _repo.PhaseFile("05-Merge.json")["output_data"]!;
        merge["test_runs"]!.Value<int>().Should().BeGreaterThan(0, "the saved test command ran on the merged result");
        merge["tests"]!["passed"]!.Value<bool>().Should().BeTrue();
        merge["merged"]!.Values<string>().Should().BeEquivalentTo("T1", "T2", "T3");
        _repo.Exec.Journal().Count(e => (string)e["task"]! == "T1" && (string)e["status"]! == "completed").Should().Be(1, "T1 is not run again");
    }

    [Fact]
    public void A_flag_given_again_on_resume_overrides_its_saved_value_and_says_so()
    {
        _repo.ReleaseT2();
        _repo.Cli([.. _repo.NewRunArgs("-c", "2", "--stop-after-phase=3")]).ExitCode.Should().Be(0);

        var result = _repo.Cli("--resume", "--artifacts", _repo.Artifacts, "-c", "1");

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should().Contain("--max-concurrent=1 overrides the saved 2");
        _repo.State()["settings"]!["max_concurrent"]!.Value<int>().Should().Be(1);
        _repo.PhaseFile("04-ParallelExecution.json")["output_data"]!["max_concurrent"]!.Value<int>().Should().Be(1);
    }

    [Fact]
    public void Merge_alone_runs_the_tests_the_run_was_started_with()
    {
        _repo.ReleaseT2();
        _repo.Cli([.. _repo.NewRunArgs("--target=ParallelExecution")]).ExitCode.Should().Be(0);

        var result = _repo.Cli("--only-phase=Merge", "--artifacts", _repo.Artifacts);

        result.ExitCode.Should().Be(0, result.ToString());
        var merge = _repo.PhaseFile("05-Merge.json")["output_data"]!;
        merge["tests"]!.Type.Should().NotBe(JTokenType.Null, "the saved --test-command is restored");
        merge["test_runs"]!.Value<int>().Should().BeGreaterThan(0);
    }

    [Fact]
    public void Resuming_with_a_plan_whose_content_changed_is_refused_naming_both_files()
    {
        _repo.Cli([.. _repo.NewRunArgs("--stop-after-phase=1")]).ExitCode.Should().Be(0);
        var changed = Path.Combine(_repo.Exec.Repo.Root, "changed.json");
        File.WriteAllText(changed, File.ReadAllText(_repo.Exec.PlanPath).Replace("Write T3.txt", "Write T3.txt twice"));

        var result = _repo.Cli("--resume", "--artifacts", _repo.Artifacts, "--plan", changed);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Split('\n').Should().ContainSingle()
            .Which.Should().Contain(changed).And.Contain(_repo.Exec.PlanPath).And.Contain("--resume");
        _repo.State()["settings"]!["plan_path"]!.Value<string>().Should().Be(_repo.Exec.PlanPath, "nothing was changed");
    }

    [Fact]
    public void A_setting_that_held_a_secret_is_not_saved_and_must_be_given_again()
    {
        var name = $"ORCH_SPEC_{Guid.NewGuid():N}_TOKEN".ToUpperInvariant();
        var secret = $"s3cr3t-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, secret);
        try
        {
            _repo.ReleaseT2();
            var command = $"{_repo.AgentCommand} {secret}";
            _repo.Cli([.. _repo.NewRunArgsWith(command, "--stop-after-phase=2")]).ExitCode.Should().Be(0);
            File.ReadAllText(Path.Combine(_repo.StateDirectory, "state.json")).Should().NotContain(secret);
            _repo.State()["settings"]!["redacted"]!.Values<string>().Should().Contain("agent_command");

            var refused = _repo.Cli("--resume", "--artifacts", _repo.Artifacts);
            refused.ExitCode.Should().Be(2, refused.ToString());
            refused.StandardError.Should().Contain("--agent-command: the run's saved value held a secret");

            _repo.Cli("--resume", "--artifacts", _repo.Artifacts, "--agent-command", command).ExitCode.Should().Be(0);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    public void Dispose() => _repo.Dispose();
}
