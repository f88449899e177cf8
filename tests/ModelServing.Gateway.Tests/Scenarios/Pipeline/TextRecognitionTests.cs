using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Pipeline;

/// <summary>The example <c>text-recognition</c> model (PP-OCRv4 rec + ctcGreedy) on text lines rendered with ImageMagick.</summary>
public sealed class TextRecognitionTests(TextRecognitionFixture fixture) : IClassFixture<TextRecognitionFixture>
{
    private GatewayHost Host => fixture.Host;

    private static string Instances(params byte[][] images) =>
        $$"""{"instances":[{{string.Join(',', images.Select(i => $$"""{"b64":"{{Convert.ToBase64String(i)}}"}"""))}}]}""";

    private static string Text(JsonNode prediction) => prediction["text"]!.GetValue<string>();

    [Theory]
    [InlineData("Serving ONNX models 2026", 32, "jpg")]
    [InlineData("Invoice 12345", 20, "png")]
    [InlineData("Total amount due: 99.50", 44, "jpg")]
    public async Task Predict_RenderedTextLine_ReturnsItsExactTextAndAConfidence(string text, int pointSize, string format)
    {
        var line = TextImages.Label(text, pointSize, format);

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-recognition:predict", Instances(line));

        Assert.Equal(200, status);
        var prediction = Assert.Single(body!["predictions"]!.AsArray())!;
        Assert.Equal(text, Text(prediction));
        Assert.InRange(prediction["confidence"]!.GetValue<double>(), 0.8, 1.0);
    }

    [Fact]
    public async Task Predict_LinesOfVeryDifferentWidthsInOneRequest_EachIsReadExactly()
    {
        // The short lines are padded only to the widest line of the request, with the 0 PaddleOCR pads with.
        string[] texts = ["Hello", "2026-05-01", "Kestrel listens on port 8501 and answers every protocol"];

        var (status, body) = await Host.PostJsonAsync("/v1/models/text-recognition:predict", Instances([.. texts.Select(t => TextImages.Label(t))]));

        Assert.Equal(200, status);
        Assert.Equal(texts, body!["predictions"]!.AsArray().Select(p => Text(p!)));
    }

    [Fact]
    public async Task Predict_ConcurrentRequestsOfDifferentWidths_EachGetsItsOwnText()
    {
        // Requests that the batcher joins are padded to the widest of the batch (batching.padVariableLength).
        string[] texts = ["order 7", "Ledger balance 4410.25", "ship", "Sunday 09:30 meeting room B", "42", "Vertex endpoint ready"];
        var lines = texts.Select(t => TextImages.Label(t)).ToArray();

        var answers = await Task.WhenAll(lines.Select(l => Host.PostJsonAsync("/v1/models/text-recognition:predict", Instances(l))));

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(texts, answers.Select(a => Text(a.Body!["predictions"]![0]!)));
    }

    [Fact]
    public async Task Predict_NotAnImage_Is400NamingTheInstanceAndInput()
    {
        var line = TextImages.Label("fine");

        var (status, body) = await Host.PostJsonAsync(
            "/v1/models/text-recognition:predict", $$"""{"instances":[{"b64":"{{Convert.ToBase64String(line)}}"},{"b64":"aGVsbG8="}]}""");

        Assert.Equal(400, status);
        Assert.Equal("Invalid image in instance 1 of input 'image': not a JPEG or PNG image", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_PredictResponse_IsTextAndConfidencePerInstance()
    {
        var (status, body) = await Host.GetJsonAsync("/swagger/v1/swagger.json");

        Assert.Equal(200, status);
        var prediction = body!["paths"]!["/v1/models/text-recognition:predict"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["properties"]!["predictions"]!["items"]!;
        Assert.Equal(["text", "confidence"], prediction["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("string", prediction["properties"]!["text"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Metadata_ShowsTheCtcGreedyOutput()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/text-recognition/metadata");

        Assert.Equal(200, status);
        var outputs = body!["metadata"]!["signature_def"]!["signature_def"]!["serving_default"]!["outputs"]!.AsObject();
        Assert.Equal(["text"], outputs.Select(o => o.Key));
        Assert.Equal("ctcGreedy", body["metadata"]!["serving_function"]!["outputs"]![0]!["stage"]!.GetValue<string>());
    }
}
