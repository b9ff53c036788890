using System.Collections;
using System.ComponentModel;
using System.Dynamic;
using System.Reflection;
using System.Runtime.Serialization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
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
    public StateContractResolver() => NamingStrategy = new SnakeCaseNames();

    /// <summary>
    /// A plain class of this assembly (a state record, a phase output) goes straight to its object contract, which is
    /// where the default's checks would send it too: skipped is the one that asks <see cref="TypeDescriptor"/> whether
    /// the type converts to a string, whose first use builds the component model's tables (about 4 ms of start-up).
    /// </summary>
    protected override JsonContract CreateContract(Type objectType) =>
        IsPlainClassOfOurs(objectType) ? CreateObjectContract(objectType) : base.CreateContract(objectType);

    protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
    {
        var property = base.CreateProperty(member, memberSerialization);
        if (member.IsDefined(typeof(OmittedWhenNullAttribute), inherit: false))
        {
            property.NullValueHandling = NullValueHandling.Ignore;
        }

        return property;
    }

    protected override IValueProvider CreateMemberValueProvider(MemberInfo member) => new WarmingValueProvider(member);

    private static bool IsPlainClassOfOurs(Type type) =>
        type.Assembly == typeof(StateContractResolver).Assembly && type.IsClass
        && !typeof(IEnumerable).IsAssignableFrom(type)
        && !typeof(JToken).IsAssignableFrom(type)
        && !typeof(ISerializable).IsAssignableFrom(type)
        && !typeof(IConvertible).IsAssignableFrom(type)
        && !typeof(IDynamicMetaObjectProvider).IsAssignableFrom(type)
        && !type.IsDefined(typeof(JsonContainerAttribute), inherit: true)
        && !type.IsDefined(typeof(TypeConverterAttribute), inherit: true);

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
