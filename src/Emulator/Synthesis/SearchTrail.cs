using System.Globalization;

namespace StructuredChat.Emulator.Synthesis;

/// <summary>One <c>web_search_call</c> item: a search (<see cref="Query"/>) or a page read (<see cref="Url"/>).</summary>
internal sealed record SearchStep(string Id, string? Query, string? Url, string? Title);

/// <summary>The searches and page reads behind a Responses answer: one or two searches, then one to three pages read.</summary>
internal static class SearchTrail
{
    public static List<SearchStep> For(string responseId, string prompt, SeededRandom random)
    {
        var steps = new List<SearchStep>();
        var query = prompt.Length > 120 ? prompt[..120] : prompt;
        steps.Add(new(StepId(responseId, 0), query, null, null));
        if (random.Chance(0.5))
        {
            steps.Add(new(StepId(responseId, 1), $"{query} {random.Pick(WordBank.Words)}", null, null));
        }

        for (var n = random.Next(1, 3); n > 0; n--)
        {
            var company = random.Pick(WordBank.Companies);
            var slug = new string([.. company.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
            steps.Add(new(
                StepId(responseId, steps.Count), null,
                $"https://www.{slug}.example.com/research/{random.Next(1, 999).ToString(CultureInfo.InvariantCulture)}",
                $"{company} | {random.Pick(WordBank.Words)}"));
        }

        return steps;
    }

    private static string StepId(string responseId, int index) => $"ws_{responseId}_{index.ToString(CultureInfo.InvariantCulture)}";
}
