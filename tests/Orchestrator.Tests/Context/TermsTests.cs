using Orchestrator.Context;

namespace Orchestrator.Tests.Context;

public sealed class TermsTests
{
    [Theory]
    [InlineData("BookNotFoundError", new[] { "booknotfounderror", "book", "found", "error" })]
    [InlineData("sample_books", new[] { "sample_book", "sample", "book" })]
    [InlineData("HTTPServerConfig", new[] { "httpserverconfig", "http", "server", "config" })]
    public void Identifiers_are_kept_whole_and_split_into_their_words(string identifier, string[] expected)
    {
        Terms.Of(identifier).Should().Equal(expected);
    }

    [Fact]
    public void Plurals_and_stop_words_fold_away()
    {
        Terms.Of("the books and the categories").Should().Equal("book", "category");
    }
}
