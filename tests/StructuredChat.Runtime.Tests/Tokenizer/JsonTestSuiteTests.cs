using StructuredChat.Streaming;
using Xunit;

namespace StructuredChat.Runtime.Tests.Tokenizer;

/// <summary>
/// JSONTestSuite (tests/TestData/JSONTestSuite/test_parsing): y_ files are accepted, n_ files rejected with a
/// <see cref="JsonStreamException"/>, i_ files either way but never with another exception, and every file gets the
/// same verdict (and, when accepted, the same tokens) whether it arrives whole or in pieces of 1, 2, 3 or 7 bytes.
/// </summary>
public sealed class JsonTestSuiteTests
{
    private static readonly int[] s_pieceSizes = [0, 1, 2, 3, 7];

    private static string SuiteFolder => RepositoryPaths.TestData("JSONTestSuite", "test_parsing");

    public static TheoryData<string> Files(string prefix)
    {
        string[] names = Directory.GetFiles(SuiteFolder, prefix + "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.NotEmpty(names);
        return new TheoryData<string>(names);
    }

    [Theory]
    [MemberData(nameof(Files), "y_")]
    public void Accepts_every_y_file_in_any_chunking(string file)
    {
        Verdict[] verdicts = VerdictsFor(file);

        Assert.All(verdicts, v => Assert.True(v.Error is null, $"{file} rejected with {v.PieceSize}-byte pieces: {v.Error?.Message}"));
        Assert.All(verdicts, v => Assert.Equal(verdicts[0].Tokens, v.Tokens));
    }

    [Theory]
    [MemberData(nameof(Files), "n_")]
    public void Rejects_every_n_file_in_any_chunking(string file)
    {
        Verdict[] verdicts = VerdictsFor(file);

        Assert.All(verdicts, v => Assert.True(v.Error is not null, $"{file} accepted with {v.PieceSize}-byte pieces"));
        Assert.All(verdicts, v => Assert.Equal(verdicts[0].Error!.BytePosition, v.Error!.BytePosition));
    }

    [Theory]
    [MemberData(nameof(Files), "i_")]
    public void Gives_every_i_file_one_verdict_in_any_chunking(string file)
    {
        Verdict[] verdicts = VerdictsFor(file);

        Assert.All(verdicts, v => Assert.Equal(verdicts[0].Error is null, v.Error is null));
        Assert.All(verdicts, v => Assert.Equal(verdicts[0].Tokens, v.Tokens));
    }

    [Theory]
    [MemberData(nameof(Files), "y_")]
    public void Reports_the_tokens_System_Text_Json_reads_from_every_y_file(string file)
    {
        byte[] document = File.ReadAllBytes(Path.Combine(SuiteFolder, file));

        List<string> tokens = TokenizerFeeding.Tokenize(document, TokenizerFeeding.FixedPieces(document.Length, 1));

        Assert.Equal(TokenizerFeeding.ReferenceTokens(document), tokens);
    }

    // Any exception other than JsonStreamException escapes and fails the test: that is a crash.
    private static Verdict[] VerdictsFor(string file)
    {
        byte[] document = File.ReadAllBytes(Path.Combine(SuiteFolder, file));
        return s_pieceSizes.Select(size =>
        {
            try
            {
                return new Verdict(size, TokenizerFeeding.Tokenize(document, TokenizerFeeding.FixedPieces(document.Length, size)), null);
            }
            catch (JsonStreamException e)
            {
                return new Verdict(size, [], e);
            }
        }).ToArray();
    }

    private sealed record Verdict(int PieceSize, List<string> Tokens, JsonStreamException? Error);
}
