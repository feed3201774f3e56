namespace StructuredChat.Streaming;

internal sealed partial class JsonStreamTokenizer
{
    // Where a number is in the RFC 8259 grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    private enum NumberPart : byte
    {
        Minus,
        Zero,
        Integer,
        Dot,
        Fraction,
        Exponent,
        ExponentSign,
        ExponentDigits,
    }

    private bool IsNumberComplete => _numberPart is NumberPart.Zero or NumberPart.Integer or NumberPart.Fraction or NumberPart.ExponentDigits;

    private int StartNumber(int i, NumberPart part)
    {
        _numberPart = part;
        _state = State.Number;
        _runStart = i;
        return i + 1;
    }

    private int ReadNumber(ReadOnlySpan<byte> input, int i, IJsonTokenSink sink)
    {
        while (i < input.Length)
        {
            byte b = input[i];
            switch (_numberPart)
            {
                case NumberPart.Minus:
                    _numberPart = b switch
                    {
                        (byte)'0' => NumberPart.Zero,
                        >= (byte)'1' and <= (byte)'9' => NumberPart.Integer,
                        _ => throw Unexpected(i, b, "expected a digit after '-'"),
                    };
                    i++;
                    break;
                case NumberPart.Zero:
                    if (IsDigit(b))
                    {
                        throw Unexpected(i, b, "a number must not have a leading zero");
                    }

                    goto case NumberPart.ExponentDigits;
                case NumberPart.Integer:
                case NumberPart.Fraction:
                case NumberPart.ExponentDigits:
                    i = SkipDigits(input, i);
                    if (i == input.Length)
                    {
                        return i;
                    }

                    b = input[i];
                    if (b == (byte)'.' && _numberPart is NumberPart.Zero or NumberPart.Integer)
                    {
                        _numberPart = NumberPart.Dot;
                    }
                    else if (b is (byte)'e' or (byte)'E' && _numberPart != NumberPart.ExponentDigits)
                    {
                        _numberPart = NumberPart.Exponent;
                    }
                    else
                    {
                        return EndNumber(input, i, sink);
                    }

                    i++;
                    break;
                case NumberPart.Dot:
                    _numberPart = IsDigit(b) ? NumberPart.Fraction : throw Unexpected(i, b, "expected a digit after the decimal point");
                    i++;
                    break;
                case NumberPart.Exponent:
                    _numberPart = b is (byte)'+' or (byte)'-' ? NumberPart.ExponentSign
                        : IsDigit(b) ? NumberPart.ExponentDigits
                        : throw Unexpected(i, b, "expected a digit or a sign in the exponent");
                    i++;
                    break;
                default:
                    _numberPart = IsDigit(b) ? NumberPart.ExponentDigits : throw Unexpected(i, b, "expected a digit in the exponent");
                    i++;
                    break;
            }
        }

        return i;
    }

    // The byte at i ends the number; it is not consumed here but read as what follows the value.
    private int EndNumber(ReadOnlySpan<byte> input, int i, IJsonTokenSink sink)
    {
        if (_scratchLength == 0)
        {
            sink.OnNumber(input[_runStart..i]);
        }
        else
        {
            AppendToScratch(input[_runStart..i]);
            sink.OnNumber(_scratch.AsSpan(0, _scratchLength));
            _scratchLength = 0;
        }

        EndValue();
        return i;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static int SkipDigits(ReadOnlySpan<byte> input, int i)
    {
        int nonDigit = input[i..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return nonDigit < 0 ? input.Length : i + nonDigit;
    }

    private int StartLiteral(int i, JsonLiteral literal)
    {
        _literal = literal;
        _literalIndex = 1;
        _state = State.Literal;
        return i + 1;
    }

    private static ReadOnlySpan<byte> LiteralText(JsonLiteral literal) => literal switch
    {
        JsonLiteral.True => "true"u8,
        JsonLiteral.False => "false"u8,
        _ => "null"u8,
    };

    private int ReadLiteral(ReadOnlySpan<byte> input, int i, IJsonTokenSink sink)
    {
        ReadOnlySpan<byte> text = LiteralText(_literal);
        while (i < input.Length)
        {
            if (input[i] != text[_literalIndex])
            {
                throw Unexpected(i, input[i], $"expected '{System.Text.Encoding.ASCII.GetString(text)}'");
            }

            i++;
            if (++_literalIndex == text.Length)
            {
                sink.OnLiteral(_literal);
                EndValue();
                return i;
            }
        }

        return i;
    }
}
