
namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>The gateway serving the example image models with their real configs.</summary>
public sealed class ImageModelsFixture : IAsyncLifetime
{
    private readonly TestRepository _repository = new TestRepository().WithExampleImageModels();

    internal GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync(_repository.Root);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }
}
