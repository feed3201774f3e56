namespace StructuredChat.Streaming;

/// <summary>Thrown by <see cref="Metadata.PartialBuilder"/> when a complete partial object lacks a value its type needs; the reader turns it into a format error at <see cref="Path"/>.</summary>
internal sealed class PartialBuildException(string path, string message) : Exception(message)
{
    public string Path { get; } = path;
}
