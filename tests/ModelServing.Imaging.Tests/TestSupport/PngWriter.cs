using System.Buffers.Binary;
using System.IO.Compression;

namespace ModelServing.Imaging.Tests.TestSupport;

/// <summary>A minimal PNG encoder written for the tests: any colour type and bit depth, optional palette and tRNS.</summary>
public static class PngWriter
{
    /// <summary>Encodes samples already at <paramref name="bitDepth"/> (16-bit samples as 0..65535 ints).</summary>
    /// <param name="width">Width.</param>
    /// <param name="height">Height.</param>
    /// <param name="colorType">0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.</param>
    /// <param name="bitDepth">1, 2, 4, 8 or 16.</param>
    /// <param name="samples">One sample per int, row-major, channels interleaved (palette: indices).</param>
    /// <param name="palette">RGB triples for colour type 3.</param>
    /// <param name="trns">Raw tRNS chunk payload, if any.</param>
    public static byte[] Encode(int width, int height, int colorType, int bitDepth, int[] samples, byte[]? palette = null, byte[]? trns = null)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new ArgumentOutOfRangeException(nameof(colorType)) };
        var rowBits = width * channels * bitDepth;
        var rowBytes = (rowBits + 7) / 8;
        var raw = new byte[height * (rowBytes + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan((y * (rowBytes + 1)) + 1, rowBytes);
            var bit = 0;
            for (var i = 0; i < width * channels; i++)
            {
                var value = samples[(y * width * channels) + i];
                if (bitDepth == 16)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(row[(i * 2)..], (ushort)value);
                }
                else if (bitDepth == 8)
                {
                    row[i] = (byte)value;
                }
                else
                {
                    row[bit / 8] |= (byte)(value << (8 - bitDepth - (bit % 8)));
                    bit += bitDepth;
                }
            }
        }

        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        WriteChunk(output, "IHDR", ihdr);
        if (palette is not null)
        {
            WriteChunk(output, "PLTE", palette);
        }

        if (trns is not null)
        {
            WriteChunk(output, "tRNS", trns);
        }

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(output, "IDAT", compressed.ToArray());
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Writes one chunk: length, type, data, CRC-32 of type and data.</summary>
    public static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        stream.Write(word);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeBytes, data));
        stream.Write(word);
    }

    /// <summary>The PNG CRC-32 (polynomial 0xEDB88320) over two spans.</summary>
    public static uint Crc32(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in first)
        {
            crc = Step(crc, b);
        }

        foreach (var b in second)
        {
            crc = Step(crc, b);
        }

        return ~crc;

        static uint Step(uint crc, byte b)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }

            return crc;
        }
    }
}
