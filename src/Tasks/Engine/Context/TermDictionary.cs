namespace Orchestrator.Context;

/// <summary>The whole tree's term list, merged from the analysis workers' own vocabularies once they are all done.</summary>
internal static class TermDictionary
{
    /// <summary>
    /// Every term once, how many chunks have each (its postings), and for each worker the tree's id of
    /// each of its term ids. The first worker's vocabulary becomes the tree's as it is: its ids stay, so it has no
    /// mapping (null); the others' terms are looked up in it and added to it.
    /// </summary>
    public static (SpanKeyTable Terms, int[] Postings, int[]?[] TreeIds) Merge(IReadOnlyList<AnalysisWorker> workers)
    {
        var tree = workers[0].Vocabulary;
        var own = workers.Select(w => w.Vocabulary.Count).ToArray(); // the first worker's grows with the others' terms
        var treeIds = new int[]?[workers.Count];
        for (var w = 1; w < workers.Count; w++)
        {
            var vocabulary = workers[w].Vocabulary;
            var ids = treeIds[w] = new int[vocabulary.Count];
            for (var id = 0; id < vocabulary.Count; id++)
            {
                var term = vocabulary[id];
                var hash = SpanKeyTable.Hash(term);
                var treeId = tree.Find(term, hash);
                ids[id] = treeId >= 0 ? treeId : tree.Add(term, hash);
            }
        }

        var postings = new int[tree.Count];
        for (var w = 0; w < workers.Count; w++)
        {
            for (var id = 0; id < own[w]; id++)
            {
                postings[treeIds[w]?[id] ?? id] += workers[w].ChunksWith(id);
            }
        }

        return (tree, postings, treeIds);
    }
}
