using Orchestrator.Context;
using Orchestrator.Git;

namespace Orchestrator.Tests.Context;

/// <summary>Retrieval on a real code base, this repository's own tree at HEAD, not only on small made-up ones.</summary>
public sealed class RealRepositoryRankingTests
{
    [Theory]
    [InlineData("read many blobs through one git cat-file batch process", "src/Tasks/Engine/Context/GitBlobs.cs")]
    [InlineData("estimate the token count of source text without a BPE vocabulary", "src/Tasks/Engine/Context/TokenEstimate.cs")]
    [InlineData("IndexCache load or build the index of a tree from the cache", "src/Tasks/Engine/Context/IndexCache.cs")]
    public async Task A_query_for_a_class_of_this_repository_ranks_its_file_first(string query, string expected)
    {
        using var index = await IndexOfThisRepository();

        index.Search(query, 5).Select(h => h.File.Path).Should().HaveElementAt(0, expected);
    }

    [Fact]
    public async Task Declarations_of_this_repositorys_csharp_are_found_where_they_are_declared()
    {
        using var index = await IndexOfThisRepository();

        index.Declarations("ContextRanking").Select(d => (d.File.Path, d.Symbol.Kind)).Should().Contain(("src/Tasks/Engine/Context/ContextRanking.cs", "class"));
        index.Declarations("LoadOrBuildAsync").Select(d => (d.File.Path, d.Symbol.Kind)).Should().Contain(("src/Tasks/Engine/Context/IndexCache.cs", "method"));
        index.Declarations("BuildTimings").Select(d => (d.File.Path, d.Symbol.Kind)).Should().Contain(("src/Tasks/Engine/Context/RepositoryIndex.cs", "property"));
        index.Declarations("LargestIndexedBytes").Select(d => (d.File.Path, d.Symbol.Kind)).Should().Contain(("src/Tasks/Engine/Context/IndexBuilder.cs", "const"));
        index.Declarations("TermSink").Select(d => (d.File.Path, d.Symbol.Kind)).Should().Contain(("src/Tasks/Engine/Context/Terms.cs", "delegate"));
    }

    private static async Task<RepositoryIndex> IndexOfThisRepository()
    {
        var git = new GitCli(Architecture.EngineLayoutTests.RepositoryRoot());
        var cache = Path.Combine(Path.GetTempPath(), $"orchestrator-ranking-{Guid.NewGuid():N}");
        try
        {
            return (await IndexCache.LoadOrBuildAsync(git, "HEAD", cache, CancellationToken.None)).Index;
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }
}
