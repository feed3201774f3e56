namespace StructuredChat.Samples.Tests.Readme;

/// <summary>The README's examples, compiled and run against the emulator by <see cref="ReadmeTests"/>.</summary>
internal static class ReadmeExamples
{
    public static async Task<ParallelResponse<CompanyInfo>> AskAsync(ParallelChatClient client)
    {
        // begin-snippet: ask
        ParallelResponse<CompanyInfo> answer = await client.AskAsync<CompanyInfo>(
            "Who founded Parallel Web Systems, and when?", ParallelModel.Base);

        CompanyInfo company = answer.Value;     // validated against the generated schema
        Console.WriteLine($"{company.Name} ({company.Size}), founded {company.Founded}, in {company.Headquarters}");
        foreach (Founder founder in company.Founders)
        {
            Console.WriteLine($"  {founder.Name}, {founder.Role}");
        }
        // end-snippet
        return answer;
    }

    public static async Task<CompanyInfo?> StreamAsync(ParallelChatClient client)
    {
        // begin-snippet: stream
        CompanyInfo? company = null;
        await foreach (ParallelStreamUpdate<CompanyInfo> update in client.StreamAsync<CompanyInfo>(
            "Who founded Parallel Web Systems?", ParallelModel.Lite))
        {
            // One Partial<CompanyInfo>, filled in place: strings grow (a view, not a copy per read), numbers/enums/dates appear once complete.
            Partial<CompanyInfo> partial = update.Partial;
            Console.Write($"\r{partial.Name} · {partial.Founders?.Count ?? 0} founders so far");
            if (update.IsComplete)
            {
                company = update.Value;     // the validated record; update.Basis has its basis
            }
        }

        Console.WriteLine($"\n{company?.Name}, founded {company?.Founded}");
        // end-snippet
        return company;
    }

    public static void PrintBasis(ParallelResponse<CompanyInfo> answer)
    {
        // begin-snippet: basis
        Basis<CompanyInfo> basis = answer.Basis;              // typed: one property per field
        FieldBasis? founded = basis.Founded;
        Console.WriteLine($"Founded {answer.Value.Founded}: {founded?.Confidence} confidence, because {founded?.Reasoning}");
        foreach (Citation citation in founded?.Citations ?? [])
        {
            Console.WriteLine($"  {citation.Title}: {citation.Url}");
        }

        FieldBasis? firstFounder = basis.Founders[0];           // list elements by index ("founders.0")
        Console.WriteLine($"First founder: {firstFounder?.Confidence}, {firstFounder?.Citations.Count} citations");
        Console.WriteLine($"{answer.BasisEntries.Count} entries, {ResearchBasis.Unmapped(basis).Count} matching no property");
        // end-snippet
    }
}
