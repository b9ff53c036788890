namespace Orchestrator.Plans;

/// <summary>A spec-kit design document beside the plan: spec.md, plan.md, data-model.md, research.md, contracts/.</summary>
public sealed record SpecDocument(string Path, string Text);

public static class SpecDocuments
{
    private const long LargestDocumentBytes = 128 * 1024;

    private static readonly string[] Names = ["spec.md", "plan.md", "data-model.md", "research.md", "quickstart.md"];

    public static bool IsSpecPath(string path)
    {
        var normalised = path.Replace('\\', '/');
        return Names.Contains(Path.GetFileName(normalised).ToLowerInvariant()) && normalised.Contains("spec", StringComparison.OrdinalIgnoreCase)
            || normalised.Contains("/contracts/", StringComparison.OrdinalIgnoreCase) && normalised.Contains("spec", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The design documents in the plan file's folder, named relative to the repository where they lie inside it.</summary>
    public static List<SpecDocument> BesidePlan(string? planPath, string repoPath)
    {
        if (planPath is null or "-" || Path.GetDirectoryName(Path.GetFullPath(planPath)) is not { } folder || !Directory.Exists(folder))
        {
            return [];
        }

        var paths = Names.Select(n => Path.Combine(folder, n)).Where(File.Exists).ToList();
        var contracts = Path.Combine(folder, "contracts");
        if (Directory.Exists(contracts))
        {
            paths.AddRange(Directory.EnumerateFiles(contracts, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }

        return paths
            .Where(p => new FileInfo(p).Length <= LargestDocumentBytes)
            .Select(p => (Path: p, Text: File.ReadAllText(p)))
            .Where(d => !d.Text.Contains('\0'))
            .Select(d => new SpecDocument(RelativeName(d.Path, repoPath), d.Text))
            .ToList();
    }

    private static string RelativeName(string path, string repoPath)
    {
        var relative = Path.GetRelativePath(repoPath, path);
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative).Replace('\\', '/');
    }
}
