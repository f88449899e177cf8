using System.Runtime.InteropServices;

namespace ModelServing.Imaging.Native;

/// <summary>The part of the libspng 0.7 API (Debian libspng0) used to decode.</summary>
/// <remarks>A context decodes one image once and is not thread-safe; create one per image.</remarks>
internal static unsafe partial class LibSpng
{
    public const string Name = "libspng.so.0";

    // spng_format
    public const int FormatRgba8 = 1;
    public const int FormatRgba16 = 2;
    public const int FormatRgb8 = 4;
    public const int FormatG8 = 64;
    public const int FormatPng = 256;

    // spng_decode_flags
    public const int DecodeTrns = 1;
    public const int DecodeProgressive = 256;

    // spng_color_type
    public const int ColorGray = 0;
    public const int ColorRgb = 2;
    public const int ColorIndexed = 3;
    public const int ColorGrayAlpha = 4;
    public const int ColorRgba = 6;

    // spng_errno (the ones we classify; checked against spng_strerror in tests)
    public const int IoEof = -1;
    public const int ErrorMem = 2;
    public const int ErrorOverflow = 3;
    public const int ErrorSignature = 4;
    public const int ErrorWidth = 5;
    public const int ErrorHeight = 6;
    public const int ErrorUserWidth = 7;
    public const int ErrorUserHeight = 8;
    public const int ErrorIdatTooShort = 62;
    public const int ErrorEof = 68;
    public const int ErrorChunkAvailable = 73;
    public const int EndOfImage = 75;
    public const int ErrorChunkLimits = 77;

    [LibraryImport(Name, EntryPoint = "spng_ctx_new")]
    public static partial nint CtxNew(int flags);

    [LibraryImport(Name, EntryPoint = "spng_ctx_free")]
    public static partial void CtxFree(nint ctx);

    [LibraryImport(Name, EntryPoint = "spng_set_png_buffer")]
    public static partial int SetPngBuffer(nint ctx, byte* buf, nuint size);

    [LibraryImport(Name, EntryPoint = "spng_set_image_limits")]
    public static partial int SetImageLimits(nint ctx, uint width, uint height);

    [LibraryImport(Name, EntryPoint = "spng_set_chunk_limits")]
    public static partial int SetChunkLimits(nint ctx, nuint chunkSize, nuint cacheSize);

    [LibraryImport(Name, EntryPoint = "spng_get_ihdr")]
    public static partial int GetIhdr(nint ctx, Ihdr* ihdr);

    [LibraryImport(Name, EntryPoint = "spng_get_trns")]
    public static partial int GetTrns(nint ctx, Trns* trns);

    [LibraryImport(Name, EntryPoint = "spng_decoded_image_size")]
    public static partial int DecodedImageSize(nint ctx, int fmt, nuint* len);

    [LibraryImport(Name, EntryPoint = "spng_decode_image")]
    public static partial int DecodeImage(nint ctx, byte* output, nuint len, int fmt, int flags);

    [LibraryImport(Name, EntryPoint = "spng_decode_row")]
    public static partial int DecodeRow(nint ctx, byte* output, nuint len);

    [LibraryImport(Name, EntryPoint = "spng_strerror")]
    public static partial byte* StrError(int err);

    /// <summary>libspng's <c>struct spng_ihdr</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Ihdr
    {
        public uint Width;
        public uint Height;
        public byte BitDepth;
        public byte ColorType;
        public byte CompressionMethod;
        public byte FilterMethod;
        public byte InterlaceMethod;
    }

    /// <summary>libspng's <c>struct spng_trns</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Trns
    {
        public ushort Gray;
        public ushort Red;
        public ushort Green;
        public ushort Blue;
        public uint Type3Entries;
        public fixed byte Type3Alpha[256];
    }

    /// <summary>libspng's text for an error code.</summary>
    public static string ErrorMessage(int error)
    {
        var text = StrError(error);
        return text is null ? $"error {error}" : Marshal.PtrToStringUTF8((nint)text) ?? $"error {error}";
    }
}
