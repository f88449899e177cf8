namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>The gateway serving the example <c>text-recognition</c> model with its real config.</summary>
public sealed class TextRecognitionFixture : IAsyncLifetime
{
    private readonly TestRepository _repository = new TestRepository().WithTextRecognition();

    internal GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync(_repository.Root);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }
}
