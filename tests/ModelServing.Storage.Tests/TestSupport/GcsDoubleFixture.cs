using ModelServing.Storage.Gcs;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>
/// One <see cref="GcsJsonApiDouble"/> (a test double of the GCS JSON API, not an emulator) for the tests of
/// <see cref="GcsDoubleCollection"/>, reached the way an emulator is: <c>STORAGE_EMULATOR_HOST</c> is set for the test
/// process, so the Google client connects there without credentials. Each test uses its own bucket.
/// </summary>
public sealed class GcsDoubleFixture : IAsyncLifetime
{
    private int _buckets;

    internal GcsJsonApiDouble Double { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Double = await GcsJsonApiDouble.StartAsync();
        // Process-wide, as the Google client reads it from the environment; only the GCS tests (one collection) build clients.
        Environment.SetEnvironmentVariable(GcsStoreSettings.EmulatorHostVariable, new Uri(Double.Endpoint, "/storage/v1/").ToString());
    }

    /// <summary>A new, empty bucket name for one test.</summary>
    public string NewBucket(string purpose)
    {
        var bucket = $"{purpose}-{Interlocked.Increment(ref _buckets)}";
        Double.CreateBucket(bucket);
        return bucket;
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(GcsStoreSettings.EmulatorHostVariable, null);
        await Double.DisposeAsync();
    }
}

/// <summary>The tests that talk to the GCS test double, run one after another against one double.</summary>
[CollectionDefinition(Name)]
public sealed class GcsDoubleCollection : ICollectionFixture<GcsDoubleFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "GCS JSON API test double";
}
