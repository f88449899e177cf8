using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>
/// A TEST DOUBLE of the Google Cloud Storage JSON API, not an emulator: no GCS emulator can be installed here (issue 16), so
/// this Kestrel server on loopback answers only the two calls Google.Cloud.Storage.V1 makes for the store, listing
/// (<c>GET /storage/v1/b/{bucket}/o</c> with <c>prefix</c>, <c>maxResults</c> and <c>pageToken</c>) and media download
/// (<c>GET /storage/v1/b/{bucket}/o/{object}?alt=media</c>, streamed, honouring <c>ifGenerationMatch</c>). Object metadata (size, md5Hash, crc32c,
/// etag, generation) is computed from the bytes as GCS does. Faults are set per bucket: an HTTP status, corrupted bytes
/// under the true metadata, or a connection that breaks half-way through a download. The client reaches it through
/// <c>STORAGE_EMULATOR_HOST</c>, set to <c>http://127.0.0.1:port/storage/v1/</c>.
/// </summary>
internal sealed partial class GcsJsonApiDouble : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private long _generation = 1_700_000_000_000_000;
    private int _authorizedRequests;

    private GcsJsonApiDouble(WebApplication app) => _app = app;

    /// <summary>Where the double listens, <c>http://127.0.0.1:port</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Starts the double on a free loopback port.</summary>
    public static async Task<GcsJsonApiDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var double_ = new GcsJsonApiDouble(app);
        // The paths the Google client builds from STORAGE_EMULATOR_HOST (taken as the JSON API's base URL, /storage/v1/).
        app.MapGet("/storage/v1/b/{bucket}/o", double_.ListAsync);
        app.MapGet("/storage/v1/b/{bucket}/o/{**name}", double_.DownloadAsync);
        app.MapFallback("{**path}", context =>
        {
            // Anything else the client might call is outside what the double speaks: say so plainly.
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return context.Response.WriteAsync($"GCS test double: {context.Request.Method} {context.Request.Path} is not implemented");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        double_.Endpoint = new Uri(address);
        return double_;
    }

    /// <summary>Objects per list page the double gives at most (small, so that paging is exercised).</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>How many requests carried an Authorization header (the client reaches an emulator without credentials).</summary>
    public int AuthorizedRequests => Volatile.Read(ref _authorizedRequests);

    /// <summary>How many list pages and downloads were served, per bucket.</summary>
    public (int ListPages, int Downloads) Calls(string bucket) => Get(bucket) is { } b ? (b.ListPages, b.Downloads) : (0, 0);

    /// <summary>Creates an empty bucket (a second call keeps its objects).</summary>
    public void CreateBucket(string bucket) => _buckets.GetOrAdd(bucket, _ => new Bucket());

    /// <summary>Stores <paramref name="bytes"/> as <paramref name="name"/>, with a new generation and metadata computed from them.</summary>
    public void Put(string bucket, string name, byte[] bytes)
    {
        var crc = new Crc32(Crc32ParameterSet.Crc32C);
        crc.Append(bytes);
        var generation = Interlocked.Increment(ref _generation);
        _buckets.GetOrAdd(bucket, _ => new Bucket()).Objects[name] = new StoredObject(
            bytes,
#pragma warning disable CA5351 // GCS's md5Hash is MD5 by definition; it checks integrity, not authenticity.
            Convert.ToBase64String(MD5.HashData(bytes)),
#pragma warning restore CA5351
            Convert.ToBase64String(BitConverter.GetBytes(crc.GetCurrentHashAsUInt32()).Reverse().ToArray()),
            generation);
    }

    /// <summary>Removes an object.</summary>
    public void Delete(string bucket, string name) => Get(bucket)?.Objects.TryRemove(name, out _);

    /// <summary>Answers every call on <paramref name="bucket"/> with <paramref name="status"/> (and GCS's error JSON); null clears it.</summary>
    public void FailWith(string bucket, int? status) => _buckets.GetOrAdd(bucket, _ => new Bucket()).FailStatus = status;

    /// <summary>Serves the objects of <paramref name="bucket"/> with one byte flipped, metadata unchanged.</summary>
    public void Corrupt(string bucket, bool on = true) => _buckets.GetOrAdd(bucket, _ => new Bucket()).Corrupt = on;

    /// <summary>Sends half of every download from <paramref name="bucket"/>, then nothing more until the client goes away.</summary>
    public void StallDownloads(string bucket, bool on = true) => _buckets.GetOrAdd(bucket, _ => new Bucket()).StallDownloads = on;

    /// <summary>Resets every connection to <paramref name="bucket"/> before answering, as a store that went away would.</summary>
    public void DropConnections(string bucket, bool on = true) => _buckets.GetOrAdd(bucket, _ => new Bucket()).DropConnections = on;

    /// <summary>Breaks the connection half-way through every download from <paramref name="bucket"/>.</summary>
    public void BreakDownloads(string bucket, bool on = true) => _buckets.GetOrAdd(bucket, _ => new Bucket()).BreakDownloads = on;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Bucket? Get(string bucket) => _buckets.TryGetValue(bucket, out var b) ? b : null;

    private static JsonObject Resource(string bucket, string name, StoredObject item) => new()
    {
        ["kind"] = "storage#object",
        ["id"] = $"{bucket}/{name}/{item.Generation}",
        ["name"] = name,
        ["bucket"] = bucket,
        ["generation"] = item.Generation.ToString(CultureInfo.InvariantCulture),
        ["metageneration"] = "1",
        ["contentType"] = "application/octet-stream",
        ["size"] = item.Bytes.Length.ToString(CultureInfo.InvariantCulture),
        ["md5Hash"] = item.Md5,
        ["crc32c"] = item.Crc32C,
        ["etag"] = $"C{item.Generation.ToString(CultureInfo.InvariantCulture)}EAE=",
        ["updated"] = "2026-01-01T00:00:00.000Z",
    };

    private sealed class Bucket
    {
        public ConcurrentDictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);

        public int? FailStatus { get; set; }

        public bool Corrupt { get; set; }

        public bool BreakDownloads { get; set; }

        public bool DropConnections { get; set; }

        public bool StallDownloads { get; set; }

        public int ListPages;

        public int Downloads;
    }

    private sealed record StoredObject(byte[] Bytes, string Md5, string Crc32C, long Generation);
}
