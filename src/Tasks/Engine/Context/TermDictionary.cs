namespace Orchestrator.Context;

/// <summary>The whole tree's term list, merged from the analysis workers' own vocabularies once they are all done.</summary>
internal static class TermDictionary
{
    /// <summary>Every term once (a string each), and for each worker the tree's id of each of its term ids.</summary>
    public static (List<string> Terms, int[][] TreeIds) Merge(IReadOnlyList<AnalysisWorker> workers)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var terms = new List<string>();
        var treeIds = new int[workers.Count][];
        for (var w = 0; w < workers.Count; w++)
        {
            var vocabulary = workers[w].Vocabulary;
            treeIds[w] = new int[vocabulary.Count];
            for (var id = 0; id < vocabulary.Count; id++)
            {
                if (!lookup.TryGetValue(vocabulary[id], out var treeId))
                {
                    var term = new string(vocabulary[id]);
                    ids[term] = treeId = terms.Count;
                    terms.Add(term);
                }

                treeIds[w][id] = treeId;
            }
        }

        return (terms, treeIds);
    }
}
