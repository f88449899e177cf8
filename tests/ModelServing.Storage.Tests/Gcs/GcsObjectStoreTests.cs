using System.Security.Cryptography;
using Google.Cloud.Storage.V1;
using ModelServing.Storage.Gcs;
using ModelServing.Storage.Tests.TestSupport;

namespace ModelServing.Storage.Tests.Gcs;

/// <summary>
/// What is particular to GCS, and the store faults, against the GCS JSON API TEST DOUBLE (<see cref="GcsJsonApiDouble"/>;
/// no GCS emulator is reachable here) through the real Google client.
/// </summary>
[Collection(GcsDoubleCollection.Name)]
public sealed class GcsObjectStoreTests(GcsDoubleFixture fixture)
{
    private GcsJsonApiDouble Double => fixture.Double;

    [Fact]
    public async Task ListAsync_EmulatorHostSet_AnonymousRequestsPagedAsTheDoubleGivesThem()
    {
        var bucket = fixture.NewBucket("anonymous");
        for (var i = 0; i < 5; i++)
        {
            Double.Put(bucket, $"models/m/1/file{i}.bin", [(byte)i]);
        }

        await using var store = Open(bucket);

        var listed = await ListAsync(store);

        Assert.Equal(5, listed.Count);
        Assert.Equal((3, 0), Double.Calls(bucket));
        Assert.Equal(0, Double.AuthorizedRequests);
    }

    [Fact]
    public async Task DownloadAsync_CorruptedBytes_VerifyingStreamReportsCrc32CMismatch()
    {
        var bucket = fixture.NewBucket("corrupt");
        Double.Put(bucket, "models/m/1/model.onnx", RandomNumberGenerator.GetBytes(100_000));
        await using var store = Open(bucket);
        var item = Assert.Single(await ListAsync(store));
        Double.Corrupt(bucket);
        using var verifying = new VerifyingStream(Stream.Null, item.Checksum?.Kind);

        await store.DownloadAsync(item, verifying, CancellationToken.None);

        Assert.Equal(ChecksumKind.Crc32C, item.Checksum?.Kind);
        Assert.Contains("m/1/model.onnx does not match its CRC32C checksum", verifying.Problem(item), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_ConnectionBreaksMidway_UnavailableThenARetrySucceeds()
    {
        var bucket = fixture.NewBucket("broken");
        var content = RandomNumberGenerator.GetBytes(300_000);
        Double.Put(bucket, "models/m/1/model.onnx", content);
        await using var store = Open(bucket);
        var item = Assert.Single(await ListAsync(store));
        Double.BreakDownloads(bucket);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => store.DownloadAsync(item, Stream.Null, CancellationToken.None));
        Double.BreakDownloads(bucket, on: false);
        using var retried = new MemoryStream();
        await store.DownloadAsync(item, retried, CancellationToken.None);

        Assert.Equal(ObjectStoreErrorKind.Unavailable, ex.Kind);
        Assert.Contains("m/1/model.onnx", ex.Message, StringComparison.Ordinal);
        Assert.Equal(content, retried.ToArray());
    }

    [Fact]
    public async Task DownloadAsync_BodyStallsMidway_UnavailableAfterTheIdleTimeout()
    {
        var bucket = fixture.NewBucket("stalled");
        Double.Put(bucket, "models/m/1/model.onnx", RandomNumberGenerator.GetBytes(300_000));
        await using var store = GcsObjectStore.Create(
            StorageLocation.Parse($"gs://{bucket}/models"), new GcsStoreSettings(IdleTimeoutOverride: TimeSpan.FromMilliseconds(500)));
        var item = Assert.Single(await ListAsync(store));
        Double.StallDownloads(bucket);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => store.DownloadAsync(item, Stream.Null, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.Unavailable, ex.Kind);
        Assert.Contains("no data arrived for 0.5 s while downloading m/1/model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_ObjectReplacedAfterListing_UnavailableSayingItChanged()
    {
        var bucket = fixture.NewBucket("replaced");
        Double.Put(bucket, "models/m/1/model.onnx", [1, 2, 3]);
        await using var store = Open(bucket);
        var item = Assert.Single(await ListAsync(store));
        Double.Put(bucket, "models/m/1/model.onnx", [4, 5, 6, 7]);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => store.DownloadAsync(item, Stream.Null, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.Unavailable, ex.Kind);
        Assert.Contains("m/1/model.onnx changed while it was being read", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, ObjectStoreErrorKind.Unavailable, "the store answered 500 backendError listing")]
    [InlineData(503, ObjectStoreErrorKind.Unavailable, "the store answered 503 backendError listing")]
    [InlineData(401, ObjectStoreErrorKind.AccessDenied, "access denied listing in bucket")]
    [InlineData(403, ObjectStoreErrorKind.AccessDenied, "access denied listing in bucket")]
    public async Task ListAsync_StatusFromTheStore_KindAndStatusInMessage(int status, ObjectStoreErrorKind kind, string expected)
    {
        var bucket = fixture.NewBucket("status");
        Double.FailWith(bucket, status);
        await using var store = Open(bucket);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAsync(store));

        Assert.Equal(kind, ex.Kind);
        Assert.Contains($"gs://{bucket}/models: {expected}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_ConnectionReset_Unavailable()
    {
        var bucket = fixture.NewBucket("reset");
        Double.DropConnections(bucket);
        await using var store = Open(bucket);

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAsync(store));

        Assert.Equal(ObjectStoreErrorKind.Unavailable, ex.Kind);
        Assert.Contains($"gs://{bucket}/models: the store cannot be reached (listing)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObjectStoreFactoryCreate_GsUri_ListsThroughTheEmulatorHost()
    {
        var bucket = fixture.NewBucket("factory");
        Double.Put(bucket, "models/loans/1/model.onnx", [1, 2]);
        await using var store = ObjectStoreFactory.Create(StorageLocation.Parse($"gs://{bucket}/models"));

        var item = Assert.Single(await ListAsync(store));

        Assert.Equal(("loans/1/model.onnx", 2L), (item.Key, item.Size));
    }

    [Fact]
    public async Task ListAsync_NoEmulatorAndUnreadableCredentialsFile_AccessDeniedNamingTheSources()
    {
        // Both variables are process-wide; the tests of this collection run one at a time and no other test reads them.
        var emulator = Environment.GetEnvironmentVariable(GcsStoreSettings.EmulatorHostVariable);
        const string CredentialsFile = "/nonexistent/secret-service-account.json";
        Environment.SetEnvironmentVariable(GcsStoreSettings.EmulatorHostVariable, null);
        Environment.SetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS", CredentialsFile);
        try
        {
            await using var store = Open("no-credentials");

            var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAsync(store));

            Assert.Equal(ObjectStoreErrorKind.AccessDenied, ex.Kind);
            Assert.Contains("gs://no-credentials/models: no Google application default credentials were found (GOOGLE_APPLICATION_CREDENTIALS", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(CredentialsFile, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS", null);
            Environment.SetEnvironmentVariable(GcsStoreSettings.EmulatorHostVariable, emulator);
        }
    }

    private static GcsObjectStore Open(string bucket) =>
        GcsObjectStore.Create(StorageLocation.Parse($"gs://{bucket}/models"), new GcsStoreSettings(ListRetry: RetryOptions.Never));

    private static async Task<List<RemoteObject>> ListAsync(IObjectStore store)
    {
        var items = new List<RemoteObject>();
        await foreach (var item in store.ListAsync(string.Empty, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }
}
