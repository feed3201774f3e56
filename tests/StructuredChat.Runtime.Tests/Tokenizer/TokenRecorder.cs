using System.Text;
using System.Text.Unicode;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>
/// Records tokens as readable strings ("{", "name:a", "string:text", "number:1e5", "true"), joining the chunks of
/// each string, and checks on the way that every chunk is whole UTF-8 characters inside an open string.
/// </summary>
internal sealed class TokenRecorder : IJsonTokenSink
{
    private readonly List<byte> _currentString = [];
    private bool _inString;

    public List<string> Tokens { get; } = [];

    /// <summary>The chunks of each string value, in order (to check how a string grows).</summary>
    public List<List<string>> StringChunks { get; } = [];

    public void OnStartObject() => Add("{");

    public void OnEndObject() => Add("}");

    public void OnStartArray() => Add("[");

    public void OnEndArray() => Add("]");

    public void OnPropertyName(ReadOnlySpan<byte> utf8Name)
    {
        Assert.True(Utf8.IsValid(utf8Name), "a property name is not valid UTF-8");
        Add("name:" + Encoding.UTF8.GetString(utf8Name));
    }

    public void OnStringStart()
    {
        Assert.False(_inString, "a string started inside a string");
        _inString = true;
        _currentString.Clear();
        StringChunks.Add([]);
    }

    public void OnStringChunk(ReadOnlySpan<byte> utf8)
    {
        Assert.True(_inString, "a string chunk arrived outside a string");
        Assert.False(utf8.IsEmpty, "an empty string chunk was reported");
        Assert.True(Utf8.IsValid(utf8), $"a string chunk is not whole UTF-8 characters: {Convert.ToHexString(utf8)}");
        _currentString.AddRange(utf8);
        StringChunks[^1].Add(Encoding.UTF8.GetString(utf8));
    }

    public void OnStringEnd()
    {
        Assert.True(_inString, "a string ended that had not started");
        _inString = false;
        Add("string:" + Encoding.UTF8.GetString([.. _currentString]));
    }

    public void OnNumber(ReadOnlySpan<byte> utf8Number)
    {
        Assert.False(_inString, "a number arrived inside a string");
        Add("number:" + Encoding.UTF8.GetString(utf8Number));
    }

    public void OnLiteral(JsonLiteral literal) => Add(literal switch
    {
        JsonLiteral.True => "true",
        JsonLiteral.False => "false",
        _ => "null",
    });

    private void Add(string token)
    {
        Assert.False(_inString, $"token {token} arrived inside a string");
        Tokens.Add(token);
    }
}
