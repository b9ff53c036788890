using System.Reflection;
using Newtonsoft.Json.Serialization;

namespace Orchestrator.State;

/// <summary>
/// Snake_case names, and members read and written through reflection instead of a compiled expression each: the
/// default compiles one per property the first time it is used (over 200 in a short run, each built as an expression
/// tree and JIT-compiled), a large part of a short run's start-up, while a reflection call costs little per use.
/// </summary>
internal sealed class StateContractResolver : DefaultContractResolver
{
    public StateContractResolver() => NamingStrategy = new SnakeCaseNamingStrategy();

    protected override IValueProvider CreateMemberValueProvider(MemberInfo member) => new ReflectionValueProvider(member);
}
