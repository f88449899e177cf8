using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.OpenInference;

/// <summary>Posts infer requests with the binary tensor data extension and splits the answer into JSON and binary parts.</summary>
internal static class BinaryInfer
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    public static async Task<(int Status, JsonNode? Json, byte[] Binary)> PostAsync(GatewayHost host, string path, string header, byte[] binary)
    {
        var headerBytes = Encoding.UTF8.GetBytes(header);
        using var content = new ByteArrayContent([.. headerBytes, .. binary]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(HeaderLength, headerBytes.Length.ToString(CultureInfo.InvariantCulture));
        using var response = await host.Client.PostAsync(path, content);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.Headers.TryGetValues(HeaderLength, out var values))
        {
            return ((int)response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body), []);
        }

        var length = int.Parse(values.Single(), CultureInfo.InvariantCulture);
        return ((int)response.StatusCode, JsonNode.Parse(body.AsSpan(0, length)), body[length..]);
    }
}
