using Inference;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Grpc.OpenInference;

/// <summary>
/// One gateway with gRPC on a loopback port over loans, the identity model of every element type, text-orientation with
/// its real serving function, and a model that fails to load; the v2 gRPC tests compare it with the same gateway's REST.
/// </summary>
public sealed class OpenInferenceGrpcFixture : IAsyncLifetime
{
    private readonly TestRepository _repository = new TestRepository()
        .WithLoans()
        .WithAllTypes()
        .WithTextOrientation()
        .WithCorruptModel("broken", 1);

    internal GatewayHost Host { get; private set; } = null!;

    internal GRPCInferenceService.GRPCInferenceServiceClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The example model's serving function (image in, top-2 labels out) beside the copied model.
        foreach (var file in new[] { "config.json", "labels.json" })
        {
            File.Copy(Path.Combine(ExampleModels.RepositoryRoot, "models", "text-orientation", file), Path.Combine(_repository.Root, "text-orientation", file));
        }

        Host = await GatewayHost.StartWithGrpcAsync(_repository.Root);
        Client = new GRPCInferenceService.GRPCInferenceServiceClient(Host.Channel);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }
}
