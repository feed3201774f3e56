using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using StructuredChat.Generator.Model;
using static StructuredChat.Generator.Emitting.CodeExpression;
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
    private const string Builder = Meta + "PartialBuilder";
    private const string PartialObject = "global::StructuredChat.Streaming.PartialObject";

    public static string Emit(ResponseTypeSpec spec)
    {
        // partial record CompanyInfo
        // {
        //     static ParallelTypeInfo<CompanyInfo> IParallelResponse<CompanyInfo>.TypeInfo => __parallelTypeInfo ??= __CreateParallelTypeInfo();
        //     private static ParallelTypeInfo<CompanyInfo> __CreateParallelTypeInfo()
        //     {
        //         var __Demo_Person = ParallelObjectInfo.Create<Person>(
        //             "Person",
        //             new ParallelPropertyInfo("name", "Name", ParallelValueInfo.Scalar(ParallelValueKind.String, isNullable: false)));
        //         var __Demo_CompanyInfo = ParallelObjectInfo.Create<CompanyInfo>(
        //             ...,
        //             new ParallelPropertyInfo(
        //                 "founders",
        //                 "Founders",
        //                 ParallelValueInfo.Array(ParallelValueInfo.Object(__Demo_Person, isNullable: false), isNullable: false)));
        //         return new ParallelTypeInfo<CompanyInfo>(__Demo_CompanyInfo, __Build_Demo_CompanyInfo);
        //     }
        //     private static CompanyInfo __Build_Demo_CompanyInfo(PartialObject p) => new CompanyInfo(PartialBuilder.RequireString(p, 0), ...) { Init = ... };
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

        writer.WriteLine("private static " + typeInfo + "? " + spec.Members.TypeInfoField + ";");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc/>");
        writer.WriteLine("static " + typeInfo + " " + iface + ".TypeInfo => " + spec.Members.TypeInfoField + " ??= " + spec.Members.TypeInfoFactory + "();");
        writer.WriteLine();
        writer.WriteLine(GeneratedCodeAttribute);
        writer.OpenBlock("private static " + typeInfo + " " + spec.Members.TypeInfoFactory + "()");
        foreach (var obj in ordered)
        {
            var arguments = new List<CodeExpression> { Text(Literal(obj.DisplayName)) };
            arguments.AddRange(obj.Properties.Select(property => Call(
                "new " + Meta + "ParallelPropertyInfo",
                Text(Literal(property.JsonName)),
                Text(Literal(property.ClrName)),
                ValueInfo(property.Value, objects))));
            Call(Meta + "ParallelObjectInfo.Create<" + obj.FullyQualifiedName + ">", arguments.ToArray())
                .Write(writer, "var " + LocalName(obj) + " = ", ";");
        }

        Call("new " + typeInfo, Text(LocalName(spec.Root)), Text(BuildMethodName(spec.Root))).Write(writer, "return ", ";");
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
        var slots = obj.Properties
            .Select((property, slot) => (Property: property, Build: SlotExpression(property.Value, Text("p"), Text(slot.ToString(CultureInfo.InvariantCulture)), objects, 0)))
            .ToList();
        var arguments = ConstructorArguments(obj, slots.Where(s => s.Property.ConstructorParameterIndex >= 0).ToDictionary(s => s.Property.ConstructorParameterIndex, s => s.Build));
        var initializers = slots.Where(s => s.Property.ConstructorParameterIndex < 0).ToList();

        writer.WriteLine(GeneratedCodeAttribute);
        writer.OpenBlock("private static " + obj.FullyQualifiedName + " " + BuildMethodName(obj) + "(" + PartialObject + " p)");
        Call("new " + obj.FullyQualifiedName, arguments).Write(writer, "return ", initializers.Count > 0 ? string.Empty : ";");
        if (initializers.Count > 0)
        {
            writer.WriteLine("{");
            writer.Indent();
            foreach (var initializer in initializers)
            {
                initializer.Build.Write(writer, Identifier(initializer.Property.ClrName) + " = ", ",");
            }

            writer.Unindent();
            writer.WriteLine("};");
        }

        writer.CloseBlock();
    }

    /// <summary>
    /// The constructor's arguments in order. When a parameter has no schema property (its property is <c>[JsonIgnore]</c>d),
    /// it gets its default value as System.Text.Json gives it: left out when it declares one, <c>default</c> otherwise,
    /// and the arguments are named so that the ones after it still land on their parameters.
    /// </summary>
    private static CodeExpression[] ConstructorArguments(ObjectSpec obj, Dictionary<int, CodeExpression> bound)
    {
        var parameters = obj.ConstructorParameters;
        if (parameters.All(p => p.IsBound))
        {
            return Enumerable.Range(0, parameters.Count).Select(i => bound[i]).ToArray();
        }

        var arguments = new List<CodeExpression>();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (parameter.IsBound)
            {
                arguments.Add(bound[i].After(parameter.Name + ": "));
            }
            else if (!parameter.HasDefaultValue)
            {
                arguments.Add(Text(parameter.Name + ": default!"));
            }
        }

        return arguments.ToArray();
    }

    /// <summary>Reads the value in slot <paramref name="index"/> of <paramref name="container"/> (an object's property or an array's element).</summary>
    private static CodeExpression SlotExpression(ValueSpec value, CodeExpression container, CodeExpression index, Dictionary<string, ObjectSpec> objects, int depth)
    {
        switch (value.Shape)
        {
            case ValueShape.Object:
                var method = !value.IsNullable ? "RequireObject" : objects[value.ObjectTypeKey!].IsValueType ? "OptionalStruct" : "OptionalObject";
                return Call(Builder + "." + method + "<" + value.FullyQualifiedType + ">", container, index, Text(BuildMethodName(objects[value.ObjectTypeKey!])));

            case ValueShape.Array:
                var list = Call(
                    Builder + "." + (value.IsNullable ? "OptionalList" : "RequireList") + "<" + TypeWithNullability(value.Element!) + ">",
                    container,
                    index,
                    ElementBuilder(value.Element!, objects, depth));
                return value.Collection switch
                {
                    CollectionKind.Array => list.Then((value.IsNullable ? "?" : string.Empty) + ".ToArray()"),
                    CollectionKind.ImmutableArray => Call(Builder + "." + (value.IsNullable ? "ToImmutableArrayOrNull" : "ToImmutableArray"), list),
                    CollectionKind.HashSet or CollectionKind.ISet => Call(Builder + "." + (value.IsNullable ? "ToHashSetOrNull" : "ToHashSet"), list),
                    _ => list,
                };

            default:
                return Call(ScalarBuilder(value), container, index);
        }
    }

    /// <summary>What builds one element of an array: a <c>PartialBuilder</c> method group for scalars, a lambda otherwise.</summary>
    private static CodeExpression ElementBuilder(ValueSpec element, Dictionary<string, ObjectSpec> objects, int depth)
    {
        if (element.Shape == ValueShape.Scalar)
        {
            return Text(ScalarBuilder(element));
        }

        var c = "c" + depth.ToString(CultureInfo.InvariantCulture);
        var i = "i" + depth.ToString(CultureInfo.InvariantCulture);
        return SlotExpression(element, Text(c), Text(i), objects, depth + 1).After("static (" + c + ", " + i + ") => ");
    }

    private static string ScalarBuilder(ValueSpec value) => Builder + "." + value.Scalar switch
    {
        ScalarKind.String => value.IsNullable ? "OptionalString" : "RequireString",
        ScalarKind.Uri => (value.IsNullable ? "OptionalReference" : "RequireValue") + "<" + value.FullyQualifiedType + ">",
        _ => (value.IsNullable ? "OptionalValue" : "RequireValue") + "<" + value.FullyQualifiedType + ">",
    };

    internal static string TypeWithNullability(ValueSpec value) => value.FullyQualifiedType + (value.IsNullable ? "?" : string.Empty);

    private static CodeExpression ValueInfo(ValueSpec value, Dictionary<string, ObjectSpec> objects)
    {
        // ParallelValueInfo.Scalar(ParallelValueKind.Int32, isNullable: false), .Enum(...), .Object(...), .Array(...)
        var nullable = Text("isNullable: " + (value.IsNullable ? "true" : "false"));
        switch (value.Shape)
        {
            case ValueShape.Object:
                return Call(Meta + "ParallelValueInfo.Object", Text(LocalName(objects[value.ObjectTypeKey!])), nullable);
            case ValueShape.Array:
                return Call(Meta + "ParallelValueInfo.Array", ValueInfo(value.Element!, objects), nullable);
        }

        if (value.Scalar != ScalarKind.Enum)
        {
            return Call(Meta + "ParallelValueInfo.Scalar", Text(Meta + "ParallelValueKind." + value.Scalar), nullable);
        }

        var enumInfo = Call(
            Meta + "ParallelEnumInfo.Create<" + value.FullyQualifiedType + ">",
            Text("new string[] { " + string.Join(", ", value.EnumMembers.Select(m => Literal(m.JsonValue))) + " }"),
            Text("new " + value.FullyQualifiedType + "[] { " + string.Join(", ", value.EnumMembers.Select(m => value.FullyQualifiedType + "." + Identifier(m.ClrName))) + " }"));
        return Call(Meta + "ParallelValueInfo.Enum", enumInfo, nullable);
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
