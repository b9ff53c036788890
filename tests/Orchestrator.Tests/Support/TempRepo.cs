using System.Diagnostics;

namespace Orchestrator.Tests.Support;

/// <summary>A real git repository in a temp folder, deleted afterwards.</summary>
public sealed class TempRepo : IDisposable
{
    public TempRepo(string? name = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "orch-tests", $"{name ?? "repo"}-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(RepoPath);
        Git("init", "--quiet", "--initial-branch=main");
        Git("config", "user.name", "Test");
        Git("config", "user.email", "test@localhost");
        Git("config", "commit.gpgsign", "false");
    }

    /// <summary>Holds the repository and, beside it, the artifacts folder and any scratch files.</summary>
    public string Root { get; }

    public string RepoPath => System.IO.Path.Combine(Root, "repo");

    public string Artifacts => System.IO.Path.Combine(Root, "artifacts");

    public TempRepo Write(string relativePath, string content)
    {
        var path = System.IO.Path.Combine(RepoPath, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(RepoPath, relativePath));

    public string Commit(string message = "commit")
    {
        Git("add", "--all");
        Git("commit", "--quiet", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    /// <summary>Runs git in the repository (or <paramref name="workingDirectory"/>) and returns trimmed stdout; throws on failure.</summary>
    public string Git(params string[] args) => GitIn(RepoPath, args);

    public static string GitIn(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)}: {stderr}");
        }

        return stdout.Result.Trim();
    }

    public string WriteScratch(string name, string content)
    {
        var path = System.IO.Path.Combine(Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process a test started may still hold a file; the temp folder is cleaned by the OS eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
