using System.Runtime.CompilerServices;

namespace StructuredChat.Streaming;

internal sealed partial class JsonStreamTokenizer
{
    // Called on every Append: the check stays inlined, the throwing is elsewhere.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ThrowIfFailed()
    {
        if (_failure is not null || _reading)
        {
            ThrowFailed();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowFailed()
    {
        if (_failure is { } failure)
        {
            throw new JsonStreamException(failure.Message, failure.BytePosition, failure.Reason);
        }

        throw new InvalidOperationException(
            "The tokenizer is inside an earlier call that did not finish: a token sink callback threw, or called back into the tokenizer. Call Reset() before reusing it.");
    }

    // Records the error so that every later call fails the same way, and returns it for the caller to throw.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private JsonStreamException Fail(JsonStreamErrorReason reason, long position, string detail)
    {
        string prefix = reason switch
        {
            JsonStreamErrorReason.Truncated => "Incomplete JSON",
            JsonStreamErrorReason.DepthExceeded => "JSON nested too deeply",
            JsonStreamErrorReason.SizeExceeded => "JSON input too large",
            _ => "Invalid JSON",
        };
        _failure = new JsonStreamException($"{prefix} at byte {position}: {detail}.", position, reason);
        return _failure;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private JsonStreamException Unexpected(int i, byte found, string expected) =>
        Fail(JsonStreamErrorReason.Malformed, _consumed + i, $"{expected}, found {DescribeByte(found)}");

    private JsonStreamException UnpairedHighSurrogate() =>
        Fail(
            JsonStreamErrorReason.Malformed,
            _consumed,
            $"the character input has an unpaired surrogate U+{(int)_pendingHighSurrogateChar:X4}");

    private static string DescribeByte(byte b) => b is > 0x20 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    private string DescribeExpectedValue() => _state switch
    {
        State.RootValue => "expected a JSON value",
        State.ValueOrArrayEnd => "expected a value or ']'",
        _ when IsInObject => "expected a value after ':'",
        _ => "expected a value after ','",
    };

    private string DescribeTruncation() => _state switch
    {
        State.RootValue or State.ByteOrderMark2 or State.ByteOrderMark3 => "the input has no JSON value",
        State.Number => "the input ends inside a number",
        State.Literal => $"the input ends inside '{System.Text.Encoding.ASCII.GetString(LiteralText(_literal))}'",
        _ when InString => _inPropertyName ? "the input ends inside a property name" : "the input ends inside a string",
        _ => $"the input ends inside {(IsInObject ? "an object" : "an array")} ({_depth} still open)",
    };
}
