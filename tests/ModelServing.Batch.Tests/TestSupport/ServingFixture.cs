using ModelServing.BatchCli;

namespace ModelServing.Batch.Tests.TestSupport;

/// <summary>The loans and text-orientation models loaded once, as the CLI loads them (real ONNX Runtime).</summary>
public sealed class ServingFixture : IAsyncLifetime
{
    internal BatchServingHost Loans { get; private set; } = null!;

    internal BatchServingHost TextOrientation { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Loans = await BatchServingHost.StartAsync(TestPaths.Models, "loans", BatchServingHost.IntraOpThreadsFor(Environment.ProcessorCount), CancellationToken.None);
        TextOrientation = await BatchServingHost.StartAsync(TestPaths.Models, "text-orientation", BatchServingHost.IntraOpThreadsFor(Environment.ProcessorCount), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Loans.DisposeAsync();
        await TextOrientation.DisposeAsync();
    }
}
