using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Pipeline;

public sealed class ImageModelTests(ImageModelsFixture fixture) : IClassFixture<ImageModelsFixture>
{
    private GatewayHost Host => fixture.Host;

    private static string Instance(byte[] image) => $$"""{"b64":"{{Convert.ToBase64String(image)}}"}""";

    private static string TopLabel(JsonNode prediction) => prediction[0]!["label"]!.GetValue<string>();

    [Theory]
    [InlineData("Serving ONNX models 2026", "jpg")]
    [InlineData("Hello", "png")]
    [InlineData("Kestrel 8501 ready", "jpg")]
    public async Task Orientation_RenderedTextLines_UprightIs0AndTurnedIs180(string text, string format)
    {
        var upright = TextImages.Line(text, rotated180: false, format);
        var turned = TextImages.Line(text, rotated180: true, format);

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-orientation:predict", $$"""{"instances":[{{Instance(upright)}},{{Instance(turned)}}]}""");

        Assert.Equal(200, status);
        var predictions = body!["predictions"]!.AsArray();
        Assert.Equal("0", TopLabel(predictions[0]!));
        Assert.Equal("180", TopLabel(predictions[1]!));
        Assert.All(predictions, p => Assert.Equal(1.0, p!.AsArray().Sum(l => l!["score"]!.GetValue<double>()), 1e-4));
    }

    [Fact]
    public async Task Orientation_NamedInputObject_IsAcceptedLikeVertexClientsSendIt()
    {
        var image = TextImages.Line("named input", rotated180: true);

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-orientation:predict", $$"""{"instances":[{"image":{{Instance(image)}}}]}""");

        Assert.Equal(200, status);
        Assert.Equal("180", TopLabel(body!["predictions"]![0]!));
    }

    [Fact]
    public async Task Detection_SyntheticPage_BoxesCoverTheTextLinesInOriginalPixels()
    {
        (int X, int Y, string Text)[] lines = [(60, 100, "Invoice number 12345"), (60, 260, "Total amount due: 99.50"), (300, 480, "Thank you")];
        var page = TextImages.Page(1600, 1200, lines);

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-detection:predict", $$"""{"instances":[{{Instance(page)}}]}""");

        Assert.Equal(200, status);
        var boxes = body!["predictions"]![0]!.AsArray();
        Assert.Equal(lines.Length, boxes.Count);
        for (var i = 0; i < lines.Length; i++)
        {
            var points = boxes[i]!["points"]!.AsArray().Select(p => (X: p![0]!.GetValue<double>(), Y: p[1]!.GetValue<double>())).ToArray();
            var (x, y, _) = lines[i];
            // The text's cap height starts a few pixels below the annotate point and ends at the baseline, 30 px lower.
            Assert.InRange(points.Min(p => p.X), x - 12, x + 12);
            Assert.InRange(points.Min(p => p.Y), y - 4, y + 16);
            Assert.InRange(points.Max(p => p.Y), y + 24, y + 44);
            Assert.True(boxes[i]!["score"]!.GetValue<double>() > 0.6);
        }
    }

    [Fact]
    public async Task Detection_BlankPage_ReturnsNoBoxes()
    {
        var page = TextImages.Page(640, 480, []);

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-detection:predict", $$"""{"instances":[{{Instance(page)}}]}""");

        Assert.Equal(200, status);
        Assert.Empty(body!["predictions"]![0]!.AsArray());
    }

    [Fact]
    public async Task Metadata_ShowsThePublicSignatureAndTheServingFunction()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/text-orientation/metadata");

        Assert.Equal(200, status);
        var signature = body!["metadata"]!["signature_def"]!["signature_def"]!["serving_default"]!;
        Assert.Equal("DT_STRING", signature["inputs"]!["image"]!["dtype"]!.GetValue<string>());
        Assert.Equal("DT_VARIANT", signature["outputs"]!["orientation"]!["dtype"]!.GetValue<string>());
        var function = body["metadata"]!["serving_function"]!;
        Assert.Equal("image", function["inputs"]![0]!["stage"]!.GetValue<string>());
        Assert.Equal("x", function["inputs"]![0]!["tensor"]!.GetValue<string>());
        Assert.Equal("topK", function["outputs"]![0]!["stage"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"b64":"%%%notbase64"}""")]
    [InlineData("""{"b64":"aGVsbG8gd29ybGQ="}""")]
    [InlineData("""{"b64":""}""")]
    [InlineData("\"plain text is not an image\"")]
    public async Task Predict_NotAnImage_Returns400NamingTheInstance(string badInstance)
    {
        var good = Instance(TextImages.Line("fine", rotated180: false));

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-orientation:predict", $$"""{"instances":[{{good}},{{badInstance}}]}""");

        Assert.Equal(400, status);
        var message = body!["error"]!.GetValue<string>();
        Assert.Contains("1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_TruncatedJpeg_Returns400()
    {
        var image = TextImages.Line("truncated", rotated180: false);

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-orientation:predict", $$"""{"instances":[{{Instance(image[..(image.Length / 3)])}}]}""");

        Assert.Equal(400, status);
        Assert.StartsWith("Invalid image in instance 0 of input 'image': ", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_PixelBombHeader_Returns400Quickly()
    {
        // A PNG signature and an IHDR chunk declaring 60000 x 60000 pixels, with nothing after it.
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60, 8, 2, 0, 0, 0 };
        var crc = Crc32(png.AsSpan(12, 17));
        byte[] bomb = [.. png, (byte)(crc >> 24), (byte)(crc >> 16), (byte)(crc >> 8), (byte)crc];

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-orientation:predict", $$"""{"instances":[{{Instance(bomb)}}]}""");

        Assert.Equal(400, status);
        Assert.Contains("instance 0", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
