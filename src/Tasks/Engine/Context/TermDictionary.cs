namespace Orchestrator.Context;

/// <summary>The whole tree's term list, merged from the analysis workers' own vocabularies once they are all done.</summary>
internal static class TermDictionary
{
    /// <summary>
    /// Every term once (a string each), and for each worker the tree's id of each of its term ids. The first worker's
    /// vocabulary becomes the tree's as it is: its ids stay, so it has no mapping (null); the others' terms are looked up
    /// in it and added to it.
    /// </summary>
    public static (List<string> Terms, int[]?[] TreeIds) Merge(IReadOnlyList<AnalysisWorker> workers)
    {
        var tree = workers[0].Vocabulary;
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

        var terms = new List<string>(tree.Count);
        for (var id = 0; id < tree.Count; id++)
        {
            terms.Add(new string(tree[id]));
        }

        return (terms, treeIds);
    }
}
