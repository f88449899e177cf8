using Amazon.S3;
using Amazon.S3.Model;

namespace ModelServing.Storage.S3;

/// <summary>Turns a listed S3 object into a <see cref="RemoteObject"/> with the checksum S3 keeps for it.</summary>
internal sealed partial class S3ObjectStore
{
    private async Task<RemoteObject> ToRemoteObjectAsync(S3Object item, CancellationToken cancellationToken)
    {
        var key = item.Key[_prefix.Length..];
        var etag = item.ETag?.Trim('"');
        var checksum = Md5FromETag(etag);
        if (checksum is null && item.ChecksumAlgorithm?.Contains(ChecksumAlgorithm.CRC32C) == true)
        {
            // Listings name the algorithm but not the value: one HEAD for the (rare) multipart object that has one.
            var head = await CallAsync(
                () => _client.GetObjectMetadataAsync(
                    new GetObjectMetadataRequest { BucketName = _location.Bucket, Key = item.Key, ChecksumMode = ChecksumMode.ENABLED }, cancellationToken),
                "reading the checksum of", key).ConfigureAwait(false);
            checksum = Crc32CFromHeader(head.ChecksumCRC32C);
        }

        return new RemoteObject(key, item.Size ?? 0, etag, checksum, item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : null);
    }

    /// <summary>The MD5 a single-part upload's ETag is; null for a multipart ETag (<c>hex-N</c>) or anything else.</summary>
    internal static ObjectChecksum? Md5FromETag(string? etag)
    {
        if (etag is not { Length: 32 } || !etag.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return new ObjectChecksum(ChecksumKind.Md5, Convert.FromHexString(etag));
    }

    /// <summary>A full-object CRC32C from <c>x-amz-checksum-crc32c</c> (base64); null for a composite one (<c>…-N</c>).</summary>
    internal static ObjectChecksum? Crc32CFromHeader(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Contains('-', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(value);
            return bytes.Length == 4 ? new ObjectChecksum(ChecksumKind.Crc32C, bytes) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
