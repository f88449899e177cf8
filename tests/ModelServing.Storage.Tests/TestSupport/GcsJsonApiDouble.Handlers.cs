using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ModelServing.Storage.Tests.TestSupport;

/// <summary>The test double's two endpoints, answering as the GCS JSON API does for what the Google client asks.</summary>
internal sealed partial class GcsJsonApiDouble
{
    private async Task ListAsync(HttpContext context, string bucket)
    {
        if (await FailedAsync(context, bucket) is not { } b)
        {
            return;
        }

        Interlocked.Increment(ref b.ListPages);
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var after = query["pageToken"].ToString() is { Length: > 0 } token ? Encoding.UTF8.GetString(Convert.FromBase64String(token)) : null;
        var pageSize = int.TryParse(query["maxResults"], CultureInfo.InvariantCulture, out var requested) ? Math.Min(requested, PageSize) : PageSize;
        var names = b.Objects.Keys
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && (after is null || string.CompareOrdinal(n, after) > 0))
            .Order(StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var page = names.Take(pageSize).ToList();
        var items = new JsonArray();
        foreach (var name in page)
        {
            if (b.Objects.TryGetValue(name, out var item))
            {
                items.Add(Resource(bucket, name, item));
            }
        }

        var body = new JsonObject { ["kind"] = "storage#objects", ["items"] = items };
        if (names.Count > pageSize)
        {
            body["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1]));
        }

        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private async Task DownloadAsync(HttpContext context, string bucket, string name)
    {
        if (await FailedAsync(context, bucket) is not { } b)
        {
            return;
        }

        name = Uri.UnescapeDataString(name);
        if (context.Request.Query["alt"] != "media" || !b.Objects.TryGetValue(name, out var item))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "notFound", $"No such object: {bucket}/{name}");
            return;
        }

        if (IfGenerationMatch(context) is { } expected && expected != item.Generation)
        {
            await ErrorAsync(context, StatusCodes.Status412PreconditionFailed, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
            return;
        }

        Interlocked.Increment(ref b.Downloads);
        var bytes = item.Bytes;
        if (b.Corrupt && bytes.Length > 0)
        {
            bytes = (byte[])bytes.Clone();
            bytes[bytes.Length / 2] ^= 0xFF;
        }

        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = bytes.Length;
        response.Headers["X-Goog-Hash"] = $"crc32c={item.Crc32C},md5={item.Md5}";
        response.Headers["X-Goog-Generation"] = item.Generation.ToString(CultureInfo.InvariantCulture);
        response.Headers.ETag = $"\"{Convert.ToHexString(Convert.FromBase64String(item.Md5)).ToLowerInvariant()}\"";
        if (b.StallDownloads)
        {
            // The store stalls mid-body: half the bytes, then silence on an open connection.
            await response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (b.BreakDownloads)
        {
            // The store dies mid-download: half the bytes, then the connection is reset.
            await response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await response.Body.FlushAsync();
            context.Abort();
            return;
        }

        // Streamed in pieces, as a large object would be.
        for (var offset = 0; offset < bytes.Length; offset += 64 * 1024)
        {
            await response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(64 * 1024, bytes.Length - offset)));
        }
    }

    private static long? IfGenerationMatch(HttpContext context) =>
        long.TryParse(context.Request.Query["ifGenerationMatch"], CultureInfo.InvariantCulture, out var generation) ? generation : null;

    /// <summary>The bucket, or null after answering its fault (or a 404 for a bucket that does not exist).</summary>
    private async Task<Bucket?> FailedAsync(HttpContext context, string bucket)
    {
        if (context.Request.Headers.Authorization.Count > 0)
        {
            Interlocked.Increment(ref _authorizedRequests);
        }

        if (!_buckets.TryGetValue(bucket, out var b))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "notFound", "The specified bucket does not exist.");
            return null;
        }

        if (b.DropConnections)
        {
            context.Abort();
            return null;
        }

        if (b.FailStatus is { } status)
        {
            var reason = status switch { 401 => "required", 403 => "forbidden", 404 => "notFound", _ => "backendError" };
            await ErrorAsync(context, status, reason, "Injected by the GCS test double.");
            return null;
        }

        return b;
    }

    private static Task ErrorAsync(HttpContext context, int status, string reason, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        var error = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = status,
                ["message"] = message,
                ["errors"] = new JsonArray(new JsonObject { ["domain"] = "global", ["reason"] = reason, ["message"] = message }),
            },
        };
        return context.Response.WriteAsync(error.ToJsonString());
    }
}
