using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StructuredChat.Runtime.Tests.Streaming;

/// <summary>Documents for the equivalence tests: each one is read by our reader and by System.Text.Json.</summary>
internal static class Corpus
{
    public static JsonSerializerOptions SnakeCase { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
    };

    public static JsonSerializerOptions CamelCase { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static JsonSerializerOptions Indented(JsonSerializerOptions options) => new(options) { WriteIndented = true };

    /// <summary>A case: a name, the JSON text, and a check that our reader's value equals System.Text.Json's.</summary>
    public sealed record Case(string Name, string Json, JsonSerializerOptions Options, Type Type, Action<string, IReadOnlyList<Range>?> Check, Func<(Func<byte[], StructuredChat.Streaming.PartialUpdate> Append, Func<StructuredChat.Streaming.PartialObject> Current)> CreateReader)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<Case> All()
    {
        // From instances, compact and indented.
        foreach (var (name, value) in Instances())
        {
            foreach (var indented in new[] { false, true })
            {
                var options = value is CamelCased ? CamelCase : SnakeCase;
                var json = JsonSerializer.Serialize(value, value.GetType(), indented ? Indented(options) : options);
                yield return Make(value.GetType(), name + (indented ? " (indented)" : string.Empty), json, options);
            }
        }

        // Hand-written edges.
        yield return Make<Numbers>("number edges", """
            {"b":255,"sb":-128,"s":-32768,"us":65535,"i":-2147483648,"ui":4294967295,"l":9223372036854775807,"ul":18446744073709551615,
             "f":3.4028235E+38,"d":1e308,"m":79228162514264337593543950335,"nullable_int":null,"nullable_double":-0}
            """, SnakeCase);
        yield return Make<Numbers>("number forms", """
            {"b":0,"sb":0,"s":0,"us":0,"i":-0,"ui":0,"l":-9223372036854775808,"ul":0,"f":0.1,"d":0.1,
             "m":0.1000000000000000055511151231257827,"nullable_int":7,"nullable_double":1.7976931348623157E+308}
            """, SnakeCase);
        yield return Make<Numbers>("exponents", """
            {"b":1,"sb":-1,"s":1,"us":1,"i":1,"ui":1,"l":1,"ul":1,"f":1.5e-3,"d":2.5E-308,"m":-12345678901234567890.123456789,"nullable_int":0,"nullable_double":4.9E-324}
            """, SnakeCase);
        yield return Make<Text>("escapes and non-ASCII", """
            {"body":"line1\nline2\t\"quoted\" back\\slash \/ \u00e9\u4e2d\uD83D\uDE00 ünïcödé 中文 😀","note":"\u0000\u001f ctrl",
             "lines":["","a","\\","\"","\uD834\uDD1E","ß"]}
            """, SnakeCase);
        yield return Make<Text>("nulls and whitespace", "\r\n\t {  \"body\" : \"x\" ,\n \"note\" :\tnull , \"lines\" : [ ] } \n", SnakeCase);
        yield return Make<Times>("date forms", """
            {"date":"2024-02-29","time":"23:59:59.9999999","stamp":"2024-01-02T03:04:05.678Z","offset":"2024-01-02T03:04:05+05:30",
             "duration":"-1.02:03:04.5","id":"8d4f3e0c-0b9f-4a67-9b54-1c3f0e2d5a6b","link":"https://parallel.ai/docs?x=1#y",
             "maybe_date":null,"maybe_link":null,"flag":false,"maybe_flag":null}
            """, SnakeCase);
        yield return Make<CompanyInfo>("unknown properties skipped", """
            {"extra":{"deep":[1,{"x":[true,null,"s"]}]},"name":"N","founded":null,"unknown":"\u00e9","founders":[{"name":"A","role":"CEO","age":3}],"size":"Small","tail":[[]]}
            """, SnakeCase);
        yield return Make<CompanyInfo>("duplicate property: last wins", """
            {"name":"first","founded":"2020-01-01","founders":[],"size":"Medium","name":"second","founded":"2021-02-03"}
            """, SnakeCase);
        yield return Make<CompanyInfo>("duplicate property: an integer enum value, then a name", """
            {"name":"n","founded":null,"founders":[],"size":740993,"size":"Medium"}
            """, SnakeCase);
        yield return Make<CompanyInfo>("enum member name case-insensitive", """{"name":"n","founded":null,"founders":[],"size":"mEdIuM"}""", SnakeCase);
    }

    private static IEnumerable<(string Name, object Value)> Instances()
    {
        yield return ("company", new CompanyInfo(
            "Parallel Web Systems Inc.",
            new DateOnly(2023, 6, 15),
            [new Person("Parag Agrawal", "CEO"), new Person("Ünïcödé \"Quote\" Person", null)],
            CompanySize.ExtraLarge));
        yield return ("numbers", new Numbers(1, -2, -3, 4, -5, 6, long.MaxValue, ulong.MaxValue, 1.5f, -0.0, 1234567890.0123456789m, null, 2.5));
        yield return ("times", new Times(
            new DateOnly(1999, 12, 31),
            new TimeOnly(13, 45, 10, 123),
            new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc),
            new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(-7)),
            TimeSpan.FromMinutes(90.5),
            Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            new Uri("https://example.com/a%20b?q=1"),
            new DateOnly(2000, 1, 1),
            new Uri("relative/path", UriKind.Relative),
            true,
            false));
        yield return ("collections", new Collections(
            ["a", "b", ""],
            [1, 2, 3],
            [0.5, -1e10],
            ["x", "y"],
            ["present", null],
            [[1, 2], [], [3]],
            [CompanySize.Small, CompanySize.ExtraLarge],
            null));
        yield return ("deep", new Deep("title", new Level1("one", new Level2(2, null), [new Level2(3, "n3"), new Level2(4, "n4")])));
        yield return ("init", new WithInit { Title = "t", Count = 5, Address = new Address { Street = "1 Main St", City = "Springfield", Zip = null } });
        yield return ("init null", new WithInit { Title = "t2", Count = 0, Address = null });
        yield return ("record struct", new Point(1.25, -0.5, "p"));
        yield return ("camel case", new CamelCased("Ada", 200, [new Person("Grace", "Admiral")]));
        yield return ("renamed", new Renamed("Full Name", 42));
        yield return ("location", new Location("San Francisco", 61, Units.f));
    }

    private static Case Make(Type type, string name, string json, JsonSerializerOptions options) => type.Name switch
    {
        nameof(CompanyInfo) => Make<CompanyInfo>(name, json, options),
        nameof(Numbers) => Make<Numbers>(name, json, options),
        nameof(Times) => Make<Times>(name, json, options),
        nameof(Collections) => Make<Collections>(name, json, options),
        nameof(Deep) => Make<Deep>(name, json, options),
        nameof(WithInit) => Make<WithInit>(name, json, options),
        nameof(Point) => Make<Point>(name, json, options),
        nameof(CamelCased) => Make<CamelCased>(name, json, options),
        nameof(Renamed) => Make<Renamed>(name, json, options),
        nameof(Text) => Make<Text>(name, json, options),
        nameof(Location) => Make<Location>(name, json, options),
        _ => throw new InvalidOperationException(type.Name),
    };

    private static Case Make<T>(string name, string json, JsonSerializerOptions options)
        where T : IParallelResponse<T> => new(name, json, options, typeof(T), (text, pieces) => EquivalenceCheck.Check<T>(text, pieces, options), () =>
        {
            var reader = StructuredChat.Streaming.PartialJsonReader<T>.Create();
            return (bytes => reader.Append(bytes), () => reader.Current);
        });
}
