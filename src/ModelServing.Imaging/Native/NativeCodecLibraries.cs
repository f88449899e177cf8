using System.Runtime.InteropServices;

namespace ModelServing.Imaging.Native;

/// <summary>Checks once per process that the native codec libraries load, and says which Debian package is missing if not.</summary>
internal static class NativeCodecLibraries
{
    /// <summary>Throws <see cref="NativeCodecUnavailableException"/> unless libturbojpeg.so.0 loads.</summary>
    public static void EnsureTurboJpeg()
    {
        if (TurboJpegProbe.Problem is { } problem)
        {
            throw new NativeCodecUnavailableException(problem);
        }
    }

    /// <summary>Throws <see cref="NativeCodecUnavailableException"/> unless libspng.so.0 loads.</summary>
    public static void EnsureSpng()
    {
        if (SpngProbe.Problem is { } problem)
        {
            throw new NativeCodecUnavailableException(problem);
        }
    }

    /// <summary>Loads <paramref name="library"/> and looks up <paramref name="symbol"/>; returns null or what is wrong.</summary>
    internal static string? Probe(string library, string symbol, string package, string codec)
    {
        var install = $"install the Debian package {package} (apt-get install {package})";
        try
        {
            var handle = NativeLibrary.Load(library, typeof(NativeCodecLibraries).Assembly, null);
            return NativeLibrary.TryGetExport(handle, symbol, out _)
                ? null
                : $"The {codec} codec library {library} lacks {symbol} (too old); {install}.";
        }
        catch (DllNotFoundException e)
        {
            return $"The {codec} codec library {library} could not be loaded; {install}. ({e.Message})";
        }
        catch (BadImageFormatException e)
        {
            return $"The {codec} codec library {library} is not a library for this platform; {install}. ({e.Message})";
        }
    }

    // Separate classes so each library is probed on first use of its own codec, once.
    private static class TurboJpegProbe
    {
        public static readonly string? Problem = Probe(LibTurboJpeg.Name, "tjGetErrorStr2", "libturbojpeg0", "JPEG");
    }

    private static class SpngProbe
    {
        public static readonly string? Problem = Probe(LibSpng.Name, "spng_decode_row", "libspng0", "PNG");
    }
}
