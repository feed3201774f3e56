using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StructuredChat.Generator.Diagnostics;
using StructuredChat.Generator.Helpers;
using StructuredChat.Generator.Model;
using static StructuredChat.Generator.Parsing.GeneratedNames;
using static StructuredChat.Generator.Parsing.Symbols;
using static StructuredChat.Generator.Parsing.TypeClassifier;

namespace StructuredChat.Generator.Parsing;

/// <summary>
/// Walks one <c>[ParallelResponse]</c> type and the types it uses and builds the equatable
/// <see cref="ResponseTypeSpec"/> plus the diagnostics. What a type is (<see cref="TypeClassifier"/>), Parallel's
/// limits (<see cref="SchemaLimits"/>) and the names generated code uses (<see cref="GeneratedNames"/>) live apart;
/// with <see cref="Symbols"/> and <see cref="DocComments"/> these are the only code that touches symbols.
/// </summary>
internal sealed class Parser
{
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
        if (!SchemaLimits.IsValidSchemaName(schemaName))
        {
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? _rootLocation;
            Report(DiagnosticDescriptors.InvalidSchemaName, location, schemaName);
            blocking = true;
        }

        if (blocking)
        {
            return new ParseResult(null, _diagnostics.ToEquatableArray());
        }

        var root = ParseObject(type);
        if (root is null || _diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, _diagnostics.ToEquatableArray());
        }

        SchemaLimits.Check(
            root,
            _objects,
            (obj, index) => _propertyLocations.TryGetValue((obj.TypeKey, index), out var location) ? location : _rootLocation,
            type.Name,
            Report);
        if (_diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, _diagnostics.ToEquatableArray());
        }

        var containing = new List<ContainingTypeSpec>();
        for (var parent = type.ContainingType; parent is not null; parent = parent.ContainingType)
        {
            containing.Insert(0, new ContainingTypeSpec(DeclarationKeyword(parent), Identifier(parent)));
        }

        var nested = _objects.Values.Where(o => o.TypeKey != root.TypeKey).OrderBy(o => o.TypeKey, StringComparer.Ordinal);
        var spec = new ResponseTypeSpec(
            Namespace(type),
            containing.ToEquatableArray(),
            DeclarationKeyword(type),
            Identifier(type),
            type.ToDisplayString(FullyQualified),
            HintPrefix(type),
            schemaName,
            root.Description,
            root,
            nested.ToEquatableArray(),
            MemberNamesFor(type));
        return new ParseResult(spec, _diagnostics.ToEquatableArray());
    }

    // What the user's type (and its bases) already declares decides the names of what the generator adds to it.
    private static GeneratedMemberNames MemberNamesFor(INamedTypeSymbol type)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            declared.UnionWith(current.MemberNames);
        }

        string Unique(string name)
        {
            while (declared.Contains(name))
            {
                name += "_";
            }

            return name;
        }

        return new GeneratedMemberNames(
            !declared.Contains("JsonSchema"),
            !declared.Contains("JsonSchemaName"),
            Unique("__parallelTypeInfo"),
            Unique("__CreateParallelTypeInfo"));
    }

    private ObjectSpec? ParseObject(INamedTypeSymbol type)
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
            var members = CollectProperties(type, out var ignored);
            members.RemoveAll(p => IsComputed(type, p));
            var constructor = ChooseConstructor(type, members, ignored);
            if (constructor is not null && UnboundParameter(constructor, members, ignored) is { } unbound)
            {
                // System.Text.Json throws at run time for such a constructor; the answer would have no value to pass.
                Report(DiagnosticDescriptors.ConstructorParameterUnbound, LocationOf(unbound), unbound.Name, type.Name);
            }

            var properties = new List<PropertySpec>();
            var byJsonName = new Dictionary<string, IPropertySymbol>(StringComparer.Ordinal);
            var parameterDocs = DocComments.ParameterDocs(type, _cancellationToken);

            foreach (var property in members)
            {
                var location = LocationOf(property);
                var jsonName = JsonNameOf(property);

                if (byJsonName.TryGetValue(jsonName, out var first))
                {
                    Report(DiagnosticDescriptors.DuplicateJsonName, location, property.Name, first.Name, jsonName);
                    continue;
                }

                byJsonName.Add(jsonName, property);

                if (SchemaLimits.IsBasisName(jsonName))
                {
                    Report(DiagnosticDescriptors.BasisLikePropertyName, location, property.Name, jsonName);
                }

                if (PartialMemberNames.Contains(property.Name))
                {
                    Report(DiagnosticDescriptors.HiddenByRuntimeMember, location, property.Name, "Partial<T>", "partial");
                }

                var value = ParseValue(property, property.Type, property.NullableAnnotation, location);
                if (value is null)
                {
                    continue;
                }

                var parameterIndex = -1;
                if (constructor is not null)
                {
                    var parameter = constructor.Parameters.FirstOrDefault(p => Matches(p, property));
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
                DisplayName(type),
                DescriptionOfType(type),
                properties.ToEquatableArray(),
                type.IsValueType,
                ConstructorParameters(constructor, properties),
                Namespace(type),
                ExtensionAccessibility(type),
                ExtensionClassName(type),
                HintName(type));
            _objects[key] = spec;
            return spec;
        }
        finally
        {
            _typeStack.Pop();
        }
    }

    private ValueSpec? ParseValue(IPropertySymbol property, ITypeSymbol type, NullableAnnotation annotation, Location location)
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
            return new ValueSpec(ValueShape.Scalar, scalar, nullable, typeName, CollectionKind.None, null, null, members, FormatHint(scalar));
        }

        var (collection, elementType, elementAnnotation) = CollectionOf(type);
        if (collection != CollectionKind.None)
        {
            var element = ParseValue(property, elementType!, elementAnnotation, location);

            // The collection's own name keeps the annotations inside it (List<string?>, Uri?[]): the builder's type
            // arguments must match the constructor's parameter exactly, or nullable analysis warns in generated code.
            var collectionName = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(FullyQualifiedWithNullability);
            return element is null
                ? null
                : new ValueSpec(ValueShape.Array, ScalarKind.None, nullable, collectionName, collection, element, null, EquatableArray<EnumMemberSpec>.Empty, null);
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

        var nested = ParseObject(objectType);
        return nested is null
            ? null
            : new ValueSpec(ValueShape.Object, ScalarKind.None, nullable, typeName, CollectionKind.None, null, key, EquatableArray<EnumMemberSpec>.Empty, null);
    }

    private EquatableArray<EnumMemberSpec> EnumMembers(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.HasConstantValue)
            .Select(f => new EnumMemberSpec(
                f.Name,
                AttributeString(f, KnownTypeNames.JsonStringEnumMemberNameAttribute) ?? f.Name))
            .ToEquatableArray();

    /// <summary>The public readable properties System.Text.Json sees, base types first, and in <paramref name="ignored"/> the <c>[JsonIgnore]</c>d ones.</summary>
    private static List<IPropertySymbol> CollectProperties(INamedTypeSymbol type, out List<IPropertySymbol> ignored)
    {
        ignored = new List<IPropertySymbol>();
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
                    || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public })
                {
                    continue;
                }

                if (IsIgnored(property))
                {
                    ignored.Add(property);
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

    /// <summary>
    /// The constructor the builder calls: <c>[JsonConstructor]</c>, else the parameterless one when every property can
    /// be set, else the longest one whose parameters all match properties (an <c>[JsonIgnore]</c>d property's parameter
    /// gets its default value, as System.Text.Json gives it).
    /// </summary>
    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<IPropertySymbol> properties, List<IPropertySymbol> ignored)
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
            .Where(c => c.Parameters.All(p => Binds(p, properties, ignored, exactType: true)))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault() ?? parameterless;
    }

    /// <summary>
    /// The first parameter of <paramref name="constructor"/> that no property binds to: none of its name (ignoring case,
    /// as System.Text.Json matches), or one whose value cannot be passed to it. Only a <c>[JsonConstructor]</c> can have
    /// one; any other constructor is chosen because all its parameters bind.
    /// </summary>
    private IParameterSymbol? UnboundParameter(IMethodSymbol constructor, List<IPropertySymbol> properties, List<IPropertySymbol> ignored) =>
        constructor.Parameters.FirstOrDefault(parameter => !Binds(parameter, properties, ignored, exactType: false));

    /// <summary>
    /// Whether a property (or an <c>[JsonIgnore]</c>d one) binds to <paramref name="parameter"/>: its name, ignoring case,
    /// and its type, the same (nullable annotations aside) when <paramref name="exactType"/>, else one whose value can be
    /// passed to the parameter.
    /// </summary>
    private bool Binds(IParameterSymbol parameter, List<IPropertySymbol> properties, List<IPropertySymbol> ignored, bool exactType) =>
        properties.Concat(ignored).Any(property => Matches(parameter, property) && (exactType
            ? SymbolEqualityComparer.Default.Equals(property.Type.WithNullableAnnotation(NullableAnnotation.None), parameter.Type.WithNullableAnnotation(NullableAnnotation.None))
            : _compilation.ClassifyConversion(property.Type, parameter.Type).IsImplicit));

    /// <summary>
    /// A property with no setter, no init and no constructor parameter (<c>Display =&gt; $"{A} {B}"</c>) is computed from
    /// the others: System.Text.Json never reads it, so it is not part of the answer.
    /// </summary>
    private static bool IsComputed(INamedTypeSymbol type, IPropertySymbol property) =>
        property.SetMethod is null && !type.InstanceConstructors.Any(c => c.Parameters.Any(parameter => Matches(parameter, property)));

    /// <summary>System.Text.Json binds a constructor parameter to the property of the same name, ignoring case.</summary>
    private static bool Matches(IParameterSymbol parameter, IPropertySymbol property) =>
        string.Equals(parameter.Name, property.Name, StringComparison.OrdinalIgnoreCase);

    private static EquatableArray<ConstructorParameterSpec> ConstructorParameters(IMethodSymbol? constructor, List<PropertySpec> properties) =>
        constructor is null
            ? EquatableArray<ConstructorParameterSpec>.Empty
            : constructor.Parameters
                .Select(p => new ConstructorParameterSpec(
                    EscapedName(p.Name),
                    properties.Any(property => property.ConstructorParameterIndex == p.Ordinal),
                    p.HasExplicitDefaultValue))
                .ToEquatableArray();

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

        var parameter = constructor?.Parameters.FirstOrDefault(p => Matches(p, property));
        if (parameter is not null && AttributeString(parameter, KnownTypeNames.DescriptionAttribute) is { } onParameter)
        {
            return onParameter;
        }

        return DocComments.Summary(property, _cancellationToken)
            ?? (parameterDocs.TryGetValue(property.Name, out var doc) ? doc : null);
    }

    private string? DescriptionOfType(INamedTypeSymbol type) =>
        AttributeString(type, KnownTypeNames.DescriptionAttribute) ?? DocComments.Summary(type, _cancellationToken);

    /// <summary>Parallel rejects <c>format</c> and range keywords, so a scalar's expected format goes into the description.</summary>
    private static string? Describe(string? description, ValueSpec value)
    {
        if (value.Shape != ValueShape.Scalar || value.FormatHint is null)
        {
            return description;
        }

        return description is null ? value.FormatHint : description + " (" + value.FormatHint + ")";
    }

    private Location LocationOf(ISymbol symbol)
    {
        var location = symbol.Locations.FirstOrDefault(l => l.IsInSource);
        return location ?? _rootLocation;
    }

    private void Report(DiagnosticDescriptor descriptor, Location location, params object[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, location, args));
}
