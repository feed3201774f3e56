using System.Text.RegularExpressions;
using StructuredChat.Samples.Tests.Infrastructure;

namespace StructuredChat.Samples.Tests.Readme;

public sealed partial class ReadmeTests : IAsyncLifetime
{
    private ParallelEmulator? _emulator;
    private ParallelChatClient? _client;

    public async ValueTask InitializeAsync()
    {
        _emulator = await ParallelEmulator.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _client = new ParallelChatClient(new ParallelChatClientOptions { BaseUrl = _emulator.BaseUrl, ApiKey = _emulator.ApiKey });
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_AskAsync_example_gets_a_typed_answer_with_its_basis()
    {
        var answer = await ReadmeExamples.AskAsync(_client!);
        ReadmeExamples.PrintBasis(answer);

        Assert.False(string.IsNullOrEmpty(answer.Value.Name));
        Assert.NotNull(answer.Basis.Name);
        Assert.Equal(answer.Value.Founders.Count, Enumerable.Range(0, answer.Value.Founders.Count).Count(i => answer.Basis.Founders[i] is not null));
    }

    [Fact]
    public async Task The_StreamAsync_example_ends_with_the_validated_record()
    {
        var company = await ReadmeExamples.StreamAsync(_client!);

        Assert.NotNull(company);
        Assert.NotEmpty(company.Founders);
    }

    [Fact]
    public void The_README_shows_each_snippet_exactly_as_compiled()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md")).Replace("\r\n", "\n");
        var folder = Path.Combine(Repo.Root, "tests", "StructuredChat.Samples.Tests", "Readme");
        var snippets = Directory.GetFiles(folder, "*.cs").SelectMany(f => Snippet().Matches(File.ReadAllText(f).Replace("\r\n", "\n"))).ToList();

        Assert.Equal(["ask", "basis", "stream", "types"], snippets.Select(s => s.Groups["name"].Value).Order());
        foreach (Match snippet in snippets)
        {
            var code = Dedent(snippet.Groups["code"].Value);
            Assert.True(readme.Contains(code, StringComparison.Ordinal), $"README.md lacks the '{snippet.Groups["name"].Value}' snippet:\n{code}");
        }
    }

    private static string Dedent(string code)
    {
        var lines = code.TrimEnd().Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())) + "\n";
    }

    [GeneratedRegex(@"// begin-snippet: (?<name>\w+)\n(?<code>.*?)^\s*// end-snippet", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Snippet();
}
