using System.Text.Json;

namespace StructuredChat.Emulator.Tests;

public sealed class SynthesisTests
{
    public static TheoryData<string> SchemaNames() => [.. SchemaCorpus.All.Keys];

    [Theory]
    [MemberData(nameof(SchemaNames))]
    public async Task Synthesized_answers_validate_and_the_same_prompt_gives_the_same_answer(string name)
    {
        var schema = SchemaCorpus.All[name];
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var first = await wire.AskAsync(Wire.Body(prompt: $"Research question about {name}", schema: schema));
        var again = await wire.AskAsync(Wire.Body(prompt: $"Research question about {name}", schema: schema));
        var streamed = string.Concat(Sse.Contents(await wire.StreamAsync(Wire.Body(prompt: $"Research question about {name}", schema: schema, stream: true))));

        await SchemaAssert.ValidatesAsync(schema, first);
        Assert.Equal(first, again);
        Assert.Equal(first, streamed);
    }

    [Fact]
    public async Task Different_prompts_give_different_answers()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var answers = new HashSet<string>();
        foreach (var prompt in new[] { "Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware" })
        {
            answers.Add(await wire.AskAsync(Wire.Body(prompt: prompt, schema: SchemaCorpus.CompanyInfo)));
        }

        Assert.True(answers.Count >= 4, $"only {answers.Count} distinct answers for 5 prompts");
    }

    [Fact]
    public async Task The_same_prompt_gives_the_same_answer_on_another_emulator()
    {
        var body = Wire.Body(prompt: "Who founded Contoso?", schema: SchemaCorpus.CompanyInfo);
        await using var one = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        await using var two = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wireOne = new Wire(one);
        using var wireTwo = new Wire(two);

        Assert.Equal(await wireOne.AskAsync(body), await wireTwo.AskAsync(body));
    }

    [Fact]
    public async Task Dates_are_iso_dates_when_the_description_asks_for_them()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        for (var i = 0; i < 5; i++)
        {
            using var answer = JsonDocument.Parse(await wire.AskAsync(Wire.Body(prompt: $"dates {i}", schema: SchemaCorpus.All["formats_in_descriptions"])));
            var root = answer.RootElement;
            Assert.True(DateOnly.TryParseExact(root.GetProperty("release_date").GetString(), "yyyy-MM-dd", out _), root.GetRawText());
            Assert.True(DateTimeOffset.TryParse(root.GetProperty("last_updated").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), root.GetRawText());
            Assert.StartsWith("https://", root.GetProperty("website").GetString());
            Assert.Contains("@", root.GetProperty("email").GetString());
            Assert.True(Guid.TryParse(root.GetProperty("id").GetString(), out _), root.GetRawText());
        }
    }

    [Fact]
    public async Task Hints_come_from_whole_words_of_the_name_and_description()
    {
        const string schema = """
            {"type":"object","properties":{"candidate":{"type":"string"},"provider":{"type":"string"},"averageAge":{"type":"integer"},"contact_email":{"type":"string"}},
             "required":["candidate","provider","averageAge","contact_email"],"additionalProperties":false}
            """;
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        for (var i = 0; i < 5; i++)
        {
            using var answer = JsonDocument.Parse(await wire.AskAsync(Wire.Body(prompt: $"hints {i}", schema: schema)));
            var root = answer.RootElement;
            Assert.False(DateOnly.TryParse(root.GetProperty("candidate").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), root.GetRawText());
            Assert.DoesNotContain("ID-", root.GetProperty("provider").GetString());
            Assert.InRange(root.GetProperty("averageAge").GetInt32(), 18, 100);
            Assert.Contains("@", root.GetProperty("contact_email").GetString());
        }
    }

    [Fact]
    public async Task Json_object_answers_are_objects_and_text_answers_are_prose()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        using var jsonObject = JsonDocument.Parse(await wire.AskAsync(Wire.Body(formatType: "json_object")));
        var text = await wire.AskAsync(Wire.Body(formatType: "text"));
        var noFormat = await wire.AskAsync(Wire.Body());

        Assert.Equal(JsonValueKind.Object, jsonObject.RootElement.ValueKind);
        Assert.True(text.Length > 40 && text.Contains(' ') && !text.TrimStart().StartsWith('{'), text);
        Assert.True(noFormat.Length > 40 && !noFormat.TrimStart().StartsWith('{'), noFormat);
    }

    [Theory]
    [InlineData("lite")]
    [InlineData("base")]
    [InlineData("core")]
    public async Task Research_models_add_a_basis_entry_per_field_and_array_element(string model)
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var (status, text, _) = await wire.SendAsync(Wire.Body(model: model, schema: SchemaCorpus.CompanyInfo));
        Assert.Equal(200, status);
        using var body = JsonDocument.Parse(text);
        using var answer = JsonDocument.Parse(body.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!);
        var founders = answer.RootElement.GetProperty("founders").GetArrayLength();
        var expected = new[] { "name", "founded", "headquarters", "founders", "size" }
            .Concat(Enumerable.Range(0, founders).Select(i => $"founders.{i}"));
        var basis = body.RootElement.GetProperty("basis").EnumerateArray().ToList();

        Assert.Equal(expected.Order(), basis.Select(b => b.GetProperty("field").GetString()!).Order());
        Assert.StartsWith("int_", body.RootElement.GetProperty("interaction_id").GetString());
        Assert.All(basis, entry =>
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("reasoning").GetString()));
            Assert.Contains(entry.GetProperty("confidence").GetString(), new[] { "low", "medium", "high" });
            var citations = entry.GetProperty("citations").EnumerateArray().ToList();
            Assert.NotEmpty(citations);
            Assert.All(citations, c =>
            {
                Assert.True(Uri.TryCreate(c.GetProperty("url").GetString(), UriKind.Absolute, out _));
                Assert.True(c.TryGetProperty("title", out _));
                Assert.NotEmpty(c.GetProperty("excerpts").EnumerateArray());
            });
        });
    }

    [Fact]
    public async Task Speed_has_no_basis_and_the_wire_fields_are_as_documented()
    {
        await using var emulator = await Emulators.StartAsync(new() { Timing = EmulatorTimingProfile.Instant });
        using var wire = new Wire(emulator);

        var (status, text, _) = await wire.SendAsync(Wire.Body(model: "speed", schema: SchemaCorpus.CompanyInfo));

        Assert.Equal(200, status);
        using var body = JsonDocument.Parse(text);
        var root = body.RootElement;
        Assert.False(root.TryGetProperty("basis", out _));
        Assert.Equal("", root.GetProperty("id").GetString());
        Assert.Equal("", root.GetProperty("object").GetString());
        Assert.Equal("", root.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
        Assert.Equal("assistant", root.GetProperty("choices")[0].GetProperty("message").GetProperty("role").GetString());
        Assert.StartsWith("int_", root.GetProperty("interaction_id").GetString());
    }
}
