namespace StructuredChat.Generator.Tests.Generation;

/// <summary>
/// Shapes the generator test can produce that need a fix elsewhere before they pass. Each is off until that fix is
/// merged; an off shape is simply not generated (never generated with a weakened expectation), and the report of the
/// run names the ones that are off. <c>GENERATION_SHAPES_ON</c> (comma-separated names) switches shapes on for a run,
/// to see whether a fix has landed.
/// </summary>
internal static class Shapes
{
    /// <summary><c>[property: JsonIgnore] string? X = null</c> in a positional record (CS1729 in the builder).</summary>
    public static bool IgnoredParameterWithDefault { get; } = On(nameof(IgnoredParameterWithDefault), true);

    /// <summary><c>[property: JsonIgnore] int? X</c> (no default) in a positional record (CS7036 in the builder).</summary>
    public static bool IgnoredParameterWithoutDefault { get; } = On(nameof(IgnoredParameterWithoutDefault), true);

    /// <summary>Expression-bodied get-only properties, left out of the schema (SCHAT012 before).</summary>
    public static bool ComputedProperties { get; } = On(nameof(ComputedProperties), true);

    /// <summary><c>IEnumerable&lt;T&gt;</c>, <c>ICollection&lt;T&gt;</c>, <c>IReadOnlyCollection&lt;T&gt;</c>.</summary>
    public static bool CollectionInterfaces { get; } = On(nameof(CollectionInterfaces), true);

    /// <summary><c>ISet&lt;T&gt;</c> and <c>HashSet&lt;T&gt;</c>.</summary>
    public static bool Sets { get; } = On(nameof(Sets), true);

    /// <summary><c>char</c> properties and elements.</summary>
    public static bool Char { get; } = On(nameof(Char), true);

    /// <summary>Every property is reachable as <c>partial.Name</c> (nothing of <c>Partial&lt;T&gt;</c>'s own surface hides it).</summary>
    public static bool PartialViewReachesEveryName { get; } = On(nameof(PartialViewReachesEveryName), true);

    /// <summary>
    /// Properties named <c>Partial</c> or <c>PartialState</c>, the types the partial view's extension blocks extend
    /// (such a block takes a type-parameter receiver in a class of its own, as the basis block does).
    /// </summary>
    public static bool PartialTypeNames { get; } = On(nameof(PartialTypeNames), true);

    /// <summary>
    /// Property names equal to members the generator adds to the user's type (<c>JsonSchema</c>,
    /// <c>__parallelTypeInfo</c>...): the generator names its members around them.
    /// </summary>
    public static bool GeneratedMemberNames { get; } = On(nameof(GeneratedMemberNames), true);

    /// <summary>The shapes that are off, for the failure message.</summary>
    public static IEnumerable<string> Off => typeof(Shapes).GetProperties()
        .Where(p => p.PropertyType == typeof(bool) && !(bool)p.GetValue(null)!)
        .Select(p => p.Name);

    private static bool On(string name, bool merged) =>
        merged || (Environment.GetEnvironmentVariable("GENERATION_SHAPES_ON") ?? string.Empty).Split(',').Contains(name, StringComparer.Ordinal);
}
