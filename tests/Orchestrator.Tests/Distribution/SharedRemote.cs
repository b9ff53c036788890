using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Distribution;

/// <summary>
/// A bare repository standing for the remote every CI machine shares, seeded with one commit on <c>main</c>, and
/// clones of it as the machines' checkouts (each with its own artifacts folder). Deleted afterwards.
/// </summary>
public sealed class SharedRemote : IDisposable
{
    public SharedRemote(string plan)
    {
        Directory.CreateDirectory(Root);
        TempRepo.GitIn(Root, "init", "--quiet", "--bare", "--initial-branch=main", BarePath);
        var seed = Clone("seed");
        File.WriteAllText(Path.Combine(seed, "README.md"), "# shared\n");
        File.WriteAllText(Path.Combine(seed, "plan.json"), plan);
        TempRepo.GitIn(seed, "add", "--all");
        TempRepo.GitIn(seed, "commit", "--quiet", "-m", "base");
        TempRepo.GitIn(seed, "push", "--quiet", "origin", "main");
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "orch-tests", $"remote-{Guid.NewGuid():N}"[..24]);

    public string BarePath => Path.Combine(Root, "remote.git");

    /// <summary>A fresh clone of the remote: one machine's checkout.</summary>
    public string Clone(string machine)
    {
        var path = Path.Combine(Root, machine);
        TempRepo.GitIn(Root, "clone", "--quiet", BarePath, path);
        TempRepo.GitIn(path, "config", "user.name", "Test");
        TempRepo.GitIn(path, "config", "user.email", "test@localhost");
        return path;
    }

    public string Artifacts(string machine) => Path.Combine(Root, machine + "-artifacts");

    /// <summary>The flags every machine of the run passes: its checkout, its artifacts, the shared remote.</summary>
    public IEnumerable<string> MachineArgs(string machine) =>
        ["--repo-path", Path.Combine(Root, machine), "--artifacts", Artifacts(machine), "--remote=origin"];

    public string RemoteGit(params string[] args) => TempRepo.GitIn(BarePath, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
