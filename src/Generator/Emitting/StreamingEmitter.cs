using System.Collections.Generic;
using System.Linq;
using StructuredChat.Generator.Model;
using static StructuredChat.Generator.Emitting.EmitterHelpers;

namespace StructuredChat.Generator.Emitting;

/// <summary>
/// Emits <c>{Type}.Streaming.g.cs</c>: the <c>TypeInfo</c> table the runtime's streaming reader and basis mapping read,
/// and one builder per object type that turns a complete partial object into the record. Tables and calls only: the
/// algorithms live in the runtime (<c>PartialJsonReader</c>, <c>PartialBuilder</c>).
/// </summary>
internal static class StreamingEmitter
{
    private const string Meta = "global::StructuredChat.Metadata.";
    private const string Builder = "global::StructuredChat.Streaming.PartialBuilder";
    private const string PartialObject = "global::StructuredChat.Streaming.PartialObject";

    public static string Emit(ResponseTypeSpec spec)
    {
        // partial record CompanyInfo
        // {
        //     static ParallelTypeInfo<CompanyInfo> IParallelResponse<CompanyInfo>.TypeInfo => __typeInfo ??= __CreateTypeInfo();
        //     private static ParallelTypeInfo<CompanyInfo> __CreateTypeInfo()
        //     {
        //         var person = ParallelObjectInfo.Create<Person>("Person", new ParallelPropertyInfo("name", "Name", new(String, false)), ...);
        //         var root = ParallelObjectInfo.Create<CompanyInfo>("CompanyInfo", ..., new("founders", "Founders", new(Array, false, element: new(Object, false, objectInfo: person))));
        //         return new ParallelTypeInfo<CompanyInfo>(root, static p => __Build_CompanyInfo(p));
        //     }
        //     private static CompanyInfo __Build_CompanyInfo(PartialObject p) => new CompanyInfo(PartialBuilder.RequireString(p, 0), ...) { Init = ... };
        // }
        var objects = spec.NestedObjects.ToDictionary(o => o.TypeKey);
        objects[spec.Root.TypeKey] = spec.Root;
        var ordered = DependencyOrder(spec.Root, objects);
        var iface = "global::StructuredChat.IParallelResponse<" + spec.FullyQualifiedName + ">";
        var typeInfo = Meta + "ParallelTypeInfo<" + spec.FullyQualifiedName + ">";

        var writer = new SourceWriter();
        WriteFileHeader(writer);
        var scopes = OpenTypeScope(writer, spec);
        writer.OpenBlock(spec.DeclarationKeyword + " " + spec.Name);

        writer.WriteLine("private static " + typeInfo + "? __parallelTypeInfo;");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc/>");
        writer.WriteLine("static " + typeInfo + " " + iface + ".TypeInfo => __parallelTypeInfo ??= __CreateParallelTypeInfo();");
        writer.WriteLine();
        writer.WriteLine(GeneratedCodeAttribute);
        writer.OpenBlock("private static " + typeInfo + " __CreateParallelTypeInfo()");
        foreach (var obj in ordered)
        {
            writer.WriteLine("var " + LocalName(obj) + " = " + Meta + "ParallelObjectInfo.Create<" + obj.FullyQualifiedName + ">(");
            writer.Indent();
            writer.WriteLine(Literal(obj.DisplayName) + (obj.Properties.Count == 0 ? ");" : ","));
            for (var i = 0; i < obj.Properties.Count; i++)
            {
                var property = obj.Properties[i];
                writer.WriteLine("new " + Meta + "ParallelPropertyInfo(" + Literal(property.JsonName) + ", " + Literal(property.ClrName) + ", "
                    + ValueInfo(property.Value, objects) + ")" + (i == obj.Properties.Count - 1 ? ");" : ","));
            }

            writer.Unindent();
        }

        writer.WriteLine("return new " + typeInfo + "(" + LocalName(spec.Root) + ", static p => " + BuildMethodName(spec.Root) + "(p));");
        writer.CloseBlock();

        foreach (var obj in ordered)
        {
            writer.WriteLine();
            WriteBuildMethod(writer, obj, objects);
        }

        writer.CloseBlock();
        CloseScopes(writer, scopes);
        return writer.ToString();
    }

    private static void WriteBuildMethod(SourceWriter writer, ObjectSpec obj, Dictionary<string, ObjectSpec> objects)
    {
        // private static Person __Build_Demo_Person(PartialObject p) => new Person(arg0, arg1) { Prop2 = ... };
        // The slot of a property is its position in the object's property list.
        var slots = obj.Properties.Select((property, slot) => (Property: property, Build: BuildExpression(property.Value, "p", slot.ToString(System.Globalization.CultureInfo.InvariantCulture), objects, 0))).ToList();
        var arguments = slots
            .Where(s => s.Property.ConstructorParameterIndex >= 0)
            .OrderBy(s => s.Property.ConstructorParameterIndex)
            .Select(s => s.Build)
            .ToList();
        var initializers = slots
            .Where(s => s.Property.ConstructorParameterIndex < 0)
            .Select(s => Identifier(s.Property.ClrName) + " = " + s.Build)
            .ToList();

        writer.WriteLine(GeneratedCodeAttribute);
        writer.OpenBlock("private static " + obj.FullyQualifiedName + " " + BuildMethodName(obj) + "(" + PartialObject + " p)");
        var end = initializers.Count > 0 ? ")" : ");";
        writer.WriteLine("return new " + obj.FullyQualifiedName + "(" + (arguments.Count == 0 ? end : string.Empty));
        writer.Indent();
        for (var i = 0; i < arguments.Count; i++)
        {
            writer.WriteLine(arguments[i] + (i == arguments.Count - 1 ? end : ","));
        }

        writer.Unindent();
        if (initializers.Count > 0)
        {
            writer.WriteLine("{");
            writer.Indent();
            foreach (var initializer in initializers)
            {
                writer.WriteLine(initializer + ",");
            }

            writer.Unindent();
            writer.WriteLine("};");
        }

        writer.CloseBlock();
    }

    private static string BuildExpression(ValueSpec value, string container, string index, Dictionary<string, ObjectSpec> objects, int depth)
    {
        var args = "(" + container + ", " + index;
        switch (value.Shape)
        {
            case ValueShape.Object:
                var build = BuildMethodName(objects[value.ObjectTypeKey!]);
                var method = !value.IsNullable ? "RequireObject" : objects[value.ObjectTypeKey!].IsValueType ? "OptionalStruct" : "OptionalObject";
                return Builder + "." + method + "<" + value.FullyQualifiedType + ">" + args + ", " + build + ")";

            case ValueShape.Array:
                var element = value.Element!;
                var c = "c" + depth;
                var i = "i" + depth;
                var list = Builder + "." + (value.IsNullable ? "OptionalList" : "RequireList") + "<" + TypeWithNullability(element) + ">" + args
                    + ", static (" + c + ", " + i + ") => " + BuildExpression(element, c, i, objects, depth + 1) + ")";
                return value.Collection switch
                {
                    CollectionKind.Array => list + (value.IsNullable ? "?" : string.Empty) + ".ToArray()",
                    CollectionKind.ImmutableArray => Builder + "." + (value.IsNullable ? "ToImmutableArrayOrNull" : "ToImmutableArray") + "(" + list + ")",
                    _ => list,
                };
        }

        if (value.Scalar == ScalarKind.String)
        {
            return Builder + "." + (value.IsNullable ? "OptionalString" : "RequireString") + args + ")";
        }

        if (value.Scalar == ScalarKind.Uri)
        {
            return Builder + "." + (value.IsNullable ? "OptionalReference" : "RequireValue") + "<" + value.FullyQualifiedType + ">" + args + ")";
        }

        return Builder + "." + (value.IsNullable ? "OptionalValue" : "RequireValue") + "<" + value.FullyQualifiedType + ">" + args + ")";
    }

    internal static string TypeWithNullability(ValueSpec value) => value.FullyQualifiedType + (value.IsNullable ? "?" : string.Empty);

    private static string ValueInfo(ValueSpec value, Dictionary<string, ObjectSpec> objects)
    {
        // new ParallelValueInfo(ParallelValueKind.X, isNullable, objectInfo: ..., element: ..., enumInfo: ...)
        var kind = value.Shape switch
        {
            ValueShape.Object => "Object",
            ValueShape.Array => "Array",
            _ => value.Scalar.ToString(),
        };
        var text = "new " + Meta + "ParallelValueInfo(" + Meta + "ParallelValueKind." + kind + ", " + (value.IsNullable ? "true" : "false");
        switch (value.Shape)
        {
            case ValueShape.Object:
                text += ", objectInfo: " + LocalName(objects[value.ObjectTypeKey!]);
                break;
            case ValueShape.Array:
                text += ", element: " + ValueInfo(value.Element!, objects);
                break;
            default:
                if (value.Scalar == ScalarKind.Enum)
                {
                    text += ", enumInfo: " + Meta + "ParallelEnumInfo.Create<" + value.FullyQualifiedType + ">(new string[] { "
                        + string.Join(", ", value.EnumMembers.Select(m => Literal(m.JsonValue))) + " }, new " + value.FullyQualifiedType + "[] { "
                        + string.Join(", ", value.EnumMembers.Select(m => value.FullyQualifiedType + "." + Identifier(m.ClrName))) + " })";
                }

                break;
        }

        return text + ")";
    }

    /// <summary>Nested objects before the objects that contain them, so each info exists when it is referenced.</summary>
    private static List<ObjectSpec> DependencyOrder(ObjectSpec root, Dictionary<string, ObjectSpec> objects)
    {
        var ordered = new List<ObjectSpec>();
        var seen = new HashSet<string>();

        void Visit(ObjectSpec obj)
        {
            if (!seen.Add(obj.TypeKey))
            {
                return;
            }

            foreach (var property in obj.Properties)
            {
                var value = property.Value;
                while (value.Shape == ValueShape.Array)
                {
                    value = value.Element!;
                }

                if (value.Shape == ValueShape.Object)
                {
                    Visit(objects[value.ObjectTypeKey!]);
                }
            }

            ordered.Add(obj);
        }

        Visit(root);
        return ordered;
    }

    private static string LocalName(ObjectSpec obj) => "__" + obj.HintName.Replace('.', '_');

    private static string BuildMethodName(ObjectSpec obj) => "__Build_" + obj.HintName.Replace('.', '_');
}
