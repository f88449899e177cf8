using System.Collections.Concurrent;

namespace ModelServing.Imaging.Tests.TestSupport;

/// <summary>Test images generated once per run: synthetic rasters encoded by cjpeg, ImageMagick and <see cref="PngWriter"/>.</summary>
public static class TestImages
{
    private static readonly ConcurrentDictionary<string, byte[]> s_jpegs = new();
    private static readonly Lazy<string> s_directory = new(() => System.IO.Directory.CreateTempSubdirectory("ms-imaging-tests-").FullName);

    /// <summary>A scratch directory for tool input and output files.</summary>
    public static string Directory => s_directory.Value;

    /// <summary>The synthetic raster for a size, channel count and seed (deterministic).</summary>
    public static RasterImage Source(int width, int height, int channels = 3, int seed = 1, int noise = 12) =>
        RasterImage.Synthetic(width, height, channels, seed, noise);

    /// <summary>The synthetic image encoded by cjpeg with <paramref name="arguments"/>, cached.</summary>
    public static byte[] Jpeg(int width, int height, string arguments = "-quality 90", int channels = 3, int seed = 1) =>
        s_jpegs.GetOrAdd($"{width}x{height}x{channels}/{seed}/{arguments}", _ =>
            ExternalTools.Cjpeg(Source(width, height, channels, seed), arguments, Directory));

    /// <summary>An 8-bit RGB PNG of the synthetic image.</summary>
    public static byte[] PngRgb(RasterImage image) =>
        PngWriter.Encode(image.Width, image.Height, 2, 8, [.. image.Pixels.Select(p => (int)p)]);
}
