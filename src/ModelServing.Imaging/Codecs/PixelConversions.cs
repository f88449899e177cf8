namespace ModelServing.Imaging.Codecs;

/// <summary>In-place and row conversions to 8-bit gray or RGB, with exact integer rounding.</summary>
/// <remarks>
/// Where a conversion writes fewer bytes per pixel than it reads it runs forward and may work in place (destination at or
/// before the source); expansions run backward for the same reason.
/// </remarks>
internal static unsafe class PixelConversions
{
    private const long Max16Squared = 65535L * 65535L;

    /// <summary>Adobe (inverted) CMYK as libjpeg returns it to RGB: R = C * K / 255, rounded. 4 bytes to 3, in place.</summary>
    public static void CmykToRgb(byte* pixels, long count)
    {
        for (long i = 0; i < count; i++)
        {
            var source = pixels + (i * 4);
            var destination = pixels + (i * 3);
            int k = source[3];
            var c = source[0];
            var m = source[1];
            var y = source[2];
            destination[0] = MultiplyDiv255(c, k);
            destination[1] = MultiplyDiv255(m, k);
            destination[2] = MultiplyDiv255(y, k);
        }
    }

    /// <summary>RGBA8 composited over <paramref name="background"/> to RGB8: (c * a + bg * (255 - a)) / 255, rounded.</summary>
    public static void Rgba8ToRgb(byte* source, byte* destination, long count, RgbColor background)
    {
        for (long i = 0; i < count; i++)
        {
            var s = source + (i * 4);
            var d = destination + (i * 3);
            int a = s[3];
            if (a == 255)
            {
                d[0] = s[0];
                d[1] = s[1];
                d[2] = s[2];
            }
            else
            {
                var inverse = 255 - a;
                d[0] = (byte)(((s[0] * a) + (background.R * inverse) + 127) / 255);
                d[1] = (byte)(((s[1] * a) + (background.G * inverse) + 127) / 255);
                d[2] = (byte)(((s[2] * a) + (background.B * inverse) + 127) / 255);
            }
        }
    }

    /// <summary>RGBA16 (host order) composited over <paramref name="background"/> at 16-bit precision, rounded once to RGB8.</summary>
    public static void Rgba16ToRgb(ushort* source, byte* destination, long count, RgbColor background)
    {
        for (long i = 0; i < count; i++)
        {
            var s = source + (i * 4);
            var d = destination + (i * 3);
            long a = s[3];
            var inverse = 65535 - a;
            d[0] = Composite16(s[0], a, background.R * 257L, inverse);
            d[1] = Composite16(s[1], a, background.G * 257L, inverse);
            d[2] = Composite16(s[2], a, background.B * 257L, inverse);
        }
    }

    /// <summary>16-bit samples (host order) to 8-bit: round(v * 255 / 65535). In place allowed.</summary>
    public static void Samples16To8(ushort* source, byte* destination, long count)
    {
        for (long i = 0; i < count; i++)
        {
            destination[i] = To8(source[i]);
        }
    }

    /// <summary>round(v * 255 / 65535), exact for every 16-bit value (the exact half never occurs).</summary>
    public static byte To8(uint value) => (byte)(((value * 255) + 32895) >> 16);

    /// <summary>
    /// 8-bit gray to RGB where pixels equal to <paramref name="transparentKey"/> (a tRNS colour key) become
    /// <paramref name="background"/>; expands in place (destination at the source's start, room for 3 bytes per pixel).
    /// </summary>
    public static void GrayKeyedToRgb(byte* pixels, long count, int transparentKey, RgbColor background)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            var g = pixels[i];
            var d = pixels + (i * 3);
            if (g == transparentKey)
            {
                d[0] = background.R;
                d[1] = background.G;
                d[2] = background.B;
            }
            else
            {
                d[0] = g;
                d[1] = g;
                d[2] = g;
            }
        }
    }

    /// <summary>Gray to RGB by replication, in place (room for 3 bytes per pixel).</summary>
    public static void GrayToRgb(byte* pixels, long count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            var g = pixels[i];
            var d = pixels + (i * 3);
            d[0] = g;
            d[1] = g;
            d[2] = g;
        }
    }

    /// <summary>RGB to BT.601 luma (0.299 R + 0.587 G + 0.114 B, rounded), in place.</summary>
    public static void RgbToGray(byte* pixels, long count)
    {
        for (long i = 0; i < count; i++)
        {
            var s = pixels + (i * 3);
            pixels[i] = (byte)(((299 * s[0]) + (587 * s[1]) + (114 * s[2]) + 500) / 1000);
        }
    }

    private static byte MultiplyDiv255(int a, int b)
    {
        var t = (a * b) + 128;
        return (byte)((t + (t >> 8)) >> 8);
    }

    private static byte Composite16(long color, long alpha, long background16, long inverse)
    {
        var numerator = (color * alpha) + (background16 * inverse);
        return (byte)(((numerator * 255) + (Max16Squared / 2)) / Max16Squared);
    }
}
