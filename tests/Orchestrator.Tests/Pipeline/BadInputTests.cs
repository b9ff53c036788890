using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Pipeline;

public sealed class BadInputTests : IDisposable
{
    private readonly SmallPlan _plan = new();

    [Theory]
    [InlineData("--no-such-flag", "--no-such-flag")]
    [InlineData("--max-concurrent=zero", "--max-concurrent")]
    [InlineData("-c=-3", "--max-concurrent")]
    [InlineData("--timeout=soon", "--timeout")]
    [InlineData("--only-phase=7", "--only-phase")]
    [InlineData("--skip-phases=0,Compile", "--skip-phases")]
    [InlineData("--target=Deploy", "--target")]
    [InlineData("--verbosity=loud", "--verbosity")]
    public void A_bad_flag_exits_2_with_one_line_naming_it(string flag, string named)
    {
        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.Args(flag));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Split('\n').Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain(named);
        Directory.Exists(_plan.StateDirectory).Should().BeFalse("nothing runs on bad input");
    }

    [Fact]
    public void A_cyclic_plan_is_rejected_with_the_cycle_named()
    {
        var plan = _plan.Repo.WriteScratch("cyclic.json", """
            { "tasks": [
              { "id": "T001", "description": "one", "files": ["a"] },
              { "id": "T003", "description": "three", "files": ["c"], "depends_on": ["T005"] },
              { "id": "T005", "description": "five", "files": ["e"], "depends_on": ["T003"] }
            ] }
            """);

        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan($"--plan={plan}"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Should().Contain("T003 -> T005 -> T003").And.NotContain("Exception");
    }

    [Fact]
    public void A_corrupt_state_file_is_rejected_naming_the_file()
    {
        var corrupt = _plan.Repo.WriteScratch("state.json", "{ \"run_id\": \"x\", \"phases_executed\": [ {");

        var result = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan($"--load-phase-state={corrupt}", "--only-phase=4"));

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain(corrupt).And.Contain("corrupt");
    }

    [Fact]
    public void A_folder_that_is_not_a_repository_is_rejected()
    {
        var notRepo = Directory.CreateDirectory(Path.Combine(_plan.Repo.Root, "plain")).FullName;

        var result = OrchestratorCli.Run(_plan.Repo.Root, ["--repo-path", notRepo, "--plan", _plan.PlanPath, "--artifacts", _plan.Repo.Artifacts]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("--repo-path").And.Contain("not a git repository");
    }

    [Fact]
    public void A_json_plan_on_standard_input_is_read_and_its_errors_are_named()
    {
        var good = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--plan=-", "--target=Planning"), File.ReadAllText(_plan.PlanPath));
        good.ExitCode.Should().Be(0, good.ToString());

        var bad = OrchestratorCli.Run(_plan.Repo.Root, _plan.ArgsWithoutPlan("--plan=-"), "{ \"tasks\": [ { \"id\": 5 } ] }");
        bad.ExitCode.Should().Be(2, bad.ToString());
        bad.StandardError.Should().Contain("-:1");
    }

    [Theory]
    [InlineData("bare", "is a bare repository")]
    [InlineData("empty", "has no commit to start from")]
    [InlineData("git-folder", "has no work tree")]
    public void A_repository_path_that_is_not_a_checkout_with_a_commit_is_rejected_naming_why(string kind, string named)
    {
        var path = kind switch
        {
            "bare" => NewRepository("bare.git", "--bare"),
            "empty" => NewRepository("empty"),
            _ => Path.Combine(_plan.Repo.RepoPath, ".git"),
        };

        var result = OrchestratorCli.Run(_plan.Repo.Root, ["--repo-path", path, "--plan", _plan.PlanPath, "--artifacts", _plan.Repo.Artifacts]);

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain("--repo-path").And.Contain(named);
        Directory.Exists(_plan.StateDirectory).Should().BeFalse("nothing runs on bad input");
    }

    [Fact]
    public void A_repository_path_inside_a_checkout_runs_on_the_whole_checkout_from_its_last_commit()
    {
        var inside = Directory.CreateDirectory(Path.Combine(_plan.Repo.RepoPath, "docs", "notes")).FullName;

        var result = OrchestratorCli.Run(_plan.Repo.Root, ["--repo-path", inside, "--plan", _plan.PlanPath, "--artifacts", _plan.Repo.Artifacts, "--target=Planning"]);

        result.ExitCode.Should().Be(0, result.ToString());
        var state = _plan.State();
        state["repo_path"]!.ToString().Should().Be(_plan.Repo.Git("rev-parse", "--show-toplevel").Trim());
        state["base_commit"]!.ToString().Should().Be(_plan.Repo.Git("rev-parse", "HEAD").Trim());
    }

    private string NewRepository(string name, params string[] options)
    {
        var path = Directory.CreateDirectory(Path.Combine(_plan.Repo.Root, name)).FullName;
        TempRepo.GitIn(path, ["init", "--quiet", .. options]);
        return path;
    }

    public void Dispose() => _plan.Dispose();
}
