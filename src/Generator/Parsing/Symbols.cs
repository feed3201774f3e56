using Microsoft.CodeAnalysis;

namespace StructuredChat.Generator.Parsing;

/// <summary>Reads names and attribute arguments off symbols by metadata name (the generator never references the types it looks for).</summary>
internal static class Symbols
{
    /// <summary><c>System.Collections.Generic.List`1</c>, <c>Outer+Inner</c>: the name <see cref="KnownTypeNames"/> compares with.</summary>
    public static string MetadataName(ISymbol? symbol)
    {
        if (symbol is null)
        {
            return string.Empty;
        }

        var ns = symbol.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() + "." : string.Empty;
        var outer = string.Empty;
        for (var parent = symbol.ContainingType; parent is not null; parent = parent.ContainingType)
        {
            outer = parent.MetadataName + "+" + outer;
        }

        return ns + outer + symbol.MetadataName;
    }

    /// <summary>The single string argument of the attribute <paramref name="attributeName"/> on <paramref name="symbol"/>, or null.</summary>
    public static string? AttributeString(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (MetadataName(attribute.AttributeClass) == attributeName
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is string value)
            {
                return value;
            }
        }

        return null;
    }
}
