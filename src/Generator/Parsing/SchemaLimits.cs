using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using StructuredChat.Generator.Diagnostics;
using StructuredChat.Generator.Model;

namespace StructuredChat.Generator.Parsing;

/// <summary>
/// Parallel's rules for a schema that are not about one property's type: the schema name, nesting depth, how many
/// properties and enum values, how many characters of names and values, and the JSON names its basis uses.
/// </summary>
internal sealed class SchemaLimits
{
    private static readonly Regex SchemaNamePattern = new("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant);

    // JSON names Parallel's research basis uses for its own fields; a property of the same name reads as one of them.
    private static readonly HashSet<string> BasisNames = new(StringComparer.Ordinal)
    {
        "reasoning", "confidence", "citations", "evidence", "source", "sources", "source_urls",
    };

    // Parallel counts depth from the root object (level 1); names and enum values count towards the characters.
    private const int MaxDepth = 5;
    private const int MaxProperties = 100;
    private const int MaxEnumValues = 500;
    private const int MaxCharacters = 25_000;

    private readonly IReadOnlyDictionary<string, ObjectSpec> _objects;
    private readonly Func<ObjectSpec, int, Location> _locate;
    private readonly string _rootTypeName;
    private readonly Action<DiagnosticDescriptor, Location, object[]> _report;
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private int _properties;
    private int _enumValues;
    private int _characters;

    private SchemaLimits(IReadOnlyDictionary<string, ObjectSpec> objects, Func<ObjectSpec, int, Location> locate, string rootTypeName, Action<DiagnosticDescriptor, Location, object[]> report)
    {
        _objects = objects;
        _locate = locate;
        _rootTypeName = rootTypeName;
        _report = report;
    }

    /// <summary>Whether Parallel accepts <paramref name="schemaName"/> as <c>json_schema.name</c>.</summary>
    public static bool IsValidSchemaName(string schemaName) => SchemaNamePattern.IsMatch(schemaName);

    /// <summary>Whether <paramref name="jsonName"/> is one of the names Parallel's basis uses.</summary>
    public static bool IsBasisName(string jsonName) => BasisNames.Contains(jsonName);

    /// <summary>
    /// Walks the schema as it will be inlined and counts what Parallel limits; reports each limit once, at the property
    /// that crosses it (<paramref name="locate"/> gives the location of property i of an object).
    /// </summary>
    public static void Check(
        ObjectSpec root,
        IReadOnlyDictionary<string, ObjectSpec> objects,
        Func<ObjectSpec, int, Location> locate,
        string rootTypeName,
        Action<DiagnosticDescriptor, Location, object[]> report) =>
        new SchemaLimits(objects, locate, rootTypeName, report).WalkObject(root, depth: 1, path: string.Empty);

    private void WalkObject(ObjectSpec spec, int depth, string path)
    {
        for (var i = 0; i < spec.Properties.Count; i++)
        {
            var property = spec.Properties[i];
            var location = _locate(spec, i);
            var propertyPath = path.Length == 0 ? property.JsonName : path + "." + property.JsonName;
            _properties++;
            _characters += property.JsonName.Length;
            if (_properties > MaxProperties)
            {
                ReportOnce(DiagnosticDescriptors.TooManyProperties, location, property.ClrName, _rootTypeName, _properties.ToString(CultureInfo.InvariantCulture));
            }

            WalkValue(property, property.Value, depth, propertyPath, location);

            if (_characters > MaxCharacters)
            {
                ReportOnce(DiagnosticDescriptors.SchemaTooLarge, location, property.ClrName, _rootTypeName, _characters.ToString(CultureInfo.InvariantCulture));
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
                    ReportOnce(DiagnosticDescriptors.TooManyEnumValues, location, property.ClrName, _rootTypeName, _enumValues + " enum values");
                }
                else if (count > 250 && chars > 7_500)
                {
                    ReportOnce(DiagnosticDescriptors.TooManyEnumValues, location, property.ClrName, _rootTypeName, count + " enum values of " + chars + " characters in one enum");
                }

                break;

            case ValueShape.Object:
                CheckDepth(property, depth + 1, path, location);
                WalkObject(_objects[value.ObjectTypeKey!], depth + 1, path);
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
            ReportOnce(DiagnosticDescriptors.NestingTooDeep, location, property.ClrName, depth.ToString(CultureInfo.InvariantCulture), path);
        }
    }

    private void ReportOnce(DiagnosticDescriptor descriptor, Location location, params object[] args)
    {
        if (_reported.Add(descriptor.Id))
        {
            _report(descriptor, location, args);
        }
    }
}
