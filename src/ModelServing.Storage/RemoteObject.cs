namespace ModelServing.Storage;

/// <summary>One object of a remote model repository, as a listing gives it.</summary>
/// <param name="Key">The object's path below the repository's prefix, <c>/</c>-separated, never starting with <c>/</c>
/// (e.g. <c>loans/1/model.onnx</c>).</param>
/// <param name="Size">The object's length in bytes.</param>
/// <param name="ETag">The store's entity tag, when it gives one (compared on revalidation; never a checksum by itself).</param>
/// <param name="Checksum">The store's content checksum, when it keeps one (CRC32C on GCS, MD5 on S3 single-part uploads and
/// Azure blobs that carry Content-MD5).</param>
/// <param name="LastModified">When the object last changed, when the store says.</param>
public sealed record RemoteObject(string Key, long Size, string? ETag, ObjectChecksum? Checksum, DateTimeOffset? LastModified);

/// <summary>Which checksum a store keeps for an object.</summary>
public enum ChecksumKind
{
    /// <summary>MD5 of the whole object (S3 single-part ETag or Content-MD5, Azure Content-MD5, GCS md5Hash).</summary>
    Md5,

    /// <summary>CRC32C (Castagnoli) of the whole object, big-endian (GCS crc32c, S3 x-amz-checksum-crc32c).</summary>
    Crc32C,
}

/// <summary>A content checksum of a whole object.</summary>
/// <param name="Kind">The algorithm.</param>
/// <param name="Value">The raw digest bytes (16 for MD5, 4 for CRC32C, big-endian).</param>
public sealed record ObjectChecksum(ChecksumKind Kind, ReadOnlyMemory<byte> Value);
