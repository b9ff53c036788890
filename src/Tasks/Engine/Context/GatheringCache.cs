using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json;
using Orchestrator.Plans;
using Orchestrator.State;

namespace Orchestrator.Context;

/// <summary>
/// Phase 0's whole result, saved beside the index by tree and by what was asked (plan, spec documents, prompt): a
/// re-run on an unchanged tree and plan reads one file instead of loading the index and querying it again.
/// </summary>
public static class GatheringCache
{
    private const int FormatVersion = 1;

    /// <param name="cacheDirectory">The run layout's <c>ContextCacheDirectory</c>.</param>
    public static string FileFor(string cacheDirectory, string tree, TaskPlan? plan, IReadOnlyList<SpecDocument> specs, string? userPrompt)
    {
        var asked = new StringBuilder().Append(FormatVersion).Append('\n').Append(userPrompt).Append('\n');
        foreach (var task in plan?.Tasks ?? [])
        {
            asked.Append(task.Id).Append('\u001f').Append(task.Description).Append('\u001f').Append(task.ToDo)
                .Append('\u001f').Append(string.Join(',', task.Files)).Append('\u001f').Append(task.Story).Append('\u001f').Append(task.PhaseTitle).Append('\n');
        }

        foreach (var spec in specs)
        {
            asked.Append(spec.Path).Append('\u001f').Append(spec.Text).Append('\n');
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(asked.ToString())))[..16];
        return Path.Combine(cacheDirectory, $"{tree}.{key}.context.json");
    }

    /// <summary>The saved result, or null when there is none or it cannot be read (it is then gathered again).</summary>
    public static GatheringOutput? TryLoad(string path)
    {
        try
        {
            return File.Exists(path) ? StateJson.Deserialize<GatheringOutput>(File.ReadAllText(path)) : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    public static void Save(string path, GatheringOutput output) =>
        AtomicFile.WriteAllText(path, JsonConvert.SerializeObject(output, Formatting.None, StateJson.Settings));
}
