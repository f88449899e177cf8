using System.Runtime.InteropServices;

namespace ModelServing.Imaging.Native;

/// <summary>The part of the TurboJPEG 2.x API (libjpeg-turbo, Debian libturbojpeg0) used to decode.</summary>
/// <remarks>A handle is not thread-safe: use one per thread at a time (<see cref="TurboJpegHandlePool"/>).</remarks>
internal static unsafe partial class LibTurboJpeg
{
    public const string Name = "libturbojpeg.so.0";

    // Pixel formats (TJPF).
    public const int PixelFormatRgb = 0;
    public const int PixelFormatGray = 6;
    public const int PixelFormatCmyk = 11;

    // Colour spaces (TJCS).
    public const int ColorSpaceRgb = 0;
    public const int ColorSpaceYCbCr = 1;
    public const int ColorSpaceGray = 2;
    public const int ColorSpaceCmyk = 3;
    public const int ColorSpaceYcck = 4;

    // Flags (TJFLAG).
    public const int FlagStopOnWarning = 8192;
    public const int FlagLimitScans = 32768;

    // Error codes (TJERR).
    public const int ErrorWarning = 0;

    [LibraryImport(Name, EntryPoint = "tjInitDecompress")]
    public static partial nint InitDecompress();

    [LibraryImport(Name, EntryPoint = "tjDestroy")]
    public static partial int Destroy(nint handle);

    [LibraryImport(Name, EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader3(
        nint handle, byte* jpegBuf, nuint jpegSize, int* width, int* height, int* jpegSubsamp, int* jpegColorspace);

    [LibraryImport(Name, EntryPoint = "tjGetScalingFactors")]
    public static partial ScalingFactor* GetScalingFactors(int* numScalingFactors);

    [LibraryImport(Name, EntryPoint = "tjDecompress2")]
    public static partial int Decompress2(
        nint handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Name, EntryPoint = "tjGetErrorStr2")]
    public static partial byte* GetErrorStr2(nint handle);

    [LibraryImport(Name, EntryPoint = "tjGetErrorCode")]
    public static partial int GetErrorCode(nint handle);

    /// <summary>TurboJPEG's <c>tjscalingfactor</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ScalingFactor
    {
        public int Num;
        public int Denom;
    }

    /// <summary>The handle's last error message.</summary>
    public static string ErrorMessage(nint handle)
    {
        var text = GetErrorStr2(handle);
        return text is null ? "unknown error" : Marshal.PtrToStringUTF8((nint)text) ?? "unknown error";
    }
}
