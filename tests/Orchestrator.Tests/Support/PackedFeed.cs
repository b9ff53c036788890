using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using Orchestrator.Tests.Architecture;

namespace Orchestrator.Tests.Support;

/// <summary>
/// The two packages, packed once per test run from the binaries the tests were built from into a temp folder feed, at a
/// version of this run's own, so no package cached by an earlier run can stand in for them.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    public PackedFeed()
    {
        foreach (var project in new[] { "src/Tasks/Cake/Cake.Orchestrator.csproj", "build/Orchestrator.Build.csproj" })
        {
            var pack = ChildRun.RunAsync("dotnet", ["pack", Path.Combine(RepositoryRoot, project), "--configuration", Configuration,
                "--no-build", "--output", Folder, $"-p:Version={Version}", "--nologo"], RepositoryRoot).GetAwaiter().GetResult();
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{pack}");
            }
        }
    }

    public string RepositoryRoot { get; } = EngineLayoutTests.RepositoryRoot();

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "orch-tests", $"feed-{Guid.NewGuid():N}"[..17]);

    public string Version { get; } = $"0.1.0-spec.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    /// <summary>A NuGet.Config naming the feed beside the default sources (the addin's dependencies come from nuget.org).</summary>
    public string NuGetConfig => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="orchestrator-spec" value="{Folder}" />
          </packageSources>
        </configuration>
        """;

    /// <summary>A package's file names and its nuspec.</summary>
    public (IReadOnlyList<string> Files, XDocument Nuspec) Open(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(Folder, $"{id}.{Version}.nupkg"));
        var nuspec = package.GetEntry($"{id}.nuspec") ?? throw new InvalidOperationException($"{id} has no nuspec");
        using var stream = nuspec.Open();
        return ([.. package.Entries.Select(e => e.FullName)], XDocument.Load(stream));
    }

    private static string Configuration =>
        typeof(PackedFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
