using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Grpc;

/// <summary>
/// One gateway with REST and gRPC over loans, a corrupt model (never ready), a slow model whose runs pass a 200 ms inference
/// timeout, and a slow model with one execution slot and one queue place (for a full queue).
/// </summary>
public sealed class GrpcConformanceFixture : IAsyncLifetime
{
    private readonly TestRepository _repository = new TestRepository()
        .WithLoans()
        .WithCorruptModel("broken", 1)
        .WithSlowModel("slow-timeout")
        .WithConfig("slow-timeout", """{"runtime": {"inferenceTimeoutMilliseconds": 200}, "batching": {"maxConcurrentExecutions": 1}}""")
        .WithSlowModel("slow-queue")
        .WithConfig("slow-queue", """{"batching": {"maxBatchSize": 1, "maxConcurrentExecutions": 1, "maxQueueSize": 1}}""");

    internal GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartWithGrpcAsync(_repository.Root);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }
}
