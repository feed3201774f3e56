using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using StructuredChat.Generator.Model;
using static StructuredChat.Generator.Parsing.Symbols;

namespace StructuredChat.Generator.Parsing;

/// <summary>
/// What a property's type is to the schema: a scalar (and which kind), a collection (and of what), or unsupported
/// (and why). Knows nothing about the type being walked; the parser asks it about one type at a time.
/// </summary>
internal static class TypeClassifier
{
    public static ScalarKind ScalarKindOf(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ScalarKind.String;
            case SpecialType.System_Char: return ScalarKind.Char;
            case SpecialType.System_Boolean: return ScalarKind.Boolean;
            case SpecialType.System_Byte: return ScalarKind.Byte;
            case SpecialType.System_SByte: return ScalarKind.SByte;
            case SpecialType.System_Int16: return ScalarKind.Int16;
            case SpecialType.System_UInt16: return ScalarKind.UInt16;
            case SpecialType.System_Int32: return ScalarKind.Int32;
            case SpecialType.System_UInt32: return ScalarKind.UInt32;
            case SpecialType.System_Int64: return ScalarKind.Int64;
            case SpecialType.System_UInt64: return ScalarKind.UInt64;
            case SpecialType.System_Single: return ScalarKind.Single;
            case SpecialType.System_Double: return ScalarKind.Double;
            case SpecialType.System_Decimal: return ScalarKind.Decimal;
            case SpecialType.System_DateTime: return ScalarKind.DateTime;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return ScalarKind.Enum;
        }

        return MetadataName(type) switch
        {
            KnownTypeNames.DateOnly => ScalarKind.DateOnly,
            KnownTypeNames.TimeOnly => ScalarKind.TimeOnly,
            KnownTypeNames.DateTimeOffset => ScalarKind.DateTimeOffset,
            KnownTypeNames.TimeSpan => ScalarKind.TimeSpan,
            KnownTypeNames.Guid => ScalarKind.Guid,
            KnownTypeNames.Uri => ScalarKind.Uri,
            _ => ScalarKind.None,
        };
    }

    /// <summary>
    /// Parallel rejects <c>format</c> and range keywords, so what a scalar's text or number must look like goes into
    /// its description; null for kinds whose JSON type says it all.
    /// </summary>
    public static string? FormatHint(ScalarKind kind) => kind switch
    {
        ScalarKind.Byte => "integer from 0 to 255",
        ScalarKind.SByte => "integer from -128 to 127",
        ScalarKind.Int16 => "integer from -32768 to 32767",
        ScalarKind.UInt16 => "integer from 0 to 65535",
        ScalarKind.UInt32 or ScalarKind.UInt64 => "non-negative integer",
        ScalarKind.DateOnly => "ISO 8601 date, YYYY-MM-DD",
        ScalarKind.TimeOnly => "ISO 8601 time of day, HH:MM:SS",
        ScalarKind.DateTime => "ISO 8601 date and time, YYYY-MM-DDTHH:MM:SS",
        ScalarKind.DateTimeOffset => "ISO 8601 date and time with UTC offset, YYYY-MM-DDTHH:MM:SS+HH:MM",
        ScalarKind.TimeSpan => "duration as [-][d.]hh:mm:ss[.fffffff]",
        ScalarKind.Guid => "GUID, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
        ScalarKind.Uri => "absolute URI",
        ScalarKind.Char => "one character",
        _ => null,
    };

    public static (CollectionKind Kind, ITypeSymbol? Element, NullableAnnotation Annotation) CollectionOf(ITypeSymbol type)
    {
        // System.Text.Json reads and writes byte[] as one base64 string, not as an array of numbers.
        if (type is IArrayTypeSymbol { Rank: 1 } array && array.ElementType.SpecialType != SpecialType.System_Byte)
        {
            return (CollectionKind.Array, array.ElementType, array.ElementNullableAnnotation);
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            var kind = MetadataName(named.OriginalDefinition) switch
            {
                KnownTypeNames.List => CollectionKind.List,
                KnownTypeNames.IReadOnlyList => CollectionKind.IReadOnlyList,
                KnownTypeNames.IList => CollectionKind.IList,
                KnownTypeNames.ImmutableArray => CollectionKind.ImmutableArray,
                KnownTypeNames.IEnumerable => CollectionKind.IEnumerable,
                KnownTypeNames.ICollection => CollectionKind.ICollection,
                KnownTypeNames.IReadOnlyCollection => CollectionKind.IReadOnlyCollection,
                KnownTypeNames.ISet => CollectionKind.ISet,
                KnownTypeNames.HashSet => CollectionKind.HashSet,
                _ => CollectionKind.None,
            };
            if (kind != CollectionKind.None)
            {
                return (kind, named.TypeArguments[0], named.TypeArgumentNullableAnnotations[0]);
            }
        }

        return (CollectionKind.None, null, NullableAnnotation.None);
    }

    /// <summary>Why a type that is neither a scalar nor a collection cannot be an object in the schema, or null when it can.</summary>
    public static string? UnsupportedReason(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
        {
            return "an untyped value has no schema";
        }

        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            return "System.Text.Json reads and writes byte[] as a base64 string, which a model cannot be asked for reliably; use List<byte> for numbers or a string";
        }

        if (type is IArrayTypeSymbol)
        {
            return "multi-dimensional arrays have no schema; use an array of arrays or a list";
        }

        var name = MetadataName(type is INamedTypeSymbol { IsGenericType: true } g ? g.OriginalDefinition : type);
        if (name.StartsWith("System.Text.Json.", StringComparison.Ordinal))
        {
            return "untyped JSON has no schema";
        }

        if (type.AllInterfaces.Concat(type is INamedTypeSymbol { TypeKind: TypeKind.Interface } self ? new[] { self } : Array.Empty<INamedTypeSymbol>())
            .Any(i => MetadataName(i.OriginalDefinition) is "System.Collections.Generic.IDictionary`2" or "System.Collections.Generic.IReadOnlyDictionary`2" or "System.Collections.IDictionary"))
        {
            return "a dictionary's keys are not known in advance, and Parallel requires every property to be listed";
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            return "an interface cannot be constructed; use a concrete type";
        }

        if (type.IsAbstract)
        {
            return "an abstract type cannot be constructed; use a concrete type";
        }

        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.SpecialType != SpecialType.None)
        {
            return "it is not a record, class or struct with properties";
        }

        if (name.StartsWith("System.", StringComparison.Ordinal) || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
        {
            return "the collections supported are arrays, List<T>, IList<T>, IReadOnlyList<T>, ICollection<T>, IReadOnlyCollection<T>, IEnumerable<T>, HashSet<T>, ISet<T> and ImmutableArray<T>, and framework types other than dates, times, Guid and Uri have no schema";
        }

        return null;
    }
}
