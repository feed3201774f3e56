namespace StructuredChat;

/// <summary>
/// Implemented by the source generator on every <see cref="ParallelResponseAttribute"/> type: the compile-time
/// metadata that lets <c>AskAsync&lt;T&gt;</c> and <c>StreamAsync&lt;T&gt;</c> work without reflection
/// (and so under trimming and NativeAOT).
/// </summary>
/// <typeparam name="TSelf">The annotated type itself.</typeparam>
public interface IParallelResponse<TSelf>
    where TSelf : IParallelResponse<TSelf>
{
    /// <summary>The schema name sent as <c>response_format.json_schema.name</c>.</summary>
    static abstract string SchemaName { get; }

    /// <summary>
    /// The JSON schema as UTF-8 bytes (a literal in the assembly's data section), written verbatim into
    /// request bodies without re-encoding.
    /// </summary>
    static abstract ReadOnlySpan<byte> JsonSchemaUtf8 { get; }

    /// <summary>The type's shape, read by the streaming reader and the basis mapping.</summary>
    static abstract Metadata.ParallelTypeInfo<TSelf> TypeInfo { get; }
}
