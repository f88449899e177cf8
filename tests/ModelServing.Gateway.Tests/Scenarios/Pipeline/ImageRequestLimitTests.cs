using System.Text;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Pipeline;

/// <summary>
/// Issue 14's memory amplification through the example image models: too many images, or images that pad each other to a
/// huge tensor, get 400 from the headers before any tensor exists (they used to take gigabytes, or end in a 500).
/// </summary>
public sealed class ImageRequestLimitTests(ImageModelsFixture fixture) : IClassFixture<ImageModelsFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Orientation_TwentyThousandAndOneTinyImages_Answers400NamingTheLimit()
    {
        var body = Instances(Enumerable.Repeat(TextImages.Blank(1, 1), 20_001));

        var (status, json) = await Host.PostJsonAsync("/v1/models/text-orientation:predict", body);

        Assert.Equal(400, status);
        Assert.Equal("Input 'image' has 20001 images; at most 1024 images are allowed per request", json!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Detection_TwoLongThinImagesPaddingThirtyTinyOnes_Answers400FromTheHeaders()
    {
        // 4000x8 and 8x4000 plan to 32x960 and 960x32: all 32 images would pad to 960x960, 29.5 MP (354 MB of float32 input,
        // gigabytes of ONNX Runtime working memory). text-detection's config allows 4 MP per request.
        byte[][] images = [TextImages.Blank(4000, 8), TextImages.Blank(8, 4000), .. Enumerable.Repeat(TextImages.Blank(1, 1), 30)];

        var (status, json) = await Host.PostJsonAsync("/v1/models/text-detection:predict", Instances(images));

        Assert.Equal(400, status);
        Assert.Equal(
            "Input 'image': 32 images padded to the largest (960x960) make 29491200 pixels; at most 4194304 pixels are allowed per request",
            json!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Detection_TwoLongThinImagesOverOpenInference_Answers400InItsShape()
    {
        byte[][] images = [TextImages.Blank(4000, 8), TextImages.Blank(8, 4000), .. Enumerable.Repeat(TextImages.Blank(1, 1), 3)];
        var data = string.Join(',', images.Select(i => $"\"{Convert.ToBase64String(i)}\""));

        var (status, json) = await Host.PostJsonAsync(
            "/v2/models/text-detection/infer",
            $$"""{"inputs":[{"name":"image","shape":[{{images.Length}}],"datatype":"BYTES","parameters":{"content_type":"base64"},"data":[{{data}}]}]}""");

        Assert.Equal(400, status);
        Assert.StartsWith("Input 'image': 5 images padded to the largest (960x960) make 4608000 pixels", json!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Instances(IEnumerable<byte[]> images)
    {
        var body = new StringBuilder("""{"instances":[""");
        foreach (var image in images)
        {
            body.Append("""{"b64":""").Append('"').Append(Convert.ToBase64String(image)).Append("\"},");
        }

        body.Length--;
        return body.Append("]}").ToString();
    }
}
