using System.IO.Hashing;
using System.Security.Cryptography;

namespace ModelServing.Storage.Tests;

public sealed class VerifyingStreamTests
{
    private static readonly byte[] s_content = [.. Enumerable.Range(0, 1000).Select(i => (byte)i)];

    [Fact]
    public void Problem_ExactBytesAndCrc32C_Null()
    {
        var crc = new Crc32(Crc32ParameterSet.Crc32C);
        crc.Append(s_content);
        var bigEndian = crc.GetCurrentHash().Reverse().ToArray();

        Assert.Null(Write(s_content, new RemoteObject("m/1/model.onnx", s_content.Length, null, new ObjectChecksum(ChecksumKind.Crc32C, bigEndian), null)));
    }

    [Fact]
    public void Problem_FewerBytesThanListed_NamesTheObjectAsTruncated()
    {
        var problem = Write(s_content[..500], new RemoteObject("m/1/model.onnx", s_content.Length, "\"etag\"", null, null));

        Assert.Contains("m/1/model.onnx is truncated", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_Md5Mismatch_NamesTheChecksum()
    {
#pragma warning disable CA5351 // The store's integrity checksum, not security.
        var md5 = MD5.HashData(s_content);
#pragma warning restore CA5351
        var changed = s_content.ToArray();
        changed[10] ^= 1;

        var problem = Write(changed, new RemoteObject("m/1/model.onnx", s_content.Length, null, new ObjectChecksum(ChecksumKind.Md5, md5), null));

        Assert.Contains("does not match its MD5 checksum", problem, StringComparison.Ordinal);
    }

    private static string? Write(byte[] bytes, RemoteObject item)
    {
        using var sink = new MemoryStream();
        using var verifying = new VerifyingStream(sink, item.Checksum?.Kind);
        verifying.Write(bytes.AsSpan(0, bytes.Length / 3));
        verifying.Write(bytes.AsSpan(bytes.Length / 3));
        return verifying.Problem(item);
    }
}
