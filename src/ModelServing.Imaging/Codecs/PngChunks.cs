using System.Buffers.Binary;

namespace ModelServing.Imaging.Codecs;

/// <summary>Walks a PNG's chunk list in the encoded bytes and refuses an ancillary chunk larger than the limit.</summary>
/// <remarks>
/// libspng applies its per-chunk limit only to what it inflates (zTXt, iTXt, iCCP); an uncompressed tEXt, eXIf or sPLT
/// chunk is counted against the total cache limit alone, so a 20 MB tEXt passed a documented 16 MB limit. This walk reads
/// only the 8-byte chunk headers (length and type), before libspng sees the image, and costs no allocation. IDAT is the
/// image itself and may be any size; a chunk whose declared length runs past the data is left to libspng, which reports
/// the image as truncated.
/// </remarks>
internal static class PngChunks
{
    /// <summary>The largest ancillary chunk accepted: 16 MiB (text, ICC profiles, Exif; decompressed as well as stored).</summary>
    public const int MaxAncillaryChunkBytes = 16 << 20;

    private const int SignatureLength = 8;
    private const int HeaderLength = 8;
    private const int CrcLength = 4;

    /// <summary>Throws <see cref="ImageDecodeException"/> (too large) when a chunk other than IDAT declares more than the limit.</summary>
    /// <param name="png">The encoded bytes, signature included.</param>
    /// <param name="limit">The largest chunk accepted.</param>
    public static void CheckSizes(ReadOnlySpan<byte> png, int limit = MaxAncillaryChunkBytes)
    {
        long offset = SignatureLength;
        while (offset + HeaderLength <= png.Length)
        {
            var header = png.Slice((int)offset, HeaderLength);
            long length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length > limit && !header[4..].SequenceEqual("IDAT"u8))
            {
                throw new ImageDecodeException(ImageDecodeError.TooLarge, "PNG metadata chunk too large");
            }

            if (header[4..].SequenceEqual("IEND"u8))
            {
                return;
            }

            offset += HeaderLength + length + CrcLength;
        }
    }
}
