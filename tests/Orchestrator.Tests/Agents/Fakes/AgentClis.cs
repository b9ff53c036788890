using Orchestrator.Processes;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>
/// The pinned agent CLIs of <c>tests/agent-clis/package.json</c>. ./test.sh installs them with <c>npm ci</c>; when a
/// test run starts without them they are installed here, once.
/// </summary>
public static class AgentClis
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Directory => Path.Combine(RepositoryRoot(), "tests", "agent-clis");

    public static async Task<string> PathOfAsync(string binary)
    {
        var path = Path.Combine(Directory, "node_modules", ".bin", binary);
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(path))
            {
                var install = await ChildProcess.RunAsync(
                    new ProcessSpec("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = Directory, Timeout = TimeSpan.FromMinutes(10) });
                install.Succeeded.Should().BeTrue($"npm ci in {Directory} failed:\n{install.StandardError}");
            }
        }
        finally
        {
            InstallLock.Release();
        }

        File.Exists(path).Should().BeTrue($"npm ci should have installed {binary}");
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Orchestrator.sln above {AppContext.BaseDirectory}");
    }
}
