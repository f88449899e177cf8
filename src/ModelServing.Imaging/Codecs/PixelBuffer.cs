using System.Buffers;

namespace ModelServing.Imaging.Codecs;

/// <summary>Decoded 8-bit pixels (1 or 3 interleaved channels, rows without padding) in an array rented from the shared pool.</summary>
/// <remarks>Owned by whoever decoded it; dispose exactly once to return the array.</remarks>
internal readonly struct PixelBuffer : IDisposable
{
    private readonly byte[] _array;

    private PixelBuffer(byte[] array, int width, int height, int channels)
    {
        _array = array;
        Width = width;
        Height = height;
        Channels = channels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>1 (gray) or 3 (RGB).</summary>
    public int Channels { get; }

    public int Stride => Width * Channels;

    public Span<byte> Pixels => _array.AsSpan(0, Stride * Height);

    /// <summary>The whole rented array (decoders may need more room than the final pixels, e.g. CMYK or RGBA).</summary>
    public byte[] Array => _array;

    /// <summary>Rents room for <paramref name="bytesNeeded"/> bytes that will end up as width x height x channels pixels.</summary>
    public static PixelBuffer Rent(int width, int height, int channels, long bytesNeeded)
    {
        var finalBytes = (long)width * height * channels;
        var size = Math.Max(finalBytes, bytesNeeded);
        if (size > System.Array.MaxLength)
        {
            throw new ImageDecodeException(ImageDecodeError.TooLarge, $"image is {width}x{height} pixels, too large to decode");
        }

        return new PixelBuffer(ArrayPool<byte>.Shared.Rent((int)size), width, height, channels);
    }

    /// <summary>Describes pixels the caller owns; never dispose the result (its array is not the pool's).</summary>
    public static PixelBuffer Over(byte[] array, int width, int height, int channels) => new(array, width, height, channels);

    /// <summary>The same array described as having <paramref name="channels"/> channels (after an in-place conversion).</summary>
    public PixelBuffer WithChannels(int channels) => new(_array, Width, Height, channels);

    public void Dispose()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }
    }
}
