using ModelServing.Imaging.Native;

namespace ModelServing.Imaging.Codecs;

/// <summary>One image being decoded: the header is read once, then pixels are decoded with the same native state.</summary>
/// <remarks>
/// The encoded bytes must stay pinned until <see cref="Dispose"/> (libspng keeps the pointer). Not a <c>using</c>
/// variable: callers keep it in a mutable local and dispose it in <c>finally</c>, so a failure recorded by
/// <see cref="Decode"/> is seen (a failed TurboJPEG handle is destroyed instead of pooled).
/// </remarks>
internal unsafe ref struct DecodeSession
{
    private readonly byte* _data;
    private readonly int _length;
    private nint _jpeg;
    private nint _png;
    private PngInfo _pngInfo;
    private bool _failed;

    private DecodeSession(byte* data, int length)
    {
        _data = data;
        _length = length;
    }

    /// <summary>The image's header.</summary>
    public ImageHeader Header { get; private set; }

    /// <summary>Sniffs the format and reads the header of pinned bytes.</summary>
    /// <param name="data">Pinned <paramref name="encoded"/>.</param>
    /// <param name="encoded">The bytes.</param>
    /// <param name="maxPixels">The pixel limit, also given to libspng as its per-side limit.</param>
    public static DecodeSession Open(byte* data, ReadOnlySpan<byte> encoded, long maxPixels)
    {
        var format = ImageSniffer.Detect(encoded);
        var session = new DecodeSession(data, encoded.Length);
        try
        {
            if (format == ImageFormat.Jpeg)
            {
                session._jpeg = TurboJpegHandlePool.Rent();
                session.Header = JpegCodec.ReadHeader(session._jpeg, data, encoded.Length);
            }
            else
            {
                PngChunks.CheckSizes(encoded);
                session._png = PngCodec.Open(data, encoded.Length, maxPixels);
                session.Header = PngCodec.ReadHeader(session._png, encoded, maxPixels, out session._pngInfo);
            }

            return session;
        }
        catch
        {
            session._failed = true;
            session.Dispose();
            throw;
        }
    }

    /// <summary>Opens pinned bytes whose header was read already (<see cref="Open"/> earlier): JPEG skips reading it again.</summary>
    /// <remarks>libspng keeps its decoder state from reading the header, so a PNG reads it again; its size must agree.</remarks>
    public static DecodeSession Reopen(byte* data, ReadOnlySpan<byte> encoded, long maxPixels, in ImageHeader header)
    {
        if (header.Format != ImageFormat.Jpeg)
        {
            var png = Open(data, encoded, maxPixels);
            if (png.Header.Width != header.Width || png.Header.Height != header.Height)
            {
                png.Dispose();
                throw new ArgumentException("the header was read from other bytes", nameof(header));
            }

            return png;
        }

        var session = new DecodeSession(data, encoded.Length) { Header = header };
        session._jpeg = TurboJpegHandlePool.Rent();
        return session;
    }

    /// <summary>Decodes the pixels (JPEG at 1/<paramref name="denominator"/> scale; PNG always full size).</summary>
    /// <param name="denominator">DCT scale denominator for JPEG: 1, 2, 4 or 8.</param>
    /// <param name="gray">Prefer one gray channel when the image allows it cheaply (JPEG luma); PNG gray stays gray.</param>
    /// <param name="background">Colour transparent pixels are composited over.</param>
    public PixelBuffer Decode(int denominator, bool gray, RgbColor background)
    {
        try
        {
            return _jpeg != 0
                ? JpegCodec.Decode(_jpeg, _data, _length, Header, denominator, gray)
                : PngCodec.Decode(_png, _pngInfo, background);
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Decodes a full-size JPEG straight into a caller buffer when no conversion is needed; false otherwise.</summary>
    /// <param name="gray">Gray8 (true) or Rgb24 (false) wanted.</param>
    /// <param name="destination">Room for width x height x (1 or 3) bytes.</param>
    public bool TryDecodeInto(bool gray, byte* destination)
    {
        try
        {
            return _jpeg != 0 && JpegCodec.TryDecodeInto(_jpeg, _data, _length, Header, gray, destination);
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    /// <summary>Returns the TurboJPEG handle (destroyed if it failed) or frees the libspng context.</summary>
    public void Dispose()
    {
        if (_jpeg != 0)
        {
            TurboJpegHandlePool.Return(_jpeg, _failed);
            _jpeg = 0;
        }

        if (_png != 0)
        {
            LibSpng.CtxFree(_png);
            _png = 0;
        }
    }
}
