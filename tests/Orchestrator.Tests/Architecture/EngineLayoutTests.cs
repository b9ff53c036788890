using System.Reflection;
using System.Text.RegularExpressions;
using Orchestrator.Pipeline;

namespace Orchestrator.Tests.Architecture;

/// <summary>The engine's shape, checked: no Cake in it, folders that use only what lies below them, no mutable statics.</summary>
public sealed class EngineLayoutTests
{
    /// <summary>Which engine folder may use which; the README's picture. Root primitives (IRunLog, InputException) are open to all.</summary>
    private static readonly IReadOnlyDictionary<string, string[]> MayUse = new Dictionary<string, string[]>
    {
        ["Guards"] = [],
        ["Processes"] = [],
        ["State"] = [],
        ["Plans"] = [],
        ["Git"] = ["Processes", "Guards"],
        ["Agents"] = ["Processes", "Git", "State", "Plans", "Guards"],
        ["Runs"] = ["State", "Git", "Plans", "Agents", "Guards"],
        ["Quorum"] = ["Runs", "State", "Git", "Plans", "Agents", "Processes"],
        ["Planning"] = ["Runs", "State", "Plans", "Agents", "Quorum"],
        ["Context"] = ["Runs", "State", "Git", "Plans", "Agents", "Processes", "Planning"],
        ["Execution"] = ["Runs", "State", "Git", "Plans", "Agents", "Processes", "Planning", "Context", "Guards"],
        ["Merge"] = ["Runs", "State", "Git", "Plans", "Agents", "Processes", "Planning", "Execution", "Context", "Guards"],
        ["Distribution"] = ["Runs", "State", "Git", "Plans", "Agents", "Processes", "Guards", "Planning", "Execution"],
        ["Pipeline"] = ["Runs", "State", "Git", "Plans", "Agents", "Processes", "Quorum", "Planning", "Context", "Execution", "Merge", "Guards", "Distribution"],
        ["Reporting"] = ["Runs", "State", "Plans", "Agents", "Quorum", "Planning", "Execution", "Merge", "Pipeline"],
        ["Notifications"] = ["Runs", "State"],
    };

    [Fact]
    public void The_engine_references_no_cake_assembly()
    {
        typeof(RunPipeline).Assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Should().NotContain(name => name!.StartsWith("Cake", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_engine_folder_uses_only_the_folders_it_may()
    {
        var engine = Path.Combine(RepositoryRoot(), "src", "Tasks", "Engine");
        var folders = Directory.GetDirectories(engine).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();

        folders.Should().BeEquivalentTo(MayUse.Keys, "every folder has its place in the picture");
        foreach (var folder in folders)
        {
            var used = Directory.EnumerateFiles(Path.Combine(engine, folder!), "*.cs", SearchOption.AllDirectories)
                .SelectMany(file => References(File.ReadAllText(file)))
                .Where(used => used != folder && MayUse.ContainsKey(used))
                .ToHashSet();
            used.Should().BeSubsetOf(MayUse[folder!], $"{folder} may use only {string.Join(", ", MayUse[folder!])}");
        }
    }

    [Fact]
    public void The_allowed_uses_have_no_cycle()
    {
        var visiting = new HashSet<string>();
        var done = new HashSet<string>();
        foreach (var folder in MayUse.Keys)
        {
            Visit(folder, []);
        }

        void Visit(string folder, List<string> path)
        {
            if (done.Contains(folder))
            {
                return;
            }

            visiting.Add(folder).Should().BeTrue($"a cycle: {string.Join(" -> ", path.Append(folder))}");
            foreach (var used in MayUse[folder])
            {
                Visit(used, [.. path, folder]);
            }

            visiting.Remove(folder);
            done.Add(folder);
        }
    }

    [Fact]
    public void The_engine_keeps_no_mutable_static_state()
    {
        // The dashboard's assembly too: runs it starts side by side with the command line's own meet nowhere either.
        var mutable = new[] { typeof(RunPipeline).Assembly, typeof(Orchestrator.Serve.DashboardServer).Assembly }.SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsLiteral && !f.IsInitOnly && !f.Name.Contains('<') && f.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null)
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}")
            .Where(name => !name.Contains("<PrivateImplementationDetails>", StringComparison.Ordinal))
            .ToList();

        mutable.Should().BeEmpty("a run's state lives in its objects, so runs side by side never meet");
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orchestrator.sln not found above the test binaries");
    }

    /// <summary>Folders named by <c>using Orchestrator.X</c>, <c>Orchestrator.X.Type</c> or a relative <c>X.Type</c>.</summary>
    private static IEnumerable<string> References(string source)
    {
        var folders = string.Join('|', MayUse.Keys);
        var named = new Regex($@"(?:\bOrchestrator\.|(?<![\w.]))(?<folder>{folders})\.[A-Z]|\busing Orchestrator\.(?<folder>{folders});");
        return named.Matches(source).Select(m => m.Groups["folder"].Value);
    }
}
