using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Orchestrator.Tests.Agents.Fakes;

/// <summary>
/// What the scripted model does for a task: the plan's descriptions read "Create FILE containing TEXT", and the
/// prompt names the worktree; the fake model finds both in the request it is sent.
/// </summary>
public sealed partial record TaskScript(string File, string Text, string? Worktree)
{
    public static TaskScript? Find(JObject? request)
    {
        var text = string.Join('\n', request?.Descendants().OfType<JValue>().Where(v => v.Type == JTokenType.String).Select(v => (string)v!) ?? []);
        var create = CreateFile().Match(text);
        if (!create.Success)
        {
            return null;
        }

        var worktree = WorktreeLine().Match(text);
        return new TaskScript(create.Groups[1].Value, create.Groups[2].Value, worktree.Success ? worktree.Groups[1].Value : null);
    }

    /// <summary>Whether the file is in the worktree with its text; true when the request named no worktree to look in.</summary>
    public bool IsWritten()
    {
        var path = Worktree is null ? null : Path.Combine(Worktree, File);
        return path is null || (System.IO.File.Exists(path) && System.IO.File.ReadAllText(path).Trim() == Text);
    }

    [GeneratedRegex(@"Create ([\w./-]+) containing ([\w-]+)")]
    private static partial Regex CreateFile();

    [GeneratedRegex(@"Your worktree \(work only here\): `([^`]+)`")]
    private static partial Regex WorktreeLine();
}
