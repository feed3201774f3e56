[assembly: AssemblyFixture(typeof(StructuredChat.Client.Tests.KeyLeakFixture))]

namespace StructuredChat.Client.Tests;

/// <summary>At the end of the run, fails it if any client logged the key.</summary>
public sealed class KeyLeakFixture : IDisposable
{
    public void Dispose() => TestKeys.AssertNoKeyInLog();
}
