namespace Orchestrator.Context;

/// <summary>
/// The whole tree's term list, filled by the analysis workers as each finishes a file: the file's own terms are joined
/// to tree-wide ids there, in one locked batch per file, so the join runs alongside the other workers' analysis rather
/// than alone after it.
/// </summary>
internal sealed class TermDictionary
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    private readonly Lock _joining = new();

    /// <summary>Every term, by id; read it once the analysis is over.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>The tree-wide id of each of a file's terms, adding the ones no file had before.</summary>
    public List<int> Join(List<string> fileTerms)
    {
        var ids = new List<int>(fileTerms.Count);
        lock (_joining)
        {
            foreach (var term in fileTerms)
            {
                if (!_ids.TryGetValue(term, out var id))
                {
                    _ids[term] = id = _terms.Count;
                    _terms.Add(term);
                }

                ids.Add(id);
            }
        }

        return ids;
    }
}
