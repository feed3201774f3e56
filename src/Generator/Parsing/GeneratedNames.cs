using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StructuredChat.Generator.Parsing;

/// <summary>
/// The names generated code uses for a type: how it is written in code, its file (hint) name, the class that holds its
/// extensions and the accessibility they can have, the declaration keyword its generated partial repeats.
/// </summary>
internal static class GeneratedNames
{
    /// <summary><c>global::Demo.@event.Person</c>: keywords escaped, special types as keywords.</summary>
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary><see cref="FullyQualified"/> with the <c>?</c> of nullable reference types inside the type (<c>List&lt;string?&gt;</c>).</summary>
    public static readonly SymbolDisplayFormat FullyQualifiedWithNullability = FullyQualified
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>Demo.@event.Person</c>: as a namespace declaration writes it.</summary>
    public static readonly SymbolDisplayFormat QualifiedWithoutGlobal = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    // Names that are C# keywords (namespace Demo.@event, record @class) must keep their '@' in code, and must
    // lose it in the hint name, where '@' is not allowed.
    private static readonly SymbolDisplayFormat QualifiedUnescaped = QualifiedWithoutGlobal
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private static readonly SymbolDisplayFormat Display = SymbolDisplayFormat.MinimallyQualifiedFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary><c>Point</c>, <c>Outer.Pair&lt;string&gt;</c>: how messages and docs name the type, without nullable annotations.</summary>
    public static string DisplayName(INamedTypeSymbol type) => type.ToDisplayString(Display);

    /// <summary>The key a type is known by in the specs (its fully qualified name).</summary>
    public static string TypeKey(INamedTypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary>The type's namespace as a declaration writes it, or null in the global namespace.</summary>
    public static string? Namespace(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(QualifiedWithoutGlobal) : null;

    /// <summary>The type's name as code writes it: <c>@class</c> for a type called <c>class</c>.</summary>
    public static string Identifier(INamedTypeSymbol type) => EscapedName(type.Name);

    /// <summary>A name as code writes it: <c>@class</c> for <c>class</c>.</summary>
    public static string EscapedName(string name) =>
        SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary>The prefix of the files generated for a response type: its full name without '@'.</summary>
    public static string HintPrefix(INamedTypeSymbol type) => type.ToDisplayString(QualifiedUnescaped);

    /// <summary>A file-name-safe full name of the type.</summary>
    public static string HintName(INamedTypeSymbol type) => Sanitize(type.ToDisplayString(QualifiedUnescaped), includeContainers: null);

    /// <summary>The static class that holds the type's partial and basis extensions.</summary>
    public static string ExtensionClassName(INamedTypeSymbol type) =>
        Sanitize(DisplayName(type), includeContainers: type) + "ParallelExtensions";

    /// <summary>Letters, digits and dots only: <c>Outer.Pair&lt;int&gt;</c> becomes <c>Outer_Pair_int</c> (with containers) for class names.</summary>
    private static string Sanitize(string name, INamedTypeSymbol? includeContainers)
    {
        if (includeContainers is not null)
        {
            for (var parent = includeContainers.ContainingType; parent is not null; parent = parent.ContainingType)
            {
                name = parent.Name + "_" + name;
            }
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' || (includeContainers is null && c == '.') ? c : '_');
        }

        return builder.ToString().TrimEnd('_');
    }

    /// <summary>The partial/basis extensions live in a namespace-level static class, so the type must be visible there.</summary>
    public static string? ExtensionAccessibility(INamedTypeSymbol type)
    {
        var result = "public";
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            switch (named.DeclaredAccessibility)
            {
                case Accessibility.Public:
                    break;
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                    result = "internal";
                    break;
                default:
                    return null;
            }

            foreach (var argument in named.TypeArguments.OfType<INamedTypeSymbol>())
            {
                var inner = ExtensionAccessibility(argument);
                if (inner is null)
                {
                    return null;
                }

                if (inner == "internal")
                {
                    result = "internal";
                }
            }
        }

        return result;
    }

    /// <summary>What the generated partial declaration of the type starts with.</summary>
    public static string DeclarationKeyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => type.IsReadOnly ? "readonly partial record struct" : "partial record struct",
        (true, _) => "partial record",
        (false, TypeKind.Struct) => type.IsReadOnly ? "readonly partial struct" : "partial struct",
        (false, TypeKind.Interface) => "partial interface",
        _ => "partial class",
    };

    /// <summary><c>Person</c> for <c>global::Demo.Person</c>: how a cycle names its types.</summary>
    public static string ShortName(string typeKey)
    {
        var plain = typeKey.StartsWith("global::", StringComparison.Ordinal) ? typeKey.Substring(8) : typeKey;
        var dot = plain.LastIndexOf('.');
        return dot < 0 ? plain : plain.Substring(dot + 1);
    }

    // Instance members of the runtime's Partial<T>: an instance member wins over a generated extension property of
    // the same name, so such a property would be unreachable there. Partial<T>, PartialState<T> and BasisNode<T> have
    // only object's own members (generated code reads them through the static PartialAccessors and BasisAccessor).
    public static readonly HashSet<string> PartialMemberNames = new(StringComparer.Ordinal)
    {
        "Equals", "GetHashCode", "GetType", "ToString",
    };
}
