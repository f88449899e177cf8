namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>One gateway shared by the protocol tests, over a repository with every kind of test model, good and bad.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly TestRepository _repository = new TestRepository()
        .WithLoans()
        .WithAllTypes()
        .WithStrings()
        .WithFixedShape()
        .WithTextOrientation()
        .WithAdders(1, 2)
        .WithConfig("adder", """{"versionPolicy": {"all": {}}, "versionLabels": {"stable": 1, "canary": 2}}""")
        .WithCorruptModel("broken", 1)
        .WithCorruptModel("badconfig", 1)
        .WithConfig("badconfig", """{"versionPolicy": {"latest": {"numVersions": 0}}, "colour": "blue"}""")
        .WithDirectory("loans/not-a-version")
        .WithDirectory(".hidden/1");

    internal GatewayHost Host { get; private set; } = null!;

    internal string RepositoryRoot => _repository.Root;

    public async Task InitializeAsync() => Host = await GatewayHost.StartAsync(_repository.Root);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
