using GcsObject = Google.Apis.Storage.v1.Data.Object;

namespace ModelServing.Storage.Gcs;

/// <summary>Turns a listed GCS object into a <see cref="RemoteObject"/>, remembering its generation for the download.</summary>
internal sealed partial class GcsObjectStore
{
    private RemoteObject ToRemoteObject(GcsObject item)
    {
        var key = item.Name[_prefix.Length..];
        if (item.Generation is { } generation)
        {
            _generations[key] = (item.ETag, generation);
        }

        var checksum = Decode(item.Crc32c, ChecksumKind.Crc32C, 4) ?? Decode(item.Md5Hash, ChecksumKind.Md5, 16);
        return new RemoteObject(key, (long)(item.Size ?? 0), item.ETag, checksum, item.UpdatedDateTimeOffset);
    }

    /// <summary>A base64 digest from the object's metadata (CRC32C is big-endian there); null when absent or malformed.</summary>
    internal static ObjectChecksum? Decode(string? base64, ChecksumKind kind, int length)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        var bytes = new byte[length];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == length ? new ObjectChecksum(kind, bytes) : null;
    }
}
