using System.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Execution;

/// <summary>A temp repository and a JSON plan of shell-command tasks, run through the real host.</summary>
public sealed class ExecutionRepo : IDisposable
{
    public ExecutionRepo(string name = "exec")
    {
        Repo = new TempRepo(name);
        Repo.Write("README.md", "# exec\n").Commit("base");
        Scratch = Path.Combine(Repo.Root, "scratch");
        Directory.CreateDirectory(Scratch);
    }

    public TempRepo Repo { get; }

    /// <summary>A folder outside the repository for markers the tasks' commands leave.</summary>
    public string Scratch { get; }

    public string PlanPath => Path.Combine(Repo.Root, "plan.json");

    public string StateDirectory => Path.Combine(Repo.Artifacts, "phase-state");

    /// <summary>Writes the plan: (id, command, depends_on).</summary>
    public ExecutionRepo WithTasks(params (string Id, string Command, string[] DependsOn)[] tasks)
    {
        var json = new JObject
        {
            ["tasks"] = new JArray(tasks.Select(t => new JObject
            {
                ["id"] = t.Id,
                ["description"] = $"Task {t.Id}",
                ["depends_on"] = new JArray(t.DependsOn),
                ["parallel"] = true,
                ["command"] = t.Command,
            })),
        };
        File.WriteAllText(PlanPath, json.ToString(Formatting.Indented));
        return this;
    }

    /// <summary>A shell script in the scratch folder, run by <c>sh</c> as a task's command.</summary>
    public string Script(string name, string body)
    {
        var path = Path.Combine(Scratch, name);
        File.WriteAllText(path, body);
        return $"sh {path}";
    }

    /// <summary>A task's command that holds its slot until <paramref name="id"/> is recorded completed (and a little after).</summary>
    public string HoldsItsSlotUntilCompleted(string id)
    {
        var journal = Path.Combine(StateDirectory, "journal.jsonl");
        return Script($"holds-{id}.sh", $"""for i in $(seq 600); do grep '"task":"{id}"' '{journal}' | grep -q '"status":"completed"' && break; sleep 0.05; done; sleep 0.3""");
    }

    public IEnumerable<string> Args(params string[] extra) =>
        ["--repo-path", Repo.RepoPath, "--plan", PlanPath, "--artifacts", Repo.Artifacts, .. extra];

    public IEnumerable<string> ResumeArgs(params string[] extra) => ["--resume", "--artifacts", Repo.Artifacts, .. extra];

    public CliResult Run(params string[] extra) => OrchestratorCli.Run(Repo.Root, Args(extra), timeout: TimeSpan.FromMinutes(3));

    public CliResult Resume(params string[] extra) => OrchestratorCli.Run(Repo.Root, ResumeArgs(extra), timeout: TimeSpan.FromMinutes(3));

    public JObject State() => JObject.Parse(File.ReadAllText(Path.Combine(StateDirectory, "state.json")));

    public JObject ExecutionResult() => JObject.Parse(File.ReadAllText(Path.Combine(StateDirectory, "04-ParallelExecution.json")));

    public IReadOnlyDictionary<string, JToken> Tasks() =>
        ExecutionResult()["output_data"]!["tasks"]!.ToDictionary(t => (string)t["id"]!, t => t);

    public IReadOnlyList<JObject> Journal() =>
        File.ReadAllLines(Path.Combine(StateDirectory, "journal.jsonl")).Select(JObject.Parse).ToList();

    /// <summary>Waits (generously) until the journal shows <paramref name="count"/> entries matching; no timing is asserted.</summary>
    public void WaitForJournal(Func<JObject, bool> match, int count = 1, Process? host = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var path = Path.Combine(StateDirectory, "journal.jsonl");
        while (DateTime.UtcNow < deadline)
        {
            if (host is { HasExited: true })
            {
                throw new InvalidOperationException($"the host exited ({host.ExitCode}) before the journal showed what was awaited");
            }

            if (File.Exists(path) && ReadLines(path).Count(line => line.EndsWith('}') && match(JObject.Parse(line))) >= count)
            {
                return;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException("the journal never showed what was awaited");
    }

    /// <summary>Waits until the journal has <paramref name="entries"/> lines; false if the host finished first.</summary>
    public bool TryWaitForJournal(int entries, Process host)
    {
        try
        {
            WaitForJournal(_ => true, entries, host);
            return true;
        }
        catch (InvalidOperationException) when (host.HasExited)
        {
            return false;
        }
    }

    /// <summary>Starts the host without waiting; its output is collected as it comes (so its pipes never fill).</summary>
    public RunningHost Start(IEnumerable<string> args) => new(OrchestratorCli.Start(Repo.Root, args));

    public static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, process.Id.ToString() } })!;
        kill.WaitForExit();
    }

    public static int WaitForExit(Process process)
    {
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the host did not exit");
        }

        return process.ExitCode;
    }

    private static List<string> ReadLines(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    public void Dispose() => Repo.Dispose();
}

/// <summary>A host started in the background, its output collected.</summary>
public sealed class RunningHost : IDisposable
{
    private readonly System.Text.StringBuilder _output = new();

    public RunningHost(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits (generously) until the output contains <paramref name="text"/>.</summary>
    public void WaitForOutput(string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (Process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"never saw '{text}' in the output:\n{Output}");
            }

            Thread.Sleep(50);
        }
    }

    public int WaitForExit()
    {
        int code;
        try
        {
            code = ExecutionRepo.WaitForExit(Process);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; its output:\n{Output}", ex);
        }

        Process.WaitForExit();
        return code;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Append(line).Append('\n');
            }
        }
    }
}
