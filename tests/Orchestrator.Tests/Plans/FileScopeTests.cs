using Orchestrator.Plans;

namespace Orchestrator.Tests.Plans;

public class FileScopeTests
{
    private static IReadOnlyList<string> FilesOf(string description) =>
        PlanLoader.LoadSpecKit(new StringReader($"- [ ] T001 {description}\n"), "tasks.md")["T001"].Files;

    [Theory]
    [InlineData("Create User model in src/models/user.py", "src/models/user.py")]
    [InlineData("Update README.md and package.json", "README.md|package.json")]
    [InlineData("Configure `.eslintrc.json` (see `docs/lint.md`).", ".eslintrc.json|docs/lint.md")]
    [InlineData("Scaffold the tests/ and src/ folders", "tests/|src/")]
    [InlineData("Wire up (src/app/main.ts), then src/app/routes.ts.", "src/app/main.ts|src/app/routes.ts")]
    [InlineData("Add src/pkg/__init__.py", "src/pkg/__init__.py")]
    [InlineData("Edit ./config/settings.yaml", "config/settings.yaml")]
    [InlineData("Run `pytest tests/unit/test_user.py` until green", "tests/unit/test_user.py")]
    public void Paths_in_a_description_become_the_task_file_scope(string description, string expected)
    {
        FilesOf(description).Should().Equal(expected.Split('|'));
    }

    [Theory]
    [InlineData("Pick a framework, e.g. Flask or FastAPI")]
    [InlineData("Upgrade to version 1.2 or v2.3.1")]
    [InlineData("Follow https://example.org/docs/setup.html for details")]
    [InlineData("Integrate with US1/US2 components and/or adapters")]
    [InlineData("Port the Node.js scripts to ASP.NET, i.e. rewrite them")]
    public void Words_that_only_look_like_paths_are_not_file_scope(string description)
    {
        FilesOf(description).Should().BeEmpty();
    }
}
