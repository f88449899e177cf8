using System.Runtime.InteropServices;
using ModelServing.Imaging.Native;

namespace ModelServing.Imaging.Tests.Native;

public sealed class NativeCodecLibrariesTests
{
    [Fact]
    public void Probe_MissingLibrary_NamesTheLibraryAndTheDebianPackage()
    {
        var problem = NativeCodecLibraries.Probe("libturbojpeg.so.99", "tjGetErrorStr2", "libturbojpeg0", "JPEG");

        Assert.NotNull(problem);
        Assert.StartsWith("The JPEG codec library libturbojpeg.so.99 could not be loaded; install the Debian package libturbojpeg0 (apt-get install libturbojpeg0).", problem);
    }

    [Fact]
    public void Probe_LibraryWithoutTheSymbol_SaysItIsTooOld()
    {
        var problem = NativeCodecLibraries.Probe(LibSpng.Name, "spng_no_such_function", "libspng0", "PNG");

        Assert.Equal("The PNG codec library libspng.so.0 lacks spng_no_such_function (too old); install the Debian package libspng0 (apt-get install libspng0).", problem);
    }

    [Fact]
    public void EnsureNativeLibraries_InstalledLibraries_DoesNotThrow()
    {
        ImageDecoder.EnsureNativeLibraries();
    }

    [Theory]
    [InlineData(LibSpng.IoEof, "end of stream")]
    [InlineData(LibSpng.ErrorUserWidth, "image width exceeds user limit")]
    [InlineData(LibSpng.ErrorUserHeight, "image height exceeds user limit")]
    [InlineData(LibSpng.ErrorWidth, "invalid image width")]
    [InlineData(LibSpng.ErrorIdatTooShort, "IDAT stream too short")]
    [InlineData(LibSpng.ErrorEof, "end of file")]
    [InlineData(LibSpng.ErrorChunkAvailable, "chunk not available")]
    [InlineData(LibSpng.EndOfImage, "reached end-of-image state")]
    [InlineData(LibSpng.ErrorChunkLimits, "reached chunk/cache limits")]
    public void SpngErrorConstants_MatchTheInstalledLibrary(int error, string text)
    {
        Assert.Equal(text, LibSpng.ErrorMessage(error));
    }

    [Fact]
    public void HandlePool_ConcurrentDecodes_AllMatchTheSequentialResult()
    {
        var jpeg = TestSupport.TestImages.Jpeg(120, 80, "-quality 85 -progressive");
        var expected = new byte[120 * 80 * 3];
        ImageDecoder.Decode(jpeg, DecodedPixelFormat.Rgb24, expected);
        var mismatches = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var actual = new byte[expected.Length];
            if (i % 5 == 0)
            {
                // Interleave failures: a failed handle must not poison later decodes.
                Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2), DecodedPixelFormat.Rgb24, actual));
                return;
            }

            ImageDecoder.Decode(jpeg, DecodedPixelFormat.Rgb24, actual);
            if (!actual.AsSpan().SequenceEqual(expected))
            {
                Interlocked.Increment(ref mismatches);
            }
        });

        Assert.Equal(0, mismatches);
        TurboJpegHandlePool.Clear();
        ImageDecoder.Decode(jpeg, DecodedPixelFormat.Rgb24, new byte[expected.Length]);
    }

    [Fact]
    public unsafe void ScalingFactors_InstalledTurboJpeg_OffersHalfQuarterEighth()
    {
        int count;
        var factors = LibTurboJpeg.GetScalingFactors(&count);
        var offered = new List<(int, int)>();
        for (var i = 0; i < count; i++)
        {
            offered.Add((factors[i].Num, factors[i].Denom));
        }

        Assert.Contains((1, 2), offered);
        Assert.Contains((1, 4), offered);
        Assert.Contains((1, 8), offered);
        Assert.True(Marshal.SizeOf<LibTurboJpeg.ScalingFactor>() == 8);
    }
}
