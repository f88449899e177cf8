using System.IO.Hashing;
using System.Security.Cryptography;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>
/// What every <see cref="IObjectStore"/> must do, run against a real server (an emulator started by the test). A store's
/// tests derive from this and say how to put objects into a fresh repository and how to open the store on it.
/// </summary>
public abstract class ObjectStoreContractTests
{
    /// <summary>A prefix no other test uses, below which this test's repository lives.</summary>
    protected string Prefix { get; } = "contract-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Whether the store gives a checksum for an object uploaded in one piece (S3 MD5 ETag, GCS CRC32C, Azure Content-MD5).</summary>
    protected virtual bool KeepsChecksums => true;

    /// <summary>The secret of <see cref="OpenStoreWithWrongCredentials"/>, which must never appear in a message.</summary>
    protected abstract string WrongSecret { get; }

    /// <summary>Uploads <paramref name="content"/> in one piece at <paramref name="key"/> below <see cref="Prefix"/>.</summary>
    protected abstract Task PutAsync(string key, byte[] content);

    /// <summary>Opens the store on the repository at <see cref="Prefix"/>, listing <paramref name="pageSize"/> keys per page.</summary>
    protected abstract IObjectStore OpenStore(int pageSize = 1000);

    /// <summary>Opens the store on a bucket (container) that does not exist.</summary>
    protected abstract IObjectStore OpenMissingBucketStore();

    /// <summary>Opens the store on the repository at <see cref="Prefix"/> with credentials the server refuses (<see cref="WrongSecret"/>).</summary>
    protected abstract IObjectStore OpenStoreWithWrongCredentials();

    [Fact]
    public async Task ListAsync_NestedObjects_KeysRelativeToRepositoryWithSizes()
    {
        await PutAsync("loans/1/model.onnx", new byte[10]);
        await PutAsync("loans/config.json", new byte[3]);
        await PutAsync("loans/1/weights/data.bin", new byte[7]);
        await using var store = OpenStore();

        var listed = await ListAsync(store, string.Empty);

        Assert.Equal(
            [("loans/1/model.onnx", 10L), ("loans/1/weights/data.bin", 7L), ("loans/config.json", 3L)],
            listed.Select(o => (o.Key, o.Size)).Order().ToArray());
    }

    [Fact]
    public async Task ListAsync_MoreObjectsThanOnePage_EveryObjectOnce()
    {
        for (var i = 0; i < 7; i++)
        {
            await PutAsync($"m/1/file{i}.bin", [(byte)i]);
        }

        await using var store = OpenStore(pageSize: 2);

        var listed = await ListAsync(store, string.Empty);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"m/1/file{i}.bin"), listed.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListAsync_RelativePrefix_OnlyObjectsBelowIt()
    {
        await PutAsync("a/1/model.onnx", [1]);
        await PutAsync("ab/1/model.onnx", [2]);
        await using var store = OpenStore();

        var listed = await ListAsync(store, "a/");

        Assert.Equal(["a/1/model.onnx"], listed.Select(o => o.Key));
    }

    [Fact]
    public async Task DownloadAsync_LargeObject_ExactBytes()
    {
        var content = RandomNumberGenerator.GetBytes((3 * 1024 * 1024) + 17);
        await PutAsync("big/1/model.onnx", content);
        await using var store = OpenStore();
        var item = Assert.Single(await ListAsync(store, "big/"));
        using var destination = new MemoryStream();

        await store.DownloadAsync(item, destination, CancellationToken.None);

        Assert.True(content.AsSpan().SequenceEqual(destination.ToArray()), "downloaded bytes differ");
    }

    [Fact]
    public async Task ListAsync_OnePieceUpload_ChecksumOfContentOrETag()
    {
        var content = RandomNumberGenerator.GetBytes(4096);
        await PutAsync("sum/1/model.onnx", content);
        await using var store = OpenStore();

        var item = Assert.Single(await ListAsync(store, "sum/"));

        if (!KeepsChecksums)
        {
            Assert.False(string.IsNullOrEmpty(item.ETag), "a store without checksums must give an ETag");
            return;
        }

        var checksum = Assert.IsType<ObjectChecksum>(item.Checksum);
#pragma warning disable CA5351 // MD5 is the store's integrity checksum here, not a security measure.
        var expected = checksum.Kind == ChecksumKind.Md5 ? MD5.HashData(content) : Crc32CBigEndian(content);
#pragma warning restore CA5351
        Assert.Equal(expected, checksum.Value.ToArray());
    }

    [Fact]
    public async Task ListAsync_MissingBucket_NotFound()
    {
        await using var store = OpenMissingBucketStore();

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAsync(store, string.Empty));

        Assert.Equal(ObjectStoreErrorKind.NotFound, ex.Kind);
        Assert.Contains(store.DisplayName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_MissingObject_NotFoundNamingIt()
    {
        await PutAsync("present/1/model.onnx", [1]);
        await using var store = OpenStore();

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(
            () => store.DownloadAsync(new RemoteObject("absent/1/model.onnx", 1, null, null, null), Stream.Null, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.NotFound, ex.Kind);
        Assert.Contains("absent/1/model.onnx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_WrongCredentials_AccessDeniedWithoutSecret()
    {
        await PutAsync("secret/1/model.onnx", [1]);
        await using var store = OpenStoreWithWrongCredentials();

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => ListAsync(store, string.Empty));

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, ex.Kind);
        Assert.DoesNotContain(WrongSecret, ex.Message, StringComparison.Ordinal);
        Assert.Contains(store.DisplayName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAsync_WrongCredentials_AccessDenied()
    {
        await PutAsync("denied/1/model.onnx", [1, 2, 3]);
        RemoteObject item;
        await using (var good = OpenStore())
        {
            item = Assert.Single(await ListAsync(good, "denied/"));
        }

        await using var store = OpenStoreWithWrongCredentials();

        var ex = await Assert.ThrowsAsync<ObjectStoreException>(() => store.DownloadAsync(item, Stream.Null, CancellationToken.None));

        Assert.Equal(ObjectStoreErrorKind.AccessDenied, ex.Kind);
        Assert.DoesNotContain(WrongSecret, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Lists everything below <paramref name="relativePrefix"/>.</summary>
    protected static async Task<List<RemoteObject>> ListAsync(IObjectStore store, string relativePrefix)
    {
        ArgumentNullException.ThrowIfNull(store);
        var items = new List<RemoteObject>();
        await foreach (var item in store.ListAsync(relativePrefix, CancellationToken.None))
        {
            items.Add(item);
        }

        return items;
    }

    private static byte[] Crc32CBigEndian(byte[] content)
    {
        var crc = new Crc32(Crc32ParameterSet.Crc32C);
        crc.Append(content);
        var value = crc.GetCurrentHash();
        Array.Reverse(value);
        return value;
    }
}
