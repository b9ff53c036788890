using Orchestrator.Context;
using Orchestrator.Git;
using Orchestrator.Tests.Support;

namespace Orchestrator.Tests.Context;

/// <summary>The cold build splits each distinct word once per worker and looks it up after: it must index what the analyzer says.</summary>
public sealed class IndexTermsTests : IDisposable
{
    private readonly TempRepo _repo = new("terms");

    [Theory]
    [InlineData(0)]
    [InlineData(IndexBuilder.AnalysedAsReadUpTo)] // more files than are analysed as read: workers on every core, their vocabularies merged
    public async Task Every_file_is_indexed_under_the_terms_and_the_token_estimate_the_analyzer_makes_of_its_path_and_text(int moreFiles)
    {
        var texts = new Dictionary<string, string>
        {
            ["src/Ledger/LedgerEntries.cs"] = "public sealed class LedgerEntry { int ledgerId; string LEDGER_NAME; }\n// ledger entries, Entries, entries\n",
            ["src/ledger/ledger_entries.py"] = "def post_ledger_entries(entries):\n    return [e for e in entries if e.ledgerId]\n",
            ["docs/größen-Überblick.md"] = "Größe und Überblick: straße STRASSE naïveCafé 2024 _private __dunder__ x1y2z3\n",
            ["docs/long-words.txt"] = $"{new string('a', 40)} {new string('b', 41)} HTTPServerConfigurationManagerFactoryBuilderProvider short\n",
            ["scripts/run-all.sh"] = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"echo step{i} ledgerEntry{i % 7} OneMoreWord")),
            ["src/indented.py"] = string.Concat(Enumerable.Range(0, 150).Select(i => $"    if x{i} >= 10²:\n\n  \t  _y = \"a  b\"  ;; 123abc {i}x \r\n")) + "end ",
        };
        for (var i = 0; i < moreFiles; i++)
        {
            texts[$"more/note{i}.txt"] = $"note {i} about ledgerEntry{i % 5} and word{i}\n";
        }

        foreach (var (path, text) in texts)
        {
            _repo.Write(path, text);
        }

        _repo.Commit("words in many forms");
        var cache = new Orchestrator.Runs.RunLayout(_repo.Artifacts, "spec").ContextCacheDirectory;

        var (index, _) = await IndexCache.LoadOrBuildAsync(new GitCli(_repo.RepoPath), "HEAD", cache, CancellationToken.None);

        using (index)
        {
            var everyTerm = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, text) in texts)
            {
                var pathWords = Path.ChangeExtension(path, null)!.Replace('/', ' ').Replace('.', ' ').Replace('-', ' ');
                var expected = Terms.Of(pathWords).Concat(Terms.Of(text)).ToHashSet(StringComparer.Ordinal);
                index.TermsOf(index.Find(path)!).Should().BeEquivalentTo(expected, path);
                index.Find(path)!.Tokens.Should().Be(TokenEstimate.Of(text), $"{path}'s tokens are estimated in the terms' scan");
                everyTerm.UnionWith(expected);
            }

            index.TermCount.Should().Be(everyTerm.Count, "a term met in several files and spellings is one term");
            index.Search("ledger entry", 5).Select(h => h.File.Path).Should().Contain(["src/Ledger/LedgerEntries.cs", "src/ledger/ledger_entries.py"]);
        }
    }

    [Fact]
    public async Task Each_of_thousands_of_terms_finds_the_file_and_the_lines_it_is_written_on()
    {
        const int files = 6, lines = 300;
        for (var f = 0; f < files; f++)
        {
            _repo.Write($"notes/part{f}.txt", string.Concat(Enumerable.Range(1, lines).Select(line => $"q{f}k{line} {(line % 50 == 0 ? "ledger" : "")}\n")));
        }

        _repo.Commit("a term a line");
        var cache = new Orchestrator.Runs.RunLayout(_repo.Artifacts, "spec").ContextCacheDirectory;

        var (index, _) = await IndexCache.LoadOrBuildAsync(new GitCli(_repo.RepoPath), "HEAD", cache, CancellationToken.None);

        using (index)
        {
            index.TermCount.Should().BeGreaterThan(files * lines, "the postings are inverted in buckets of 1,024 terms: several here");
            for (var f = 0; f < files; f++)
            {
                for (var line = 1; line <= lines; line++)
                {
                    var hit = index.Search($"q{f}k{line}", 10).Should().ContainSingle().Subject;
                    hit.File.Path.Should().Be($"notes/part{f}.txt");
                    line.Should().BeInRange(hit.BestChunk.StartLine, hit.BestChunk.EndLine);
                }
            }

            index.Search("ledger", 10).Select(h => h.File.Path).Should().HaveCount(files);
        }
    }

    public void Dispose() => _repo.Dispose();
}
