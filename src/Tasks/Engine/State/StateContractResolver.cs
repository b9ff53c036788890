using System.Reflection;
using Newtonsoft.Json.Serialization;

namespace Orchestrator.State;

/// <summary>
/// Snake_case names, and members read and written through reflection instead of a compiled expression each: the
/// default builds an expression tree per property the first time it is used and JIT-compiles it (224 in a run of the
/// sample to Planning), start-up time a reflection call does not spend and the per-use cost of which stays small.
/// </summary>
internal sealed class StateContractResolver : DefaultContractResolver
{
    public StateContractResolver() => NamingStrategy = new SnakeCaseNamingStrategy();

    protected override IValueProvider CreateMemberValueProvider(MemberInfo member) => new ReflectionValueProvider(member);
}
