using System.Reflection;
using Newtonsoft.Json.Serialization;
using Orchestrator.State;

namespace Orchestrator.Tests.Runs;

/// <summary>State files keep their names: runs saved by an earlier build still load, and tools reading them still match.</summary>
public sealed class StateNamesTests
{
    [Fact]
    public void Every_member_and_enum_value_is_saved_under_the_snake_case_name_it_always_had()
    {
        var newtonsoft = new SnakeCaseNamingStrategy();
        var names = typeof(StateJson).Assembly.GetTypes()
            .SelectMany(t => t.IsEnum ? Enum.GetNames(t) : t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Select(p => p.Name))
            .Concat(["HTTPServer", "PlanSha256", "A", "AB", "ABc", "already_snake", "Two Words", "  Lead", "X_Y", "IOError", "ÉtéÀ", "T001a", "_Private", ""])
            .Distinct()
            .ToList();

        var renamed = names.Where(n => SnakeCaseNames.Of(n) != newtonsoft.GetPropertyName(n, hasSpecifiedName: false)).ToList();

        names.Should().HaveCountGreaterThan(300, "every member of the engine's types is compared");
        renamed.Should().BeEmpty();
    }
}
