using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Execution;

/// <summary><c>--sparse</c>: a task that names its files works in a cone-mode sparse checkout of their folders.</summary>
public sealed class SparseWorktreeTests : IDisposable
{
    private readonly ExecutionRepo _sparse = new("sparse");

    [Fact]
    public void A_sparse_tasks_worktree_holds_only_its_folders_its_commit_only_its_changes_and_the_merge_equals_a_full_runs()
    {
        using var full = new ExecutionRepo("full");
        Populate(_sparse);
        Populate(full);

        var sparse = _sparse.Run("--sparse", "--retries=0");
        var fullRun = full.Run("--retries=0");

        sparse.ExitCode.Should().Be(0, sparse.ToString());
        fullRun.ExitCode.Should().Be(0, fullRun.ToString());
        var listed = Listing(_sparse, "T1");
        listed.Should().Contain(["README.md", "Makefile", "src/api/f001.txt", "shared/s001.txt", "src/api/new.txt"])
            .And.OnlyContain(f => !f.Contains('/') || f.StartsWith("src/api/") || f.StartsWith("shared/"),
                "a sparse worktree holds the top-level files, its scope's folders and sparse_always's");
        Listing(_sparse, "T2").Should().Contain("docs/d050.txt").And.NotContain(f => f.StartsWith("src/", StringComparison.Ordinal));
        Listing(_sparse, "T3").Should().Contain(["src/api/f001.txt", "src/web/w100.txt", "docs/d001.txt"], "a task without files gets a full checkout");
        Listing(full, "T1").Should().Contain("docs/d001.txt");

        Changed(_sparse, "T1").Should().Equal("M src/api/f007.txt", "A src/api/new.txt");
        Changed(_sparse, "T2").Should().Equal("M docs/d050.txt", "A lib/extra.txt");
        Changed(_sparse, "T3").Should().Equal("M src/web/w100.txt");
        Tree(_sparse).Should().Be(Tree(full), "the merged result is the same as without --sparse");
    }

    [Fact]
    public void A_sparse_always_entry_outside_the_repository_is_refused_naming_the_file_before_anything_is_created()
    {
        _sparse.Repo.Write(".orchestrator/config.json", """{"sparse_always": ["build", "../secrets"]}""").Commit("config");
        _sparse.WithTasks(("T1", "true", []));

        var result = _sparse.Run("--sparse");

        result.ExitCode.Should().Be(2, result.ToString());
        result.StandardError.Should().Contain("config.json: \"sparse_always\" must list folders inside the repository, got \"../secrets\"");
        Directory.Exists(_sparse.Repo.Artifacts).Should().BeFalse("nothing is created");
    }

    [Fact]
    public void A_sparse_run_stopped_mid_task_resumes_with_its_setting_and_the_task_again_in_a_sparse_worktree()
    {
        Populate(_sparse);
        var release = Path.Combine(_sparse.Scratch, "release");
        var waits = $"while [ ! -f '{release}' ]; do sleep 0.1; done; echo more >> docs/d001.txt; ls > '{_sparse.Scratch}/T1.list'";
        File.WriteAllText(_sparse.PlanPath, new JObject
        {
            ["tasks"] = new JArray(Task("T1", ["docs/d001.txt"], waits), Task("T2", ["src/api/f001.txt"], "echo more >> src/api/f001.txt")),
        }.ToString());
        using (var host = _sparse.Start(_sparse.Args("--sparse", "--retries=0")))
        {
            _sparse.WaitForJournal(e => (string)e["task"]! == "T1" && (string)e["status"]! == "running", host: host.Process);
            _sparse.WaitForJournal(e => (string)e["task"]! == "T2" && (string)e["status"]! == "completed", host: host.Process);
            ExecutionRepo.Signal(host.Process, "INT");
            host.WaitForExit().Should().Be(130, host.Output);
        }

        File.WriteAllText(release, "");
        var result = _sparse.Resume();

        result.ExitCode.Should().Be(0, result.ToString());
        ((bool)_sparse.State()["settings"]!["sparse"]!).Should().BeTrue("the saved run's settings are restored");
        Listing(_sparse, "T1").Should().Equal(["Makefile", "README.md", "docs", "shared"], "the task ran again in a sparse worktree");
        Changed(_sparse, "T1").Should().Equal("M docs/d001.txt");
        Changed(_sparse, "T2").Should().Equal("M src/api/f001.txt");
    }

    /// <summary>The same repository of 400 files in four folders and the same plan in each.</summary>
    private static void Populate(ExecutionRepo repo)
    {
        foreach (var i in Enumerable.Range(1, 100))
        {
            repo.Repo.Write($"src/api/f{i:000}.txt", $"api {i}\n").Write($"src/web/w{i:000}.txt", $"web {i}\n")
                .Write($"docs/d{i:000}.txt", $"doc {i}\n").Write($"shared/s{i:000}.txt", $"shared {i}\n");
        }

        repo.Repo.Write("Makefile", "all:\n").Write(".orchestrator/config.json", """{"sparse_always": ["shared"]}""").Commit("four folders");
        string List(string id) => $"find . -path ./.git -prune -o -type f -print | sed 's|^[.]/||' | sort > '{repo.Scratch}/{id}.list'";
        var plan = new JObject
        {
            ["tasks"] = new JArray(
                Task("T1", ["src/api/f007.txt", "src/api/new.txt"], $"echo more >> src/api/f007.txt && echo new > src/api/new.txt && {List("T1")}"),
                Task("T2", ["docs/d050.txt"], $"echo more >> docs/d050.txt && mkdir -p lib && echo x > lib/extra.txt && {List("T2")}"),
                Task("T3", [], $"echo more >> src/web/w100.txt && {List("T3")}")),
        };
        File.WriteAllText(repo.PlanPath, plan.ToString(Formatting.Indented));
    }

    /// <summary>A plan task of a shell command that names its files.</summary>
    internal static JObject Task(string id, string[] files, string command) => new()
    {
        ["id"] = id,
        ["description"] = $"Task {id}",
        ["files"] = new JArray(files),
        ["parallel"] = true,
        ["command"] = command,
    };

    private static string[] Listing(ExecutionRepo repo, string id) => File.ReadAllLines(Path.Combine(repo.Scratch, $"{id}.list"));

    private static string[] Changed(ExecutionRepo repo, string id) =>
        repo.Repo.Git("diff", "--name-status", (string)repo.Tasks()[id]["base_commit"]!, (string)repo.Tasks()[id]["commit"]!)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Replace('\t', ' ')).ToArray();

    private static string Tree(ExecutionRepo repo)
    {
        var merge = JObject.Parse(File.ReadAllText(Path.Combine(repo.StateDirectory, "05-Merge.json")));
        return repo.Repo.Git("rev-parse", (string)merge["output_data"]!["integration_head"]! + "^{tree}");
    }

    public void Dispose() => _sparse.Dispose();
}
