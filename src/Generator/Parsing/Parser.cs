using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StructuredChat.Generator.Diagnostics;
using StructuredChat.Generator.Helpers;
using StructuredChat.Generator.Model;

namespace StructuredChat.Generator.Parsing;

/// <summary>
/// The only code that touches symbols: turns one <c>[ParallelResponse]</c> type into an equatable
/// <see cref="ResponseTypeSpec"/> plus the diagnostics that Parallel's schema rules call for.
/// </summary>
internal sealed class Parser
{
    private static readonly Regex SchemaNamePattern = new("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

    private static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    private static readonly SymbolDisplayFormat QualifiedWithoutGlobal = SymbolDisplayFormat.FullyQualifiedFormat
        .WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _rootType;
    private readonly Location _rootLocation;
    private readonly int _namingPolicy;
    private readonly CancellationToken _cancellationToken;
    private readonly List<Diagnostic> _diagnostics = new();
    private readonly Dictionary<string, ObjectSpec> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string TypeKey, int Index), Location> _propertyLocations = new();
    private readonly Stack<string> _typeStack = new();

    private Parser(Compilation compilation, INamedTypeSymbol rootType, Location rootLocation, int namingPolicy, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _rootType = rootType;
        _rootLocation = rootLocation;
        _namingPolicy = namingPolicy;
        _cancellationToken = cancellationToken;
    }

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
        {
            return new ParseResult(null, EquatableArray<Diagnostic>.Empty);
        }

        var attribute = context.Attributes[0];
        string? explicitName = null;
        var policy = JsonNaming.SnakeCaseLower;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key)
            {
                case "Name":
                    explicitName = argument.Value.Value as string;
                    break;
                case "NamingPolicy" when argument.Value.Value is int value:
                    policy = value;
                    break;
            }
        }

        var parser = new Parser(context.SemanticModel.Compilation, type, declaration.Identifier.GetLocation(), policy, cancellationToken);
        return parser.ParseRoot(declaration, attribute, explicitName);
    }

    private ParseResult ParseRoot(TypeDeclarationSyntax declaration, AttributeData attribute, string? explicitName)
    {
        var type = _rootType;
        var blocking = false;

        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            Report(DiagnosticDescriptors.TypeNotPartial, _rootLocation, type.Name, string.Empty);
            blocking = true;
        }

        for (var parent = declaration.Parent as TypeDeclarationSyntax; parent is not null; parent = parent.Parent as TypeDeclarationSyntax)
        {
            if (!parent.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                Report(DiagnosticDescriptors.TypeNotPartial, parent.Identifier.GetLocation(), parent.Identifier.ValueText, $" (it contains '{type.Name}')");
                blocking = true;
            }
        }

        if (type.IsAbstract)
        {
            Report(DiagnosticDescriptors.AbstractType, _rootLocation, type.Name);
            blocking = true;
        }

        if (type.IsGenericType || type.ContainingType?.IsGenericType == true)
        {
            Report(DiagnosticDescriptors.GenericType, _rootLocation, type.Name);
            blocking = true;
        }

        var schemaName = explicitName ?? JsonNaming.ToSnakeCaseLower(type.Name);
        if (!SchemaNamePattern.IsMatch(schemaName))
        {
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? _rootLocation;
            Report(DiagnosticDescriptors.InvalidSchemaName, location, schemaName);
            blocking = true;
        }

        if (blocking)
        {
            return new ParseResult(null, _diagnostics.ToEquatableArray());
        }

        var root = ParseObject(type, jsonPath: string.Empty);
        if (root is null || _diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, _diagnostics.ToEquatableArray());
        }

        new LimitChecker(this).Check(root);
        if (_diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, _diagnostics.ToEquatableArray());
        }

        var containing = new List<ContainingTypeSpec>();
        for (var parent = type.ContainingType; parent is not null; parent = parent.ContainingType)
        {
            containing.Insert(0, new ContainingTypeSpec(DeclarationKeyword(parent), Identifier(parent)));
        }

        // Names that are C# keywords (namespace Demo.@event, record @class) must keep their '@' in code, and must
        // lose it in the hint name, where '@' is not allowed.
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(QualifiedWithoutGlobal) : null;
        var hintPrefix = type.ToDisplayString(QualifiedWithoutGlobal.RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers));
        var nested = _objects.Values.Where(o => o.TypeKey != root.TypeKey).OrderBy(o => o.TypeKey, StringComparer.Ordinal);
        var spec = new ResponseTypeSpec(
            ns,
            containing.ToEquatableArray(),
            DeclarationKeyword(type),
            Identifier(type),
            type.ToDisplayString(FullyQualified),
            hintPrefix,
            schemaName,
            root.Description,
            root,
            nested.ToEquatableArray());
        return new ParseResult(spec, _diagnostics.ToEquatableArray());
    }

    private ObjectSpec? ParseObject(INamedTypeSymbol type, string jsonPath)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var key = TypeKey(type);
        if (_objects.TryGetValue(key, out var existing))
        {
            return existing;
        }

        _typeStack.Push(key);
        try
        {
            var members = CollectProperties(type);
            var constructor = ChooseConstructor(type, members);
            var properties = new List<PropertySpec>();
            var byJsonName = new Dictionary<string, IPropertySymbol>(StringComparer.Ordinal);
            var parameterDocs = DocComments.ParameterDocs(type, _cancellationToken);

            foreach (var property in members)
            {
                var location = LocationOf(property);
                var jsonName = JsonNameOf(property);
                var propertyPath = jsonPath.Length == 0 ? jsonName : jsonPath + "." + jsonName;

                if (byJsonName.TryGetValue(jsonName, out var first))
                {
                    Report(DiagnosticDescriptors.DuplicateJsonName, location, property.Name, first.Name, jsonName);
                    continue;
                }

                byJsonName.Add(jsonName, property);

                if (BasisNames.Contains(jsonName))
                {
                    Report(DiagnosticDescriptors.BasisLikePropertyName, location, property.Name, jsonName);
                }

                if (PartialMemberNames.Contains(property.Name))
                {
                    Report(DiagnosticDescriptors.HiddenByRuntimeMember, location, property.Name, "Partial<T>", "partial");
                }
                else if (BasisMemberNames.Contains(property.Name))
                {
                    Report(DiagnosticDescriptors.HiddenByRuntimeMember, location, property.Name, "BasisNode<T>", "basis");
                }

                var value = ParseValue(property, property.Type, property.NullableAnnotation, propertyPath, location);
                if (value is null)
                {
                    continue;
                }

                var parameterIndex = -1;
                if (constructor is not null)
                {
                    var parameter = constructor.Parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                    if (parameter is not null)
                    {
                        parameterIndex = parameter.Ordinal;
                    }
                }

                if (parameterIndex < 0 && !IsSettable(property))
                {
                    Report(DiagnosticDescriptors.NotConstructible, location, property.Name, type.Name);
                    continue;
                }

                var description = Describe(DescriptionOf(property, constructor, parameterDocs), value);
                _propertyLocations[(key, properties.Count)] = location;
                properties.Add(new PropertySpec(property.Name, jsonName, description, value, parameterIndex));
            }

            var spec = new ObjectSpec(
                key,
                type.ToDisplayString(FullyQualified),
                type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                DescriptionOfType(type),
                properties.ToEquatableArray(),
                type.IsValueType,
                constructor?.Parameters.Length ?? 0,
                type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString(QualifiedWithoutGlobal) : null,
                ExtensionAccessibility(type),
                Sanitize(type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), includeContainers: type) + "ParallelExtensions",
                HintNameOf(type));
            _objects[key] = spec;
            return spec;
        }
        finally
        {
            _typeStack.Pop();
        }
    }

    private ValueSpec? ParseValue(IPropertySymbol property, ITypeSymbol type, NullableAnnotation annotation, string jsonPath, Location location)
    {
        var nullable = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableType)
        {
            nullable = true;
            type = nullableType.TypeArguments[0];
        }
        else if (!type.IsValueType && annotation == NullableAnnotation.Annotated)
        {
            nullable = true;
        }

        var typeName = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualified);

        var scalar = ScalarKindOf(type);
        if (scalar != ScalarKind.None)
        {
            var members = scalar == ScalarKind.Enum ? EnumMembers((INamedTypeSymbol)type) : EquatableArray<EnumMemberSpec>.Empty;
            return new ValueSpec(ValueShape.Scalar, scalar, nullable, typeName, CollectionKind.None, null, null, members);
        }

        var (collection, elementType, elementAnnotation) = CollectionOf(type);
        if (collection != CollectionKind.None)
        {
            var element = ParseValue(property, elementType!, elementAnnotation, jsonPath + ".0", location);
            return element is null
                ? null
                : new ValueSpec(ValueShape.Array, ScalarKind.None, nullable, typeName, collection, element, null, EquatableArray<EnumMemberSpec>.Empty);
        }

        var unsupported = UnsupportedReason(type);
        if (unsupported is not null)
        {
            Report(DiagnosticDescriptors.UnsupportedPropertyType, location, property.Name, type.ToDisplayString(), unsupported);
            return null;
        }

        var objectType = (INamedTypeSymbol)type;
        var key = TypeKey(objectType);
        if (_typeStack.Contains(key))
        {
            var cycle = string.Join(" -> ", _typeStack.Reverse().Concat(new[] { key }).Select(ShortName));
            Report(DiagnosticDescriptors.RecursiveType, location, property.Name, objectType.Name, cycle);
            return null;
        }

        var nested = ParseObject(objectType, jsonPath);
        return nested is null
            ? null
            : new ValueSpec(ValueShape.Object, ScalarKind.None, nullable, typeName, CollectionKind.None, null, key, EquatableArray<EnumMemberSpec>.Empty);
    }

    private static string ShortName(string typeKey)
    {
        var plain = typeKey.StartsWith("global::", StringComparison.Ordinal) ? typeKey.Substring(8) : typeKey;
        var dot = plain.LastIndexOf('.');
        return dot < 0 ? plain : plain.Substring(dot + 1);
    }

    private static ScalarKind ScalarKindOf(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ScalarKind.String;
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

    private static (CollectionKind Kind, ITypeSymbol? Element, NullableAnnotation Annotation) CollectionOf(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
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
                _ => CollectionKind.None,
            };
            if (kind != CollectionKind.None)
            {
                return (kind, named.TypeArguments[0], named.TypeArgumentNullableAnnotations[0]);
            }
        }

        return (CollectionKind.None, null, NullableAnnotation.None);
    }

    private static string? UnsupportedReason(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
        {
            return "an untyped value has no schema";
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
            return "only List<T>, IReadOnlyList<T>, IList<T>, ImmutableArray<T> and arrays are supported as collections, and framework types other than dates, times, Guid and Uri have no schema";
        }

        return null;
    }

    private EquatableArray<EnumMemberSpec> EnumMembers(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue)
            .Select(f => new EnumMemberSpec(
                f.Name,
                AttributeString(f, KnownTypeNames.JsonStringEnumMemberNameAttribute) ?? f.Name))
            .ToEquatableArray();

    private List<IPropertySymbol> CollectProperties(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            chain.Insert(0, current);
        }

        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<IPropertySymbol>();
        foreach (var current in chain)
        {
            foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public
                    || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public } || IsIgnored(property))
                {
                    continue;
                }

                // A derived type's 'new' or 'override' property takes the base one's place: its type and attributes
                // are the ones System.Text.Json uses.
                if (positions.TryGetValue(property.Name, out var position))
                {
                    result[position] = property;
                }
                else
                {
                    positions.Add(property.Name, result.Count);
                    result.Add(property);
                }
            }
        }

        return result;
    }

    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<IPropertySymbol> properties)
    {
        var accessible = type.InstanceConstructors
            .Where(c => _compilation.IsSymbolAccessibleWithin(c, _rootType))
            .Where(c => !(c.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(c.Parameters[0].Type, type)))
            .ToList();

        var marked = accessible.FirstOrDefault(c => c.GetAttributes().Any(a => MetadataName(a.AttributeClass) == KnownTypeNames.JsonConstructorAttribute));
        if (marked is not null)
        {
            return marked;
        }

        var parameterless = accessible.FirstOrDefault(c => c.Parameters.Length == 0);
        if (parameterless is not null && properties.All(IsSettable))
        {
            return parameterless;
        }

        return accessible
            .Where(c => c.Parameters.All(p => properties.Any(prop =>
                string.Equals(prop.Name, p.Name, StringComparison.OrdinalIgnoreCase)
                && SymbolEqualityComparer.Default.Equals(prop.Type.WithNullableAnnotation(NullableAnnotation.None), p.Type.WithNullableAnnotation(NullableAnnotation.None)))))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault() ?? parameterless;
    }

    private bool IsSettable(IPropertySymbol property) =>
        property.SetMethod is { } setter && _compilation.IsSymbolAccessibleWithin(setter, _rootType);

    private string JsonNameOf(IPropertySymbol property) =>
        AttributeString(property, KnownTypeNames.JsonPropertyNameAttribute) ?? JsonNaming.Convert(property.Name, _namingPolicy);

    private static bool IsIgnored(IPropertySymbol property)
    {
        foreach (var attribute in property.GetAttributes())
        {
            if (MetadataName(attribute.AttributeClass) != KnownTypeNames.JsonIgnoreAttribute)
            {
                continue;
            }

            // JsonIgnoreCondition.Never (0) keeps the property; Always (1, the default) removes it; the
            // WhenWriting* conditions only affect serialization, so the property stays in the schema.
            var condition = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Condition").Value.Value as int? ?? 1;
            return condition == 1;
        }

        return false;
    }

    private string? DescriptionOf(IPropertySymbol property, IMethodSymbol? constructor, IReadOnlyDictionary<string, string> parameterDocs)
    {
        var fromAttribute = AttributeString(property, KnownTypeNames.DescriptionAttribute);
        if (fromAttribute is not null)
        {
            return fromAttribute;
        }

        var parameter = constructor?.Parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase));
        if (parameter is not null && AttributeString(parameter, KnownTypeNames.DescriptionAttribute) is { } onParameter)
        {
            return onParameter;
        }

        return DocComments.Summary(property, _cancellationToken)
            ?? (parameterDocs.TryGetValue(property.Name, out var doc) ? doc : null);
    }

    private string? DescriptionOfType(INamedTypeSymbol type) =>
        AttributeString(type, KnownTypeNames.DescriptionAttribute) ?? DocComments.Summary(type, _cancellationToken);

    /// <summary>Parallel rejects <c>format</c> and range keywords, so the expected format goes into the description.</summary>
    private static string? Describe(string? description, ValueSpec value)
    {
        var format = FormatHint(value.Shape == ValueShape.Array ? value.Element! : value);
        if (format is null || value.Shape == ValueShape.Array)
        {
            return description;
        }

        return description is null ? format : description + " (" + format + ")";
    }

    internal static string? FormatHint(ValueSpec value) => value.Shape != ValueShape.Scalar ? null : value.Scalar switch
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
        _ => null,
    };

    private static string? AttributeString(ISymbol symbol, string attributeName)
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

    private static string MetadataName(ISymbol? symbol)
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

    private static string Identifier(INamedTypeSymbol type) =>
        SyntaxFacts.GetKeywordKind(type.Name) == SyntaxKind.None ? type.Name : "@" + type.Name;

    private static string TypeKey(INamedTypeSymbol type) => type.ToDisplayString(FullyQualified);

    private static string HintNameOf(INamedTypeSymbol type) =>
        Sanitize(type.ToDisplayString(QualifiedWithoutGlobal.RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers)), includeContainers: null);

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

        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' || (includeContainers is null && c == '.') ? c : '_');
        }

        return builder.ToString().TrimEnd('_');
    }

    /// <summary>The partial/basis extensions live in a namespace-level static class, so the type must be visible there.</summary>
    private static string? ExtensionAccessibility(INamedTypeSymbol type)
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

    private static string DeclarationKeyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => type.IsReadOnly ? "readonly partial record struct" : "partial record struct",
        (true, _) => "partial record",
        (false, TypeKind.Struct) => type.IsReadOnly ? "readonly partial struct" : "partial struct",
        (false, TypeKind.Interface) => "partial interface",
        _ => "partial class",
    };

    private Location LocationOf(IPropertySymbol property)
    {
        var location = property.Locations.FirstOrDefault(l => l.IsInSource);
        return location ?? _rootLocation;
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params object[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, location, args));

    // Instance members of the runtime's Partial<T> and BasisNode<T>: an instance member wins over a generated
    // extension property of the same name, so such a property would be unreachable there.
    private static readonly HashSet<string> PartialMemberNames = new(StringComparer.Ordinal)
    {
        "JsonPath", "IsComplete", "GetState", "GetString", "GetValue", "GetReference", "GetObject", "GetList", "Equals", "GetHashCode", "GetType", "ToString",
    };

    private static readonly HashSet<string> BasisMemberNames = new(StringComparer.Ordinal)
    {
        "BasisPath", "BasisForSelf", "Field", "Object", "List",
    };

    private static readonly HashSet<string> BasisNames = new(StringComparer.Ordinal)
    {
        "reasoning", "confidence", "citations", "evidence", "source", "sources", "source_urls",
    };

    /// <summary>
    /// Walks the schema as it will be inlined and counts what Parallel limits: nesting depth, properties, enum values,
    /// characters of names and values. Reports each limit once, at the property that crosses it.
    /// </summary>
    private sealed class LimitChecker
    {
        private const int MaxDepth = 5;
        private const int MaxProperties = 100;
        private const int MaxEnumValues = 500;
        private const int MaxCharacters = 25_000;

        private readonly Parser _parser;
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
        private int _properties;
        private int _enumValues;
        private int _characters;

        public LimitChecker(Parser parser) => _parser = parser;

        public void Check(ObjectSpec root) => WalkObject(root, depth: 1, path: string.Empty);

        private void WalkObject(ObjectSpec spec, int depth, string path)
        {
            for (var i = 0; i < spec.Properties.Count; i++)
            {
                var property = spec.Properties[i];
                var location = _parser._propertyLocations.TryGetValue((spec.TypeKey, i), out var l) ? l : _parser._rootLocation;
                var propertyPath = path.Length == 0 ? property.JsonName : path + "." + property.JsonName;
                _properties++;
                _characters += property.JsonName.Length;
                if (_properties > MaxProperties)
                {
                    ReportOnce(DiagnosticDescriptors.TooManyProperties, location, property.ClrName, _parser._rootType.Name, _properties.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                WalkValue(property, property.Value, depth, propertyPath, location);

                if (_characters > MaxCharacters)
                {
                    ReportOnce(DiagnosticDescriptors.SchemaTooLarge, location, property.ClrName, _parser._rootType.Name, _characters.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        private void WalkValue(PropertySpec property, ValueSpec value, int depth, string path, Location location)
        {
            switch (value.Shape)
            {
                case ValueShape.Scalar when value.Scalar == ScalarKind.Enum:
                    var count = value.EnumMembers.Count;
                    var chars = value.EnumMembers.Sum(m => m.JsonValue.Length);
                    _enumValues += count;
                    _characters += chars;
                    if (_enumValues > MaxEnumValues)
                    {
                        ReportOnce(DiagnosticDescriptors.TooManyEnumValues, location, property.ClrName, _parser._rootType.Name, _enumValues + " enum values");
                    }
                    else if (count > 250 && chars > 7_500)
                    {
                        ReportOnce(DiagnosticDescriptors.TooManyEnumValues, location, property.ClrName, _parser._rootType.Name, count + " enum values of " + chars + " characters in one enum");
                    }

                    break;

                case ValueShape.Object:
                    CheckDepth(property, depth + 1, path, location);
                    WalkObject(_parser._objects[value.ObjectTypeKey!], depth + 1, path);
                    break;

                case ValueShape.Array:
                    CheckDepth(property, depth + 1, path, location);
                    WalkValue(property, value.Element!, depth + 1, path + ".0", location);
                    break;
            }
        }

        private void CheckDepth(PropertySpec property, int depth, string path, Location location)
        {
            if (depth > MaxDepth)
            {
                ReportOnce(DiagnosticDescriptors.NestingTooDeep, location, property.ClrName, depth.ToString(System.Globalization.CultureInfo.InvariantCulture), path);
            }
        }

        private void ReportOnce(DiagnosticDescriptor descriptor, Location location, params object[] args)
        {
            if (_reported.Add(descriptor.Id))
            {
                _parser.Report(descriptor, location, args);
            }
        }
    }
}
