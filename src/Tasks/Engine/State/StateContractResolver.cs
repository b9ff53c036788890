using System.Reflection;
using Newtonsoft.Json.Serialization;

namespace Orchestrator.State;

/// <summary>
/// Snake_case names, and members read and written through reflection for their first uses, then through a compiled
/// accessor once a member has been used often. The default builds an expression tree per property the first time it is
/// used and JIT-compiles it (224 in a run of the sample to Planning), start-up time a reflection call does not spend;
/// a large plan's members, used for every task, get the compiled accessor their many calls repay.
/// </summary>
internal sealed class StateContractResolver : DefaultContractResolver
{
    public StateContractResolver() => NamingStrategy = new SnakeCaseNamingStrategy();

    protected override IValueProvider CreateMemberValueProvider(MemberInfo member) => new WarmingValueProvider(member);

    private sealed class WarmingValueProvider(MemberInfo member) : IValueProvider
    {
        private const int CompiledAfter = 256;
        private IValueProvider _provider = new ReflectionValueProvider(member);
        private int _uses;

        public object? GetValue(object target) => Provider().GetValue(target);

        public void SetValue(object target, object? value) => Provider().SetValue(target, value);

        private IValueProvider Provider()
        {
            if (_uses < CompiledAfter && Interlocked.Increment(ref _uses) == CompiledAfter)
            {
                _provider = new ExpressionValueProvider(member);
            }

            return _provider;
        }
    }
}
