namespace StructuredChat.Extensions.AI.Tests;

/// <summary>The token every call in a test runs under, so that nothing hangs.</summary>
internal static class Deadline
{
    public static CancellationToken After(int seconds = 30)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
        return source.Token;
    }
}
