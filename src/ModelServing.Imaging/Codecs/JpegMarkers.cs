using System.Buffers.Binary;

namespace ModelServing.Imaging.Codecs;

/// <summary>A minimal walk over JPEG marker segments, only to tell a truncated header from a declared empty one.</summary>
internal static class JpegMarkers
{
    /// <summary>Whether a start-of-frame segment (SOF0..SOF15 but DHT, JPG, DAC) is present up to its width field.</summary>
    public static bool HasCompleteFrameHeader(ReadOnlySpan<byte> jpeg)
    {
        var i = 2; // after SOI
        while (i + 3 < jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                return false;
            }

            var marker = jpeg[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                // length (2), precision (1), height (2), width (2)
                return i + 2 + 7 <= jpeg.Length;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a segment
                continue;
            }

            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg[(i + 2)..]);
        }

        return false;
    }
}
