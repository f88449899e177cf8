using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using ModelServing.Imaging;

namespace ModelServing.Benchmarks;

/// <summary>
/// Per-image JPEG preprocessing on one core: full-size decode (the floor every decoder pays without DCT scaling) against
/// decode + resize + normalize into a float32 NCHW tensor, for a 224x224 classifier and the 48x192 PP-OCR classifier.
/// </summary>
/// <remarks>
/// The photo-like JPEGs (gradients, soft shapes, hard edges, sensor-like noise; cjpeg -quality 90, 4:2:0) are generated in
/// <see cref="Setup"/>. MP/s counts source megapixels (width x height of the JPEG) per second of one thread.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(ImagingThroughputConfig))]
public class ImagingBenchmarks
{
    private static readonly ImagePreprocessSpec s_classifier = new()
    {
        Target = ImageTargetSize.Fixed(224, 224),
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
    };

    private static readonly ImagePreprocessSpec s_classifierFullDecode = s_classifier with { DctScaling = false };

    private static readonly ImagePreprocessSpec s_textLine = new()
    {
        Target = ImageTargetSize.HeightWidthUpTo(48, 192),
        PadSide = PadSide.Right,
        ChannelOrder = ChannelOrder.Bgr,
        Mean = [0.5f],
        Std = [0.5f],
    };

    private byte[] _jpeg = null!;
    private byte[] _pixels = null!;
    private float[] _classifierTensor = null!;
    private float[] _textLineTensor = null!;

    /// <summary>The source JPEG size, "WIDTHxHEIGHT".</summary>
    [Params("640x480", "1920x1080")]
    public string Source { get; set; } = "640x480";

    [GlobalSetup]
    public void Setup()
    {
        var (width, height) = ImagingThroughputColumn.ParseSize(Source);
        _jpeg = ImagingPhotoJpeg.Create(width, height, seed: 7);
        Console.WriteLine($"// {Source} JPEG: {_jpeg.Length} bytes ({_jpeg.Length * 8.0 / (width * height):F2} bits/pixel)");
        _pixels = new byte[width * height * 3];
        _classifierTensor = new float[3 * 224 * 224];
        _textLineTensor = new float[3 * 48 * 192];
    }

    [Benchmark(Baseline = true, Description = "full-size decode (tjDecompress2, RGB)")]
    public int FullDecode() => ImageDecoder.Decode(_jpeg, DecodedPixelFormat.Rgb24, _pixels).Width;

    [Benchmark(Description = "to 224x224 float32 NCHW (DCT scaling)")]
    public int Classifier224() =>
        ImagePreprocessor.Process(_jpeg, s_classifier, MemoryMarshal.AsBytes(_classifierTensor.AsSpan())).ContentWidth;

    [Benchmark(Description = "to 224x224 float32 NCHW (full decode)")]
    public int Classifier224FullDecode() =>
        ImagePreprocessor.Process(_jpeg, s_classifierFullDecode, MemoryMarshal.AsBytes(_classifierTensor.AsSpan())).ContentWidth;

    [Benchmark(Description = "to 48x192 float32 NCHW (PP-OCR cls)")]
    public int TextLine48x192() =>
        ImagePreprocessor.Process(_jpeg, s_textLine, MemoryMarshal.AsBytes(_textLineTensor.AsSpan())).ContentWidth;
}
