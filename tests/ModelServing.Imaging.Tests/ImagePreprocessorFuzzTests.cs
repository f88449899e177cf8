using System.Collections.Concurrent;
using System.Diagnostics;
using ModelServing.Imaging.Tests.TestSupport;
using Xunit.Abstractions;

namespace ModelServing.Imaging.Tests;

/// <summary>Thousands of randomly mutated real JPEGs and PNGs: every call succeeds or throws ImageDecodeException.</summary>
public sealed class ImagePreprocessorFuzzTests
{
    private const int Iterations = 10_000;
    private const int Seed = 20240611;
    private static readonly TimeSpan s_budget = TimeSpan.FromSeconds(20);

    private static readonly ImagePreprocessSpec[] s_specs =
    [
        new() { Target = ImageTargetSize.Fixed(32, 32) },
        new() { Target = ImageTargetSize.HeightWidthUpTo(48, 192), Interpolation = Interpolation.Area, PadSide = PadSide.Right, ChannelOrder = ChannelOrder.Bgr },
        new() { Target = ImageTargetSize.MultipleOf(32, 96), Layout = TensorLayout.Nhwc, ElementType = ImageElementType.Float16 },
        new() { Target = ImageTargetSize.Fixed(24, 40), Mode = ResizeMode.KeepAspectCenterCrop, Channels = 1, ElementType = ImageElementType.UInt8 },
        new() { Target = ImageTargetSize.Fixed(8, 8), Mode = ResizeMode.KeepAspectPad, PadSide = PadSide.Center, DctScaling = false },
    ];

    private readonly ITestOutputHelper _output;

    public ImagePreprocessorFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Process_MutatedImages_SucceedOrThrowImageDecodeExceptionOnly()
    {
        var seeds = SeedImages();
        var failures = new ConcurrentBag<string>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var nativeMessages = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        var done = 0;

        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, worker =>
        {
            var random = new Random(Seed + worker);
            for (var i = worker; i < Iterations && clock.Elapsed < s_budget; i += 2)
            {
                var original = seeds[random.Next(seeds.Length)];
                var mutated = Mutate(original, random);
                var spec = s_specs[random.Next(s_specs.Length)];
                try
                {
                    var outcome = Run(mutated, spec);
                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }
                catch (ImageDecodeException e)
                {
                    outcomes.AddOrUpdate(e.Error.ToString(), 1, (_, n) => n + 1);
                    nativeMessages.AddOrUpdate($"{e.Error}: {e.NativeMessage}", 1, (_, n) => n + 1);
                    if (e.Message.Length > 80 || e.Message.Contains('/', StringComparison.Ordinal))
                    {
                        failures.Add($"iteration {i}: unsafe message '{e.Message}'");
                    }
                }
                catch (Exception e)
                {
                    failures.Add($"iteration {i} (worker {worker}): {e.GetType().Name}: {e.Message}");
                }

                Interlocked.Increment(ref done);
            }
        });

        _output.WriteLine($"{done} mutated images in {clock.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        foreach (var (message, count) in nativeMessages.OrderByDescending(m => m.Value).Take(25))
        {
            _output.WriteLine($"{count,6} {message}");
        }

        Assert.Empty(failures);
        Assert.True(done >= 500, $"only {done} iterations ran within the time budget");
        Assert.True(outcomes.GetValueOrDefault("decoded") > 0 && outcomes.Count > 2, "the mutations should both pass and fail");
    }

    private static string Run(byte[] bytes, ImagePreprocessSpec spec)
    {
        ImageHeader header;
        try
        {
            header = ImageDecoder.ReadHeader(bytes);
        }
        catch (ImageDecodeException)
        {
            // The full path must refuse it the same way, before looking at the destination.
            _ = ImagePreprocessor.Process(bytes, spec, []);
            throw new InvalidOperationException("Process accepted bytes whose header ReadHeader refused");
        }

        var geometry = ImagePreprocessor.Plan(header, spec);
        var destination = new byte[ImagePreprocessor.TensorBytes(geometry, spec)];
        _ = ImagePreprocessor.Process(bytes, spec, destination);
        if (header.PixelCount <= 1 << 20)
        {
            _ = ImageDecoder.Decode(bytes, DecodedPixelFormat.Rgb24, new byte[header.PixelCount * 3]);
        }

        return "decoded";
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var rounds = 1 + random.Next(3);
        for (var r = 0; r < rounds && bytes.Count > 0; r++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0: // bit flips
                    for (var k = random.Next(1, 5); k > 0; k--)
                    {
                        var p = random.Next(bytes.Count);
                        bytes[p] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // random bytes
                    for (var k = random.Next(1, 9); k > 0; k--)
                    {
                        bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    }

                    break;
                case 2: // truncation
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3: // insertion
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 17)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4: // deletion
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 33)));
                    break;
                case 5: // duplicated run (repeated segments, chunks, scans)
                    var length = Math.Min(bytes.Count - at, random.Next(1, 65));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default: // extreme values in the header area (sizes, lengths, depths)
                    var h = random.Next(Math.Min(bytes.Count, 48));
                    bytes[h] = random.Next(3) switch { 0 => 0xFF, 1 => 0x00, _ => 0x7F };
                    break;
            }
        }

        return [.. bytes];
    }

    private static byte[][] SeedImages()
    {
        var rgba = TestImages.Source(40, 30, channels: 4);
        var samples16 = Enumerable.Range(0, 24 * 18 * 4).Select(i => (int)((i * 2654435761L) % 65536)).ToArray();
        var indices = Enumerable.Range(0, 40 * 30).Select(i => (i * 7) % 16).ToArray();
        var palette = Enumerable.Range(0, 48).Select(i => (byte)(i * 5)).ToArray();
        var gray = Enumerable.Range(0, 33 * 21).Select(i => i % 4).ToArray();
        var path = Path.Combine(TestImages.Directory, "fuzz-seed.ppm");
        TestImages.Source(40, 30).WritePnm(path);
        return
        [
            TestImages.Jpeg(40, 30, "-quality 90"),
            TestImages.Jpeg(40, 30, "-quality 80 -progressive"),
            TestImages.Jpeg(40, 30, "-quality 85 -sample 1x1 -optimize -restart 1"),
            TestImages.Jpeg(40, 30, "-quality 90", channels: 1),
            TestImages.Jpeg(40, 30, "-quality 75 -arithmetic"),
            TestImages.PngRgb(TestImages.Source(40, 30)),
            PngWriter.Encode(40, 30, 6, 8, [.. rgba.Pixels.Select(p => (int)p)]),
            PngWriter.Encode(24, 18, 6, 16, samples16),
            PngWriter.Encode(40, 30, 3, 4, indices, palette, [0, 128, 255]),
            PngWriter.Encode(33, 21, 0, 2, gray, trns: [0, 1]),
            ExternalTools.ImageMagick(File.ReadAllBytes(path), "ppm", "-interlace PNG", "PNG24:{0}", TestImages.Directory),
        ];
    }
}
