namespace Orchestrator.State;

/// <summary>
/// The member is left out of the JSON when it is null (<see cref="StateContractResolver"/>). Said with an attribute of
/// our own rather than <c>[JsonProperty(NullValueHandling = ...)]</c>: an enum-typed attribute argument is stored as its
/// type's name, and reading it starts the runtime's type-name parser, about 8 ms of the first save (bench/startup.sh).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OmittedWhenNullAttribute : Attribute;
