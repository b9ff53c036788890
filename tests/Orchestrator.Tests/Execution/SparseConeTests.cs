using Orchestrator.Git;

namespace Orchestrator.Tests.Execution;

/// <summary>Which folders a <c>--sparse</c> worktree holds for a task's <c>files</c>.</summary>
public sealed class SparseConeTests
{
    [Theory]
    [InlineData("src/api/a.cs,src/api/b.cs,docs/x.md", "build", "build,docs,src/api")]
    [InlineData("./src\\web\\page.ts,Makefile", "", "src/web")]
    [InlineData("src/**/*.cs,tests/unit/", "", "src,tests/unit")]
    [InlineData("src/a.cs,../outside.txt", "build", null)]
    [InlineData("/etc/passwd", "", null)]
    [InlineData("*.md", "", null)]
    [InlineData("", "build", null)]
    public void A_tasks_cone_is_the_folders_of_its_files_and_sparse_always_or_none_when_a_file_cannot_be_placed(
        string files, string always, string? cone)
    {
        static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries);

        var folders = SparseCone.For(List(files), List(always));

        (folders is null ? null : string.Join(',', folders)).Should().Be(cone);
    }
}
