using ModelServing.Storage.Gcs;

namespace ModelServing.Storage.Tests.Gcs;

public sealed class GcsObjectStoreChecksumTests
{
    [Theory]
    [InlineData("AAAAAA==", ChecksumKind.Crc32C, 4, "00000000")]
    [InlineData("yZRlqg==", ChecksumKind.Crc32C, 4, "C99465AA")]
    [InlineData("XrY7u+Ae7tCTyyK7j1rNww==", ChecksumKind.Md5, 16, "5EB63BBBE01EEED093CB22BB8F5ACDC3")]
    public void Decode_MetadataDigest_RawBytes(string base64, ChecksumKind kind, int length, string hex)
    {
        var checksum = GcsObjectStore.Decode(base64, kind, length);

        Assert.Equal(kind, checksum?.Kind);
        Assert.Equal(hex, Convert.ToHexString(checksum!.Value.Span));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAA")]
    public void Decode_MissingMalformedOrWrongLength_Null(string? base64) => Assert.Null(GcsObjectStore.Decode(base64, ChecksumKind.Crc32C, 4));
}
