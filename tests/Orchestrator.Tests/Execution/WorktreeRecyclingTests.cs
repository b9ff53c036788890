using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

/// <summary>
/// A completed task's worktree becomes the next task's (moved to its place, cleaned, checked out): the worktrees on
/// disk stay at most one per slot, and nothing of the previous task reaches the next.
/// </summary>
public sealed class WorktreeRecyclingTests : IDisposable
{
    private readonly ExecutionRepo _repo = new("recycle");

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // B, on A, starts where A's worktree is
    public void A_task_never_sees_the_files_ignored_or_not_that_the_previous_task_left_in_its_recycled_worktree(bool onA)
    {
        _repo.Repo.Write(".gitignore", "*.log\nbuild/\n").Commit("ignores");
        // A leaves a committed file, an ignored file, an ignored folder and an empty folder; B starts in A's worktree
        // (C holds the other slot) and fails unless its checkout is exactly its start.
        var leaves = "sh -c 'echo a > a.txt; echo junk > junk.log; mkdir -p build empty; echo o > build/out'";
        var checks = _repo.Script("b.sh", $"""
            cat .git > '{_repo.Scratch}/B.gitdir'
            ls -A > '{_repo.Scratch}/B.list'
            test -z "$(git status --porcelain --ignored)" || exit 3
            echo b > b.txt
            """);
        _repo.WithTasks(("A", leaves, []), ("C", _repo.HoldsItsSlotUntilCompleted("A"), []), ("B", checks, onA ? ["A"] : []));

        var result = _repo.Run("-c", "2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        File.ReadAllText(Path.Combine(_repo.Scratch, "B.gitdir")).Trim().Should().EndWith("/worktrees/A", "B ran in A's worktree, recycled");
        File.ReadAllLines(Path.Combine(_repo.Scratch, "B.list")).Should().BeEquivalentTo([".git", ".gitignore", "README.md", .. onA ? ["a.txt"] : Array.Empty<string>()]);
        var tasks = _repo.Tasks();
        ((string)tasks["B"]["worktree"]!).Should().EndWith("/B", "the worktree is where the run's layout puts B's");
        _repo.Repo.Git("diff", "--name-only", (string)tasks["B"]["base_commit"]!, (string)tasks["B"]["commit"]!).Should().Be("b.txt");
        _repo.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle("the spare worktrees go when the phase ends");
    }

    [Theory]
    [InlineData("")]
    [InlineData("git update-index --index-version 4")] // read in process, paths prefix-compressed
    [InlineData("git update-index --split-index")] // not read in process: git lists it
    public void A_task_in_a_recycled_worktree_commits_its_edits_to_files_the_agent_before_it_hid_from_git(string indexLayout)
    {
        _repo.Repo.Write("tool.sh", "echo genuine\n").Commit("a tool");
        // A hides its edit from git (not committed) and marks README.md unchanged; B starts in A's worktree (C holds the other slot).
        var hides = _repo.Script("a.sh", $"""
            git update-index --skip-worktree tool.sh && echo 'echo planted' > tool.sh
            git update-index --assume-unchanged README.md
            {indexLayout}
            echo a > a.txt
            """);
        var edits = _repo.Script("b.sh", $"cat .git > '{_repo.Scratch}/B.gitdir'; cat tool.sh > '{_repo.Scratch}/B.tool'; echo more >> README.md");
        _repo.WithTasks(("A", hides, []), ("C", "sleep 1", []), ("B", edits, ["A"]));

        var result = _repo.Run("-c", "2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        File.ReadAllText(Path.Combine(_repo.Scratch, "B.gitdir")).Trim().Should().EndWith("/worktrees/A", "B ran in A's worktree, recycled");
        File.ReadAllText(Path.Combine(_repo.Scratch, "B.tool")).Should().Be("echo genuine\n", "A's hidden edit is not B's");
        ((JArray)_repo.Tasks()["B"]["changed_files"]!).Select(f => (string)f!).Should().Equal("README.md");
    }

    [Fact]
    public void A_task_in_a_recycled_worktree_does_not_commit_the_submodule_the_task_before_it_added()
    {
        var library = Path.Combine(_repo.Scratch, "lib");
        // A commits a submodule (checked out in its worktree); B, at the base, starts in A's worktree (C holds the other slot).
        // submodule add also writes the shared .git/config, which the guard rightly holds against A: A takes it back out.
        var addsSubmodule = _repo.Script("a.sh", $"""
            git init -q '{library}' && git -C '{library}' -c user.name=l -c user.email=l@l commit -q --allow-empty -m lib
            git -c protocol.file.allow=always submodule add -q '{library}' lib
            git config --remove-section submodule.lib
            """);
        var b = _repo.Script("b.sh", $"cat .git > '{_repo.Scratch}/B.gitdir'; echo b > b.txt");
        // C holds its slot until A is completed, however long the submodule takes, so A's worktree is the one given back first.
        var holds = _repo.HoldsItsSlotUntilCompleted("A");
        _repo.WithTasks(("A", addsSubmodule, []), ("C", holds, []), ("B", b, []));

        var result = _repo.Run("-c", "2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        File.ReadAllText(Path.Combine(_repo.Scratch, "B.gitdir")).Trim().Should().EndWith("/worktrees/A", "B ran in A's worktree, recycled");
        ((JArray)_repo.Tasks()["A"]["changed_files"]!).Select(f => (string)f!).Should().BeEquivalentTo([".gitmodules", "lib"]);
        ((JArray)_repo.Tasks()["B"]["changed_files"]!).Select(f => (string)f!).Should().Equal(["b.txt"], "A's submodule is not B's work");
    }

    [Fact]
    public void A_task_whose_dependencies_conflict_leaves_no_worktree_on_another_tasks_branch()
    {
        // A and D both complete, adding f.txt differently; B, on both, takes one of their worktrees and cannot start.
        _repo.WithTasks(("A", "sh -c 'echo a > f.txt'", []), ("D", "sh -c 'echo d > f.txt'", []), ("B", "sh -c 'echo b > b.txt'", ["A", "D"]));

        var result = _repo.Run("-c", "2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        ((string)_repo.Tasks()["B"]["error"]!).Should().Contain("conflicts");
        _repo.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle("B never got a worktree, and A's and D's went with the phase");
    }

    [Fact]
    public void A_link_an_agent_planted_where_the_next_tasks_worktree_goes_never_leads_the_run_to_remove_my_own_worktree()
    {
        var mine = Path.Combine(_repo.Repo.Root, "mine");
        _repo.Repo.Git("worktree", "add", "--quiet", "-b", "mine", mine);
        File.WriteAllText(Path.Combine(mine, "unsaved.txt"), "my work in progress\n");
        // A links B's place to my worktree; B, after A, starts in A's worktree moved there (C holds the other slot).
        _repo.WithTasks(("A", $"sh -c 'ln -s \"{mine}\" ../B; echo a > a.txt'", []), ("C", "sleep 1", []), ("B", "sh -c 'echo b > b.txt'", ["A"]));

        _repo.Run("-c", "2", "--retries=0", "--target=ParallelExecution");

        File.ReadAllText(Path.Combine(mine, "unsaved.txt")).Should().Be("my work in progress\n");
        _repo.Repo.Git("worktree", "list").Should().Contain(mine);
    }

    [Fact]
    public void A_file_another_agent_wrote_into_a_completed_tasks_worktree_never_reaches_the_task_that_starts_in_it()
    {
        var journal = Path.Combine(_repo.StateDirectory, "journal.jsonl");
        // B writes into A's worktree once A is completed (cleaned, waiting to be recycled), then fails; E waits for it.
        // C and F, on A and E, start in A's and E's worktrees.
        var plants = _repo.Script("b.sh", $"""
            for i in $(seq 600); do grep '"task":"A"' '{journal}' | grep -q '"status":"completed"' && break; sleep 0.05; done
            echo planted > ../A/planted.txt
            touch '{_repo.Scratch}/planted'
            exit 1
            """);
        var waits = _repo.Script("e.sh", $"for i in $(seq 600); do [ -f '{_repo.Scratch}/planted' ] && break; sleep 0.05; done");
        var own = "sh -c 'echo $ORCH_TASK_ID > $ORCH_TASK_ID.txt'";
        _repo.WithTasks(("A", own, []), ("B", plants, []), ("E", waits, []), ("C", own, ["A", "E"]), ("F", own, ["A", "E"]));

        var result = _repo.Run("-c", "3", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(1, result.ToString());
        File.Exists(Path.Combine(_repo.Scratch, "planted")).Should().BeTrue("B wrote into A's worktree");
        foreach (var id in new[] { "C", "F" })
        {
            ((JArray)_repo.Tasks()[id]["changed_files"]!).Select(f => (string)f!).Should().Equal([$"{id}.txt"], "B's file is not {0}'s work", id);
        }
    }

    [Fact]
    public void A_sparse_task_in_a_recycled_worktree_gets_its_own_cone_and_a_task_without_files_a_full_checkout()
    {
        foreach (var folder in new[] { "api", "web", "docs", "shared" })
        {
            _repo.Repo.Write($"{folder}/{folder}1.txt", $"{folder}\n");
        }

        _repo.Repo.Write(".orchestrator/config.json", """{"sparse_always": ["shared"]}""").Commit("four folders");
        string Lists(string id, string more) =>
            $"{more}; find . -path ./.git -prune -o -type f -print | sed 's|^[.]/||' | sort > '{_repo.Scratch}/{id}.list'";
        // One slot is held by S: T1 -> T2 -> T3 -> T4 each start in the worktree the one before left.
        File.WriteAllText(_repo.PlanPath, new JObject
        {
            ["tasks"] = new JArray(
                SparseWorktreeTests.Task("T1", ["api/new.txt"], Lists("T1", "echo new > api/new.txt")),
                SparseWorktreeTests.Task("S", [], "sleep 3"),
                SparseWorktreeTests.Task("T2", ["docs/docs1.txt"], Lists("T2", "echo more >> docs/docs1.txt")),
                SparseWorktreeTests.Task("T3", [], Lists("T3", "echo more >> web/web1.txt")),
                SparseWorktreeTests.Task("T4", ["web/web1.txt"], Lists("T4", "echo more >> web/web1.txt"))),
        }.ToString());

        var result = _repo.Run("--sparse", "-c", "2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        string[] top = ["README.md", "shared/shared1.txt"];
        Listing("T1").Should().BeEquivalentTo([.. top, "api/api1.txt", "api/new.txt"]);
        Listing("T2").Should().BeEquivalentTo([.. top, "docs/docs1.txt"], "T2's cone, nothing of T1's");
        Listing("T3").Should().BeEquivalentTo([.. top, ".orchestrator/config.json", "api/api1.txt", "web/web1.txt", "docs/docs1.txt"], "no files named: a full checkout");
        Listing("T4").Should().BeEquivalentTo([.. top, "web/web1.txt"], "sparse again, with T4's cone");
        _repo.Tasks().Values.Should().OnlyContain(t => (string)t["status"]! == "completed");
        ((JArray)_repo.Tasks()["T4"]["changed_files"]!).Select(f => (string)f!).Should().Equal("web/web1.txt");
    }

    [Theory]
    [InlineData("moved")]
    [InlineData("renamed")]
    public void A_run_killed_mid_recycle_resumes_and_the_task_gets_a_clean_worktree_of_its_own(string cutAt)
    {
        _repo.Repo.Write(".gitignore", "*.log\n").Commit("ignores");
        var started = Path.Combine(_repo.Scratch, "B.started");
        var release = Path.Combine(_repo.Scratch, "release");
        var b = _repo.Script("b.sh", $"""
            touch '{started}'
            while [ ! -f '{release}' ]; do sleep 0.1; done
            test -z "$(git status --porcelain --ignored)" || exit 3
            echo b > b.txt
            """);
        _repo.WithTasks(("A", "sh -c 'echo a > a.txt; echo junk > junk.log'", []), ("C", _repo.Script("c.sh", "sleep 1"), []), ("B", b, []));
        using (var host = _repo.Start(_repo.Args("-c", "2", "--retries=0", "--target=ParallelExecution")))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (!File.Exists(started) && !host.Process.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            host.Process.Kill(entireProcessTree: true);
            host.Process.WaitForExit();
        }

        // Put B's worktree back as the kill would have left it partway through recycling A's.
        var aWorktree = (string)_repo.Journal().First(e => (string)e["task"]! == "A" && (string)e["status"]! == "running")["worktree"]!;
        var worktree = (string)_repo.Journal().Last(e => (string)e["task"]! == "B" && (string)e["status"]! == "running")["worktree"]!;
        File.ReadAllText(Path.Combine(worktree, ".git")).Trim().Should().EndWith("/worktrees/A", "B's worktree was A's");
        TempRepo.GitIn(worktree, "checkout", "--quiet", "--force", "orchestrator/" + _repo.State()["run_id"] + "/A");
        File.WriteAllText(Path.Combine(worktree, "junk.log"), "left by A\n");
        if (cutAt == "renamed")
        {
            var gitdir = Path.Combine(_repo.Repo.RepoPath, ".git", "worktrees", "A", "gitdir");
            File.WriteAllText(gitdir, Path.Combine(aWorktree, ".git") + "\n");
        }

        File.WriteAllText(release, "");
        var result = _repo.Resume("--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        var tasks = _repo.Tasks();
        tasks.Values.Should().OnlyContain(t => (string)t["status"]! == "completed");
        _repo.Journal().Count(e => (string)e["task"]! == "A" && (string)e["status"]! == "running").Should().Be(1, "A is not run again");
        _repo.Repo.Git("diff", "--name-only", (string)tasks["B"]["base_commit"]!, (string)tasks["B"]["commit"]!).Should().Be("b.txt");
        _repo.Repo.Git("worktree", "list", "--porcelain").Should().NotContain("prunable");
        _repo.Repo.Git("worktree", "list").Split('\n').Should().ContainSingle();
    }

    [Fact]
    public void The_worktrees_on_disk_never_exceed_the_slots_plus_the_failed_tasks_kept()
    {
        var slow = _repo.Script("slow.sh", "sleep 0.4; echo $ORCH_TASK_ID > $ORCH_TASK_ID.txt");
        _repo.WithTasks(
            ("F", "sh -c 'exit 3'", []), ("T1", slow, []), ("T2", slow, []), ("T3", slow, ["T1"]), ("T4", slow, []),
            ("T5", slow, ["T3"]), ("T6", slow, ["T2", "T4"]), ("T7", slow, []), ("T8", slow, ["T6"]));
        var most = 0;
        using (var host = _repo.Start(_repo.Args("-c", "3", "--retries=0", "--target=ParallelExecution")))
        {
            var worktrees = Path.Combine(_repo.Repo.Artifacts, "worktrees");
            while (!host.Process.HasExited)
            {
                var onDisk = Directory.Exists(worktrees)
                    ? Directory.GetDirectories(worktrees).Sum(run => Directory.GetDirectories(run).Count(w => !Path.GetFileName(w).StartsWith('.')))
                    : 0;
                most = Math.Max(most, onDisk);
                Thread.Sleep(5);
            }

            host.WaitForExit().Should().Be(1, host.Output);
        }

        _repo.Tasks().Values.Count(t => (string)t["status"]! == "completed").Should().Be(8, "every task but F completes");
        most.Should().BeInRange(3, 4, "at most one worktree a slot, and F's kept for a look");
        _repo.Repo.Git("worktree", "list").Split('\n').Should().HaveCount(2, "only F's is left");
    }

    [Fact]
    public void A_sparse_task_started_while_another_agent_runs_is_not_taken_for_that_agents_change_to_the_git_config()
    {
        _repo.Repo.Write("api/a.txt", "a\n").Write("web/w.txt", "w\n").Commit("two folders");
        // T, sparse, starts in X's worktree while S's agent runs: the first cone set in the repository turns on
        // extensions.worktreeConfig in .git/config.
        var t = SparseWorktreeTests.Task("T", ["api/a.txt"], "echo more >> api/a.txt");
        t["depends_on"] = new JArray("X");
        File.WriteAllText(_repo.PlanPath, new JObject
        {
            ["tasks"] = new JArray(SparseWorktreeTests.Task("S", [], "sleep 3"), SparseWorktreeTests.Task("X", [], "echo x > x.txt"), t),
        }.ToString());

        var result = _repo.Run("--sparse", "-c", "2", "--retries=0", "--target=ParallelExecution");

        result.ExitCode.Should().Be(0, result.ToString());
        _repo.Tasks().Values.Should().OnlyContain(task => (string)task["status"]! == "completed");
        ((JArray)_repo.Tasks()["T"]["changed_files"]!).Select(f => (string)f!).Should().Equal("api/a.txt");
    }

    private string[] Listing(string id) => File.ReadAllLines(Path.Combine(_repo.Scratch, $"{id}.list"));

    public void Dispose() => _repo.Dispose();
}
