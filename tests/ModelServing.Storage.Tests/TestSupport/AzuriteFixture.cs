namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>One <see cref="Azurite"/> for the tests of <see cref="AzuriteCollection"/>; each test uses its own container or prefix.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public Azurite Server { get; } = new();

    public Task InitializeAsync() => Server.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The test classes that talk to Azurite, sharing one Azurite process.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azurite";
}
