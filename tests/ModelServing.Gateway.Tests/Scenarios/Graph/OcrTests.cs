using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Inference;
using ModelServing.Core.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Scenarios.Graph;

/// <summary>The composed <c>ocr</c> model (detect, crop, orient, recognise) on rendered pages, through every protocol.</summary>
public sealed class OcrTests(OcrFixture fixture) : IClassFixture<OcrFixture>
{
    /// <summary>Lines of a 1000x900 page (top-left corners); the first two share a line, so reading order puts them left to right.</summary>
    private static readonly (int X, int Y, string Text)[] s_lines =
    [
        (60, 60, "Invoice 40817"), (560, 62, "Date 2026-12-07"), (60, 200, "Total amount due: 99.50"),
        (200, 380, "Thank you for your order"), (60, 560, "Reference XK-2231"), (500, 760, "Page 2 of 7"),
    ];

    private static readonly Lazy<byte[]> s_page = new(() => TextImages.Page(1000, 900, s_lines));

    private GatewayHost Host => fixture.Host;

    private static string Body(params byte[][] pages) =>
        $$"""{"instances":[{{string.Join(',', pages.Select(p => $$"""{"b64":"{{Convert.ToBase64String(p)}}"}"""))}}]}""";

    private static string[] Texts(JsonNode page) => [.. page.AsArray().Select(l => l!["text"]!.GetValue<string>())];

    private static string[] Expected(IEnumerable<(int X, int Y, string Text)> lines) => [.. lines.Select(l => l.Text)];

    [Fact]
    public async Task Predict_RenderedPage_ReadsEveryLineInReadingOrderWithBoxesInPagePixels()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/ocr:predict", Body(s_page.Value));

        Assert.Equal(200, status);
        var page = body!["predictions"]![0]!;
        Assert.Equal(Expected(s_lines), Texts(page));
        for (var i = 0; i < s_lines.Length; i++)
        {
            var line = page[i]!;
            Assert.InRange(line["confidence"]!.GetValue<double>(), 0.8, 1.0);
            var points = line["box"]!.AsArray().Select(p => (X: p![0]!.GetValue<double>(), Y: p[1]!.GetValue<double>())).ToArray();
            Assert.Equal(4, points.Length);
            Assert.InRange(points.Min(p => p.X), s_lines[i].X - 15, s_lines[i].X + 15);
            Assert.InRange(points.Min(p => p.Y), s_lines[i].Y - 6, s_lines[i].Y + 16);
        }
    }

    [Fact]
    public async Task Predict_UpsideDownPageBesideUprightOne_TurnsItsLinesAndAnswersPerPage()
    {
        var upsideDown = TextImages.Page(1000, 900, s_lines, rotated180: true);
        var blank = TextImages.Page(640, 480, []);

        var (status, body) = await Host.PostJsonAsync("/v1/models/ocr:predict", Body(upsideDown, blank, s_page.Value));

        Assert.Equal(200, status);
        var pages = body!["predictions"]!.AsArray();
        Assert.Equal(3, pages.Count);
        // Turned as a whole, the page's lines read in the opposite order; each line itself reads upright again.
        Assert.Equal(Expected(s_lines.Reverse()), Texts(pages[0]!));
        Assert.Empty(pages[1]!.AsArray());
        Assert.Equal(Expected(s_lines), Texts(pages[2]!));
    }

    [Fact]
    public async Task ModelMetadata_ComposedModel_PlatformEnsembleOnRestAndGrpc()
    {
        var (status, rest) = await Host.GetJsonAsync("/v2/models/ocr");
        var grpc = await new GRPCInferenceService.GRPCInferenceServiceClient(Host.Channel).ModelMetadataAsync(new ModelMetadataRequest { Name = "ocr" });
        var (_, called) = await Host.GetJsonAsync("/v2/models/text-recognition");

        Assert.Equal(200, status);
        Assert.Equal("ensemble", rest!["platform"]!.GetValue<string>());
        Assert.Equal("ensemble", grpc.Platform);
        Assert.Equal("onnxruntime_onnx", called!["platform"]!.GetValue<string>());
    }

    [Fact]
    public async Task Infer_EveryProtocol_AnswersTheSameLines()
    {
        var page = s_page.Value;
        var (restStatus, rest) = await Host.PostJsonAsync("/v1/models/ocr:predict", Body(page));
        var (v2Status, v2) = await Host.PostJsonAsync(
            "/v2/models/ocr/infer",
            $$"""{"inputs":[{"name":"image","shape":[1],"datatype":"BYTES","parameters":{"content_type":"base64"},"data":["{{Convert.ToBase64String(page)}}"]}]}""");
        var tfRequest = new PredictRequest { ModelSpec = new ModelSpec { Name = "ocr" } };
        var tensor = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtString, TensorShape = new Tensorflow.TensorShapeProto() };
        tensor.TensorShape.Dim.Add(new Tensorflow.TensorShapeProto.Types.Dim { Size = 1 });
        tensor.StringVal.Add(ByteString.CopyFrom(page));
        tfRequest.Inputs.Add("image", tensor);
        var tfGrpc = await new PredictionService.PredictionServiceClient(Host.Channel).PredictAsync(tfRequest);
        var v2Request = new ModelInferRequest { ModelName = "ocr" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "image", Datatype = "BYTES", Contents = new InferTensorContents() };
        input.Shape.Add(1);
        input.Contents.BytesContents.Add(ByteString.CopyFrom(page));
        v2Request.Inputs.Add(input);
        var v2Grpc = await new GRPCInferenceService.GRPCInferenceServiceClient(Host.Channel).ModelInferAsync(v2Request);
        var (scoreStatus, score) = await Host.PostJsonAsync("/score/ocr", $$"""{"data":["{{Convert.ToBase64String(page)}}"]}""");

        Assert.Equal(200, restStatus);
        Assert.Equal(200, v2Status);
        var expected = rest!["predictions"]![0]!.ToJsonString();
        Assert.Equal(Expected(s_lines), Texts(rest["predictions"]![0]!));
        Assert.Equal(expected, JsonNode.Parse(v2!["outputs"]![0]!["data"]![0]!.GetValue<string>())!.ToJsonString());
        Assert.Equal(expected, JsonNode.Parse(tfGrpc.Outputs["lines"].StringVal[0].ToStringUtf8())!.ToJsonString());
        var v2GrpcLines = v2Grpc.RawOutputContents.Count > 0
            ? Encoding.UTF8.GetString(v2Grpc.RawOutputContents[0].Span[4..])
            : v2Grpc.Outputs[0].Contents.BytesContents[0].ToStringUtf8();
        Assert.Equal(expected, JsonNode.Parse(v2GrpcLines)!.ToJsonString());
        Assert.Equal(200, scoreStatus);
        Assert.Equal(expected, score![0]!.ToJsonString());
    }

    [Fact]
    public async Task Predict_GrpcStepTimingsMetadata_AnswersServerTimingHeaderMetadataOnlyWhenAsked()
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "ocr" } };
        var tensor = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtString, TensorShape = new Tensorflow.TensorShapeProto() };
        tensor.TensorShape.Dim.Add(new Tensorflow.TensorShapeProto.Types.Dim { Size = 1 });
        tensor.StringVal.Add(ByteString.CopyFrom(s_page.Value));
        request.Inputs.Add("image", tensor);
        var client = new PredictionService.PredictionServiceClient(Host.Channel);

        using var asked = client.PredictAsync(request, new global::Grpc.Core.Metadata { { "x-step-timings", "true" } });
        using var plain = client.PredictAsync(request);
        var askedHeaders = await asked.ResponseHeadersAsync;
        var plainHeaders = await plain.ResponseHeadersAsync;
        await asked.ResponseAsync;
        await plain.ResponseAsync;

        Assert.StartsWith("detect;dur=", askedHeaders.GetValue("server-timing"), StringComparison.Ordinal);
        Assert.Contains("read;dur=", askedHeaders.GetValue("server-timing"), StringComparison.Ordinal);
        Assert.Null(plainHeaders.GetValue("server-timing"));
    }

    [Fact]
    public async Task Predict_StepTimingsHeader_AnswersServerTimingPerStepOnlyWhenAsked()
    {
        using var asked = new HttpRequestMessage(HttpMethod.Post, "/v1/models/ocr:predict") { Content = new StringContent(Body(s_page.Value), Encoding.UTF8, "application/json") };
        asked.Headers.Add("X-Step-Timings", "true");
        using var plain = new HttpRequestMessage(HttpMethod.Post, "/v1/models/ocr:predict") { Content = new StringContent(Body(s_page.Value), Encoding.UTF8, "application/json") };

        using var withTimings = await Host.Client.SendAsync(asked);
        using var without = await Host.Client.SendAsync(plain);

        Assert.Equal(200, (int)withTimings.StatusCode);
        var timings = string.Join(",", withTimings.Headers.GetValues("Server-Timing"));
        var steps = timings.Split(',').Select(t => t.Trim().Split(";dur=")).ToArray();
        Assert.Equal(["detect", "crops", "heads", "orient", "upright", "read", "lines"], steps.Select(s => s[0]));
        Assert.All(steps, s => Assert.True(double.Parse(s[1], System.Globalization.CultureInfo.InvariantCulture) >= 0));
        Assert.Equal(200, (int)without.StatusCode);
        Assert.False(without.Headers.Contains("Server-Timing"));
        Assert.Equal(await without.Content.ReadAsStringAsync(), await withTimings.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Predict_Ocr_TracesASpanPerStepAndPerCalledModel()
    {
        var spans = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ServingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem("modelserving.model") is "ocr" || a.GetTagItem("modelserving.called_model") is not null)
                {
                    spans.Enqueue(a.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var (status, _) = await Host.PostJsonAsync("/v1/models/ocr:predict", Body(s_page.Value));

        Assert.Equal(200, status);
        foreach (var name in new[] { "step detect", "step crops", "step orient", "step read", "call text-detection", "call text-orientation", "call text-recognition" })
        {
            Assert.Contains(name, spans);
        }
    }

    [Fact]
    public async Task Predict_NotAnImage_Answers400NamingTheInstance()
    {
        var (status, body) = await Host.PostJsonAsync("/v1/models/ocr:predict", """{"instances":[{"b64":"aGVsbG8="}]}""");

        Assert.Equal(400, status);
        Assert.Contains("instance 0 of input 'image'", body!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
