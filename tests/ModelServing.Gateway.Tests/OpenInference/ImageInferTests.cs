using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.OpenInference;

public sealed class ImageInferTests(ImageModelsFixture fixture) : IClassFixture<ImageModelsFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Infer_TextOrientationImageAsBinaryBytes_ReturnsTopLabelsAsJsonElements()
    {
        var upright = TextImages.Line("binary upright", rotated180: false);
        var turned = TextImages.Line("binary turned", rotated180: true);
        var binary = new[] { upright, turned }.SelectMany(v => BitConverter.GetBytes(v.Length).Concat(v)).ToArray();
        var header = $$$"""{"inputs":[{"name":"image","shape":[2],"datatype":"BYTES","parameters":{"binary_data_size":{{{binary.Length}}}}}]}""";

        var (status, json, _) = await BinaryInfer.PostAsync(Host, "/v2/models/text-orientation/infer", header, binary);
        var (jsonStatus, viaB64) = await Host.PostJsonAsync(
            "/v2/models/text-orientation/infer",
            $$"""{"inputs":[{"name":"image","shape":[1],"datatype":"BYTES","parameters":{"content_type":"base64"},"data":["{{Convert.ToBase64String(turned)}}"]}]}""");

        Assert.Equal(200, status);
        var output = json!["outputs"]![0]!;
        Assert.Equal("BYTES", output["datatype"]!.GetValue<string>());
        Assert.Equal("application/json", output["parameters"]!["content_type"]!.GetValue<string>());
        var labels = output["data"]!.AsArray().Select(e => JsonNode.Parse(e!.GetValue<string>())!.AsArray()[0]!["label"]!.GetValue<string>()).ToArray();
        Assert.Equal(["0", "180"], labels);
        Assert.Equal(200, jsonStatus);
        Assert.Equal("180", JsonNode.Parse(viaB64!["outputs"]![0]!["data"]![0]!.GetValue<string>())!.AsArray()[0]!["label"]!.GetValue<string>());
    }
}
