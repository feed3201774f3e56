using System.Text;
using StructuredChat.Streaming;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>
/// A complete scalar reads from the partial object, while the answer still streams, as the value System.Text.Json gives
/// for the whole text: every number, date and time kind as a property and as a list element (whether the reader keeps it
/// boxed or not is its own business).
/// </summary>
public sealed class ScalarViewTests
{
    [Fact]
    public void Every_number_kind_reads_from_the_partial_as_System_Text_Json_reads_it()
    {
        var (expected, reader) = AllButTheClosingBrace<Numbers>("number edges");
        var partial = reader.Current;

        Assert.Equal<object?>(
            [expected.B, expected.Sb, expected.S, expected.Us, expected.I, expected.Ui, expected.L, expected.Ul, expected.F, expected.D, expected.M],
            [partial.B, partial.Sb, partial.S, partial.Us, partial.I, partial.Ui, partial.L, partial.Ul, partial.F, partial.D, partial.M]);
        Assert.Null(partial.NullableInt);
        Assert.Equal(PartialValueState.Complete, PartialState.Of(partial).NullableInt);

        // A number is complete only when the byte after it arrives.
        Assert.Null(partial.NullableDouble);
        reader.Append("}"u8);
        Assert.True(double.IsNegative(partial.NullableDouble!.Value));
    }

    [Fact]
    public void Every_date_and_time_kind_reads_from_the_partial_as_System_Text_Json_reads_it()
    {
        var (expected, reader) = AllButTheClosingBrace<Times>("date forms");
        var partial = reader.Current;

        Assert.Equal<object?>(
            [expected.Date, expected.Time, expected.Stamp, expected.Stamp.Kind, expected.Offset, expected.Offset.Offset, expected.Duration, expected.Id, expected.Link],
            [partial.Date, partial.Time, partial.Stamp, partial.Stamp!.Value.Kind, partial.Offset, partial.Offset!.Value.Offset, partial.Duration, partial.Id, partial.Link]);
        Assert.Null(partial.MaybeDate);
        Assert.Equal(PartialValueState.Complete, PartialState.Of(partial).MaybeDate);
        Assert.Equal(expected.Flag, partial.Flag);
        Assert.False(reader.IsComplete);
    }

    [Fact]
    public void List_elements_read_as_their_own_type_and_a_null_element_as_null()
    {
        var reader = PartialJsonReader<Collections>.Create();
        reader.Append("""{"tags":["a"],"counts":[1,-2,2147483647],"scores":[0.5,-1e10,4.9E-324],"names":[],"optional":["p",null],"matrix":[[1,2],[3]],"sizes":["Small","x-large"],"maybe_tags":nul"""u8);
        var partial = reader.Current;

        Assert.Equal([1, -2, int.MaxValue], partial.Counts!.Select(count => count!.Value));
        Assert.Equal([0.5, -1e10, double.Epsilon], partial.Scores!.Select(score => score!.Value));
        Assert.Equal([CompanySize.Small, CompanySize.ExtraLarge], partial.Sizes!.Select(size => size!.Value));
        Assert.Equal(["p", null], partial.Optional!.Select(text => (string?)text));
        Assert.Equal([3], partial.Matrix![1].AsList<int?>().Select(value => value!.Value));
        Assert.Equal(PartialValueState.Missing, PartialState.Of(partial).MaybeTags);
    }

    [Fact]
    public void Floating_point_numbers_in_every_written_form_read_as_System_Text_Json_reads_them()
    {
        const int Seed = 5125;
        var random = new Random(Seed);
        string[] formats = ["R", "E16", "e3", "F2", "G17", "0.##################E+0"];
        for (var i = 0; i < 2_000; i++)
        {
            var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-320, 310));
            var d = value.ToString(formats[i % formats.Length], System.Globalization.CultureInfo.InvariantCulture);
            var f = ((float)value).ToString(formats[(i + 1) % formats.Length], System.Globalization.CultureInfo.InvariantCulture);
            if (!double.IsFinite(value) || d.Contains('∞') || f.Contains('∞'))
            {
                continue;
            }

            var json = $$"""{"b":1,"sb":1,"s":1,"us":1,"i":1,"ui":1,"l":1,"ul":1,"f":{{f}},"d":{{d}},"m":1,"nullable_int":null,"nullable_double":{{d}}0}""";
            var message = $"seed {Seed}, case {i}: {json}";
            Numbers? expected = null;
            try
            {
                expected = System.Text.Json.JsonSerializer.Deserialize<Numbers>(json, Corpus.SnakeCase);
            }
            catch (System.Text.Json.JsonException)
            {
                Assert.Throws<ParallelResponseFormatException>(() => EquivalenceCheck.Read<Numbers>(Encoding.UTF8.GetBytes(json), null));
                continue;
            }

            var actual = EquivalenceCheck.Read<Numbers>(Encoding.UTF8.GetBytes(json), null);
            Assert.True(BitConverter.DoubleToInt64Bits(expected!.D) == BitConverter.DoubleToInt64Bits(actual.D), message);
            Assert.True(BitConverter.SingleToInt32Bits(expected.F) == BitConverter.SingleToInt32Bits(actual.F), message);
            Assert.True(expected.NullableDouble.Equals(actual.NullableDouble), message);
        }
    }

    // A corpus document without its closing brace (the reader is still streaming), and what System.Text.Json makes of all of it.
    private static (T Expected, PartialJsonReader<T> Reader) AllButTheClosingBrace<T>(string caseName)
        where T : IParallelResponse<T>
    {
        var json = Corpus.All().Single(c => c.Name == caseName).Json;
        var reader = PartialJsonReader<T>.Create();
        reader.Append(Encoding.UTF8.GetBytes(json)[..^1]);
        return (System.Text.Json.JsonSerializer.Deserialize<T>(json, Corpus.SnakeCase)!, reader);
    }
}
