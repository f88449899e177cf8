using System.IO.Hashing;
using System.Security.Cryptography;

namespace ModelServing.Storage;

/// <summary>A write-only stream that counts and hashes what passes through it on the way to a file.</summary>
/// <remarks>Not thread-safe; one download writes it. Does not dispose the inner stream.</remarks>
internal sealed class VerifyingStream(Stream inner, ChecksumKind? kind) : Stream
{
    private readonly IncrementalHash? _md5 = kind == ChecksumKind.Md5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    private readonly Crc32? _crc32C = kind == ChecksumKind.Crc32C ? new Crc32(Crc32ParameterSet.Crc32C) : null;

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    /// <summary>Checks the byte count and the checksum against the listing; an operator-safe problem, or null when they match.</summary>
    public string? Problem(RemoteObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (BytesWritten != item.Size)
        {
            return $"{item.Key} is truncated or changed: {BytesWritten} bytes arrived, the listing says {item.Size}";
        }

        byte[]? actual = _md5?.GetHashAndReset() ?? _crc32C?.GetCurrentHash();
        if (_crc32C is not null && BitConverter.IsLittleEndian)
        {
            // System.IO.Hashing writes the CRC little-endian; stores give it big-endian.
            Array.Reverse(actual!);
        }

        if (item.Checksum is { } expected && actual is not null && !expected.Value.Span.SequenceEqual(actual))
        {
            return $"{item.Key} does not match its {(expected.Kind == ChecksumKind.Md5 ? "MD5" : "CRC32C")} checksum";
        }

        return null;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Append(buffer);
        inner.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Append(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _md5?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        BytesWritten += data.Length;
        _md5?.AppendData(data);
        _crc32C?.Append(data);
    }
}
