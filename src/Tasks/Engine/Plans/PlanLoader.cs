namespace Orchestrator.Plans;

/// <summary>Loads and validates a plan file: <c>.json</c> plans or spec-kit <c>tasks.md</c>.</summary>
public static class PlanLoader
{
    /// <summary>The source name of a plan read from standard input (the host reads it and calls <see cref="LoadJson"/>).</summary>
    public const string StandardInput = "-";

    /// <summary>Loads a plan file by its extension: .json, or .md / .markdown for spec-kit.</summary>
    public static TaskPlan Load(string path) => LoadWithContent(path).Plan;

    /// <summary>The plan and the bytes it was read from (read once, through <see cref="PlanFile"/>).</summary>
    public static (TaskPlan Plan, byte[] Content) LoadWithContent(string path)
    {
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".json" => PlanFormat.Json,
            ".md" or ".markdown" => PlanFormat.SpecKit,
            _ => throw new InputException($"unsupported plan format: {path} (expected a .json plan or a spec-kit tasks.md)"),
        };
        var content = PlanFile.ReadAllBytes(path);
        using var reader = new StreamReader(new MemoryStream(content), detectEncodingFromByteOrderMarks: true);
        return (format == PlanFormat.Json ? LoadJson(reader, path) : LoadSpecKit(reader, path), content);
    }

    public static TaskPlan LoadJson(TextReader reader, string sourceName) =>
        Validated(sourceName, PlanFormat.Json, new ParsedPlan(JsonPlanParser.Parse(reader, sourceName), []));

    public static TaskPlan LoadSpecKit(TextReader reader, string sourceName) =>
        Validated(sourceName, PlanFormat.SpecKit, SpecKitPlanParser.Parse(reader.ReadToEnd(), sourceName));

    private static TaskPlan Validated(string sourceName, PlanFormat format, ParsedPlan parsed)
    {
        PlanValidator.Validate(sourceName, parsed.Tasks);
        return new TaskPlan(sourceName, format, parsed.Tasks) { Warnings = parsed.Warnings };
    }
}
