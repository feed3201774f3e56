using StructuredChat.Generator.Model;
using static StructuredChat.Generator.Emitting.EmitterHelpers;

namespace StructuredChat.Generator.Emitting;

/// <summary>Emits <c>{Type}.Schema.g.cs</c>: the schema constants and the <c>IParallelResponse&lt;T&gt;</c> implementation.</summary>
internal static class SchemaEmitter
{
    public static string Emit(ResponseTypeSpec spec)
    {
        // partial record CompanyInfo : global::StructuredChat.IParallelResponse<global::Demo.CompanyInfo>
        // {
        //     public const string JsonSchema = "{...}";
        //     public const string JsonSchemaName = "company_info";
        //     static string IParallelResponse<CompanyInfo>.SchemaName => JsonSchemaName;
        //     static ReadOnlySpan<byte> IParallelResponse<CompanyInfo>.JsonSchemaUtf8 => "{...}"u8;
        // }
        var schema = SchemaJsonWriter.Write(spec);
        var iface = "global::StructuredChat.IParallelResponse<" + spec.FullyQualifiedName + ">";
        var writer = new SourceWriter();
        WriteFileHeader(writer);
        var scopes = OpenTypeScope(writer, spec);
        writer.OpenBlock(spec.DeclarationKeyword + " " + spec.Name + " : " + iface);

        // A member of the user's own named JsonSchema or JsonSchemaName keeps its name: the constant is left out.
        if (spec.Members.EmitJsonSchemaConstant)
        {
            writer.WriteLine("/// <summary>");
            writer.WriteLine("/// The JSON schema of this type, generated at compile time and checked against Parallel's schema rules:");
            writer.WriteLine("/// every property required (optional ones as a <c>null</c> union), no additional properties, nested types inlined.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine(GeneratedCodeAttribute);
            writer.WriteLine("public const string JsonSchema = " + Literal(schema) + ";");
            writer.WriteLine();
        }

        if (spec.Members.EmitJsonSchemaNameConstant)
        {
            writer.WriteLine("/// <summary>The schema name sent as <c>response_format.json_schema.name</c>.</summary>");
            writer.WriteLine(GeneratedCodeAttribute);
            writer.WriteLine("public const string JsonSchemaName = " + Literal(spec.SchemaName) + ";");
            writer.WriteLine();
        }

        writer.WriteLine("/// <inheritdoc/>");
        writer.WriteLine("static string " + iface + ".SchemaName => " + (spec.Members.EmitJsonSchemaNameConstant ? "JsonSchemaName" : Literal(spec.SchemaName)) + ";");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc/>");
        writer.WriteLine("static global::System.ReadOnlySpan<byte> " + iface + ".JsonSchemaUtf8 => " + Literal(schema) + "u8;");

        writer.CloseBlock();
        CloseScopes(writer, scopes);
        return writer.ToString();
    }
}
