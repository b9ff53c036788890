using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Orchestrator;

/// <summary>A JSON object file the target repository keeps under <c>.orchestrator/</c>, read as untrusted input.</summary>
public static class RepositoryJson
{
    /// <summary>
    /// The object in <paramref name="relativePath"/> of the repository, or null when there is no such file; a file that
    /// is not a JSON object is an <see cref="InputException"/> naming the file and line.
    /// </summary>
    public static (string Path, JObject Json)? Read(string? repoPath, string relativePath)
    {
        var path = repoPath is null ? null : System.IO.Path.Combine(repoPath, relativePath);
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return (path, JObject.Parse(File.ReadAllText(path)));
        }
        catch (JsonReaderException ex)
        {
            throw new InputException($"{path}:{ex.LineNumber}: {ex.Message.Split('\n')[0].Split(" Path '")[0].TrimEnd('.')}");
        }
    }
}
