using System.Text;
using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>Complete() names the JSON path and the problem, and carries the whole raw text.</summary>
public class ReaderErrorTests
{
    private static ParallelResponseFormatException Fail<T>(string text, bool oneByte = true)
        where T : IParallelResponse<T>
    {
        var reader = PartialJsonReader<T>.Create();
        var utf8 = Encoding.UTF8.GetBytes(text);
        var error = Record.Exception(() =>
        {
            if (oneByte)
            {
                foreach (var b in utf8)
                {
                    reader.Append([b]);
                }
            }
            else
            {
                reader.Append(utf8);
            }

            reader.Complete();
        });
        var typed = Assert.IsType<ParallelResponseFormatException>(error);
        Assert.Equal(text, typed.RawText);
        return typed;
    }

    [Fact]
    public void A_missing_required_property_is_named()
    {
        var e = Fail<CompanyInfo>("""{"name":"n","founders":[],"size":"Small"}""");
        Assert.Equal("founded", e.JsonPath);
        Assert.Equal("The required property 'founded' is missing.", e.Message);
    }

    [Fact]
    public void A_missing_property_inside_a_list_element_is_named_by_its_path()
    {
        var e = Fail<CompanyInfo>("""{"name":"n","founded":null,"founders":[{"name":"a","role":null},{"name":"b"}],"size":"Small"}""");
        Assert.Equal("founders.1.role", e.JsonPath);
        Assert.Equal("The required property 'founders.1.role' is missing.", e.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named()
    {
        var e = Fail<Location>("""{"city":"x","temperature":"warm","units":"c"}""");
        Assert.Equal("temperature", e.JsonPath);
        Assert.Equal("Expected a number for 'temperature' but found a string.", e.Message);
    }

    [Fact]
    public void Null_for_a_non_nullable_property_is_a_wrong_type()
    {
        var e = Fail<Location>("""{"city":null,"temperature":1,"units":"c"}""");
        Assert.Equal("city", e.JsonPath);
        Assert.Equal("Expected a string for 'city' but found null.", e.Message);
    }

    [Fact]
    public void An_integer_out_of_range_is_named()
    {
        var e = Fail<Numbers>("""{"b":256,"sb":0,"s":0,"us":0,"i":0,"ui":0,"l":0,"ul":0,"f":0,"d":0,"m":0,"nullable_int":null,"nullable_double":null}""");
        Assert.Equal("b", e.JsonPath);
        Assert.Equal("Expected an integer that fits Byte for 'b' but found 256.", e.Message);
    }

    [Fact]
    public void A_bad_enum_value_lists_the_allowed_ones()
    {
        var e = Fail<Location>("""{"city":"x","temperature":1,"units":"kelvin"}""");
        Assert.Equal("units", e.JsonPath);
        Assert.Equal("Expected one of \"c\", \"f\" for 'units' but found \"kelvin\".", e.Message);
    }

    [Fact]
    public void A_custom_enum_name_is_matched_exactly_like_System_Text_Json()
    {
        var e = Fail<CompanyInfo>("""{"name":"n","founded":null,"founders":[],"size":"X-LARGE"}""");
        Assert.Equal("size", e.JsonPath);
        Assert.StartsWith("Expected one of \"Small\", \"Medium\", \"x-large\" for 'size'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparsable_date_is_named()
    {
        var e = Fail<CompanyInfo>("""{"name":"n","founded":"June 2023","founders":[],"size":"Small"}""");
        Assert.Equal("founded", e.JsonPath);
        Assert.Equal("Expected a date as \"yyyy-MM-dd\" for 'founded' but found \"June 2023\".", e.Message);
    }

    [Fact]
    public void Malformed_json_is_an_error_with_the_position()
    {
        var e = Fail<Location>("""{"city":"x","temperature":1 "units":"c"}""", oneByte: false);
        Assert.Equal("temperature", e.JsonPath);
        Assert.Contains("byte", e.Message, StringComparison.Ordinal);
        Assert.IsType<JsonStreamException>(e.InnerException);
    }

    [Fact]
    public void Truncated_json_names_where_it_stopped()
    {
        var e = Fail<CompanyInfo>("""{"name":"n","founded":null,"founders":[{"name":"Ad""");
        Assert.Equal("founders.0.name", e.JsonPath);
        Assert.Equal("The answer ends before the JSON is complete (truncated inside 'founders.0.name').", e.Message);
    }

    [Fact]
    public void An_answer_without_json_is_an_error_that_keeps_the_prose()
    {
        var e = Fail<Location>("I'm sorry, I can't find the weather for that city.");
        Assert.Equal(string.Empty, e.JsonPath);
        Assert.Equal("The answer contains no JSON object (no '{' found).", e.Message);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_rejected_with_an_error()
    {
        var deep = "{\"body\":" + new string('[', 100) + new string(']', 100) + "}";
        var reader = PartialJsonReader<Text>.Create(new PartialJsonReaderOptions { MaxDepth = 64 });
        var e = Assert.Throws<ParallelResponseFormatException>(() => reader.Append(Encoding.UTF8.GetBytes(deep)));
        Assert.Contains("depth", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(deep, e.RawText);
    }

    [Fact]
    public void An_answer_over_the_size_limit_is_rejected_with_an_error()
    {
        var reader = PartialJsonReader<Text>.Create(new PartialJsonReaderOptions { MaxBytes = 10 });
        reader.Append("{\"body\":"u8);
        var e = Assert.Throws<ParallelResponseFormatException>(() => reader.Append("\"0123456789\"}"u8));
        Assert.Equal("The answer is larger than the limit of 10 bytes.", e.Message);
    }

    [Fact]
    public void After_a_syntax_error_every_further_call_reports_it()
    {
        var reader = PartialJsonReader<Location>.Create();
        Assert.Throws<ParallelResponseFormatException>(() => reader.Append("{\"city\" 1"u8));
        Assert.Throws<ParallelResponseFormatException>(() => reader.Append("}"u8));
        Assert.Throws<ParallelResponseFormatException>(() => reader.Complete());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'\\', (byte)'x' }, "escape character")]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'1', (byte)'2', (byte)'G', (byte)'4' }, "hexadecimal digit")]
    [InlineData(new byte[] { 0xC3, 0x28 }, "invalid UTF-8")]
    [InlineData(new byte[] { 0xE2, 0x82 }, "invalid UTF-8")]
    [InlineData(new byte[] { (byte)'\t' }, "control character")]
    [InlineData(new byte[] { (byte)'\\', (byte)'u', (byte)'D', (byte)'8', (byte)'0', (byte)'0', (byte)'\\', (byte)'q' }, "escape character")]
    public void A_malformed_escape_or_character_inside_a_long_string_is_the_same_error_however_split_and_stays_the_error(byte[] bad, string reason)
    {
        // Inside a string that has been growing, in the middle of escaped and non-ASCII text, then more text: split
        // into pieces of every size from 1 to 9 bytes, the error is the one a single append gets, from then on.
        var before = Encoding.UTF8.GetBytes("{\"body\":\"caf\u00e9 \\u00e9t\\u00e9 \\\\ \\\" and more ");
        byte[] text = [.. before, .. bad, .. "tail text\"}"u8];
        var expected = Assert.Throws<ParallelResponseFormatException>(() => PartialJsonReader<Text>.Create().Append(text)).Message;
        Assert.Contains(reason, expected, StringComparison.Ordinal);

        for (var size = 1; size <= 9; size++)
        {
            var reader = PartialJsonReader<Text>.Create();
            ParallelResponseFormatException? first = null;
            var start = 0;
            for (; start < text.Length && first is null; start += size)
            {
                var piece = text.AsSpan(start, Math.Min(size, text.Length - start)).ToArray();
                first = Record.Exception(() => reader.Append(piece)) as ParallelResponseFormatException;
            }

            Assert.True(first is not null, $"pieces of {size}: no error");
            Assert.Equal(expected, first.Message);
            Assert.Equal(expected, Assert.Throws<ParallelResponseFormatException>(() => reader.Complete()).Message);
            Assert.Equal(expected, Assert.Throws<ParallelResponseFormatException>(() => reader.Append("more"u8)).Message);
            var atEnd = Assert.Throws<ParallelResponseFormatException>(() => reader.Complete());
            Assert.Equal(expected, atEnd.Message);
            Assert.Equal(Encoding.UTF8.GetString(text.AsSpan(0, Math.Min(start, text.Length))) + "more", atEnd.RawText);
        }
    }

    [Fact]
    public void A_date_with_an_escaped_control_character_is_a_typed_error_not_a_reader_exception()
    {
        // Found by the fuzz test: System.Text.Json's own date parser threw JsonReaderException on the unescaped text.
        var reader = PartialJsonReader<Times>.Create();
        reader.Append("""
            {"date":"2024-02-29","time":"23:59:59","stamp":"2024-01-02T03:04:05Z","offset":"\u00e9\n","duration":"01:00:00",
             "id":"8d4f3e0c-0b9f-4a67-9b54-1c3f0e2d5a6b","link":"https://a.b/","maybe_date":null,"maybe_link":null,"flag":false,"maybe_flag":null}
            """u8);

        var e = Assert.Throws<ParallelResponseFormatException>(() => reader.Complete());

        Assert.Equal("offset", e.JsonPath);
    }
}
