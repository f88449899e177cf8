using System.Buffers.Binary;
using System.IO.Compression;
using ModelServing.Batch.Input;

namespace ModelServing.Batch.Tests.TestSupport;

/// <summary>Writes TFRecord files: uint64 length, masked CRC-32C of the length, data, masked CRC-32C of the data.</summary>
internal static class TfRecordFiles
{
    public static void Write(string path, IEnumerable<byte[]> records, bool gzip = false, int corruptDataOf = -1, int corruptLengthOf = -1)
    {
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        var index = 0;
        Span<byte> header = stackalloc byte[12];
        Span<byte> footer = stackalloc byte[4];
        foreach (var record in records)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)record.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]) ^ (index == corruptLengthOf ? 1u : 0u));
            stream.Write(header);
            stream.Write(record);
            BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(record) ^ (index == corruptDataOf ? 0x100u : 0u));
            stream.Write(footer);
            index++;
        }
    }
}
