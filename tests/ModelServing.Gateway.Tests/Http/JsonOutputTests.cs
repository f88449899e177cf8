using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Http;

/// <summary>
/// A response body is built whole before anything is written: when writing fails halfway the caller gets one complete error
/// body, never half a success body followed by an error object (issue 14).
/// </summary>
public sealed class JsonOutputTests : IAsyncLifetime
{
    // topK with softmax over a NaN: its scores are NaN, which JSON cannot hold, so the response writer fails mid-body.
    private readonly TestRepository _repository = new TestRepository()
        .WithAdders(1)
        .WithConfig("adder", """{"servingFunction": {"outputs": [{"stage": "topK", "tensor": "y", "name": "top", "params": {"k": 2, "softmax": true}}]}}""");

    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync(_repository.Root);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _repository.Dispose();
    }

    [Fact]
    public async Task WriteAsync_WriterFailsHalfway_CallerGetsOneCompleteErrorBody()
    {
        // Two rows: the first writes fine, the second's NaN scores fail the writer after the body has begun.
        var (status, text) = await _host.PostRawAsync("/v1/models/adder:predict", """{"instances":[[1, 2, 3], [NaN, 1, 2]]}""");

        Assert.Equal(500, status);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["error"], body.Select(p => p.Key));
        Assert.StartsWith("Internal error. Trace id: ", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Success_SendsTheBodyWithItsLength()
    {
        using var content = new StringContent("""{"instances":[[1, 2, 3]]}""");
        using var response = await _host.Client.PostAsync("/v1/models/adder:predict", content);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal<long?>(bytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal("2", JsonNode.Parse(bytes)!["predictions"]![0]![0]!["label"]!.ToJsonString());
    }
}
