using System.Text;

namespace StructuredChat.Client.Tests;

/// <summary>
/// A broken or hostile Responses API stream, many ways at once: the recorded OpenAI streams and a synthesized Parallel
/// one, mutated at random (events dropped, repeated, swapped, cut, bytes flipped, a terminal event removed) and read
/// in random pieces. Whatever the bytes, a call ends within its deadline with text or one of the library's typed
/// errors, never anything else, and releases the response.
/// </summary>
public sealed class ResponsesStreamFuzzTests
{
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("RESPONSES_FUZZ_CASES"), out int cases) ? cases : 400;

    private static readonly string[] Sources =
    [
        File.ReadAllText(RepositoryPaths.TestData("recorded-streams", "openai-dotnet", "plain-text-streaming.sse")),
        File.ReadAllText(RepositoryPaths.TestData("recorded-streams", "openai-dotnet", "websearch-streaming-annotated.sse")),
        ResponsesWire.Stream("resp_f", ["{\"city\":\"Z\\u00fcrich\",", "\"temperature\":7.5,\"units\":\"c\"}"], "[" + ResponsesWire.Citation("https://a.example", 9, 17) + "]"),
    ];

    [Fact]
    public async Task Any_mutation_of_a_stream_ends_in_text_or_a_typed_error_and_releases_the_response()
    {
        int seed = Environment.GetEnvironmentVariable("RESPONSES_FUZZ_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        int completed = 0;
        for (int run = 0; run < Cases; run++)
        {
            string source = Sources[random.Next(Sources.Length)];
            (string mutated, string mutation) = Mutate(source, random);
            var handler = new ScriptedHandler().EnqueueStream(Encoding.UTF8.GetBytes(mutated), readSize: random.Next(1, 200));
            using ParallelChatClient client = Clients.Create(handler, configure: o => o.Retry = new ParallelRetryOptions { MaxRetries = 0 });
            string context = $"seed {seed} (RESPONSES_FUZZ_SEED), case {run}, {mutation}";
            try
            {
                List<ParallelTextStreamUpdate> updates = await client.StreamAsync("q", ParallelModel.Responses()).ToListAsync().WaitAsync(Clients.Deadline);
                Assert.True(updates[^1].IsComplete, context);
                Assert.Equal(string.Concat(updates.Select(u => u.Delta)), updates[^1].Text);
                completed++;
            }
            catch (ParallelException e)
            {
                TestKeys.AssertNoKey(e);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{context}: {e.GetType().Name} escaped: {e.Message}");
            }

            Assert.True(handler.AllBodiesReleased, context + ": the response was not released");
        }

        // The mutations are not all fatal: a fair share of streams still give an answer.
        Assert.InRange(completed, Cases / 20, Cases - 1);
    }

    private static (string Stream, string Mutation) Mutate(string source, Random random)
    {
        List<string> events = [.. source.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e + "\n\n")];
        string mutation;
        switch (random.Next(8))
        {
            case 0:
                int drop = random.Next(events.Count);
                mutation = $"event {drop} dropped";
                events.RemoveAt(drop);
                break;
            case 1:
                int repeat = random.Next(events.Count);
                mutation = $"event {repeat} repeated";
                events.Insert(repeat, events[repeat]);
                break;
            case 2:
                int a = random.Next(events.Count), b = random.Next(events.Count);
                mutation = $"events {a} and {b} swapped";
                (events[a], events[b]) = (events[b], events[a]);
                break;
            case 3:
                int terminal = events.FindLastIndex(e => e.Contains("response.completed", StringComparison.Ordinal));
                mutation = "terminal event removed";
                if (terminal >= 0)
                {
                    events.RemoveAt(terminal);
                }

                break;
            case 4:
                int cut = random.Next(events.Count);
                int at = random.Next(events[cut].Length);
                mutation = $"event {cut} cut at {at}";
                events[cut] = events[cut][..at] + "\n\n";
                break;
            case 5:
                string whole = string.Concat(events);
                int end = random.Next(whole.Length);
                return (whole[..end], $"stream ends at byte {end}");
            case 6:
                const string Replacements = "{}[]\":,\\0\n x\u00e9";
                char[] chars = string.Concat(events).ToCharArray();
                int flips = random.Next(1, 6);
                for (int i = 0; i < flips; i++)
                {
                    chars[random.Next(chars.Length)] = Replacements[random.Next(Replacements.Length)];
                }

                return (new string(chars), $"{flips} characters replaced");
            default:
                mutation = "unchanged";
                break;
        }

        return (string.Concat(events), mutation);
    }

    [Fact]
    public async Task Any_mutation_of_a_whole_body_ends_in_an_answer_or_a_typed_error()
    {
        string[] bodies =
        [
            File.ReadAllText(RepositoryPaths.TestData("recorded-streams", "openai-dotnet", "websearch.json")),
            File.ReadAllText(RepositoryPaths.TestData("recorded-streams", "openai-dotnet", "structured-output.json")),
        ];
        int seed = Environment.GetEnvironmentVariable("RESPONSES_FUZZ_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        for (int run = 0; run < Cases; run++)
        {
            char[] chars = bodies[random.Next(bodies.Length)].ToCharArray();
            int flips = random.Next(1, 4);
            for (int i = 0; i < flips; i++)
            {
                const string Replacements = "{}[]\":,0 x";
                chars[random.Next(chars.Length)] = Replacements[random.Next(Replacements.Length)];
            }

            string body = new string(chars)[..random.Next(chars.Length / 2, chars.Length + 1)];
            var handler = new ScriptedHandler().Enqueue(System.Net.HttpStatusCode.OK, body);
            using ParallelChatClient client = Clients.Create(handler, configure: o => o.Retry = new ParallelRetryOptions { MaxRetries = 0 });
            try
            {
                ParallelTextResponse answer = await client.AskAsync("q", ParallelModel.Responses()).WaitAsync(Clients.Deadline);
                Assert.NotNull(answer.ResponsesDetails);
            }
            catch (ParallelException e)
            {
                TestKeys.AssertNoKey(e);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"seed {seed} (RESPONSES_FUZZ_SEED), case {run}: {e.GetType().Name} escaped: {e.Message}");
            }

            Assert.True(handler.AllBodiesReleased, $"seed {seed}, case {run}: the response was not released");
        }
    }
}
