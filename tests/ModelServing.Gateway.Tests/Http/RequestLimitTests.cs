using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelServing.Gateway.Http;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Http;

/// <summary>Body size (plain and gzip), JSON depth, request size limits from the Limits section and CORS, on the real gateway.</summary>
public sealed class RequestLimitTests
{
    private static string LoansRequest(int rows) =>
        $$"""{"instances":[{{string.Join(',', Enumerable.Repeat("""{"income":50000,"credit_cards":2,"age":40}""", rows))}}]}""";

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    [Fact]
    public async Task BodyOverTheLimit_Gets413InTheErrorShape_PlainOrGzip()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root, "--Limits:MaxRequestBodyBytes", "4096");
        var small = Encoding.UTF8.GetBytes(LoansRequest(10));
        var large = Encoding.UTF8.GetBytes(LoansRequest(200));
        var gzipLarge = Gzip(large);
        Assert.True(small.Length < 4096 && large.Length > 4096 && gzipLarge.Length < 4096);

        var (okStatus, _) = await host.PostBytesAsync("/v1/models/loans:predict", small);
        var (plainStatus, plainBody) = await host.PostBytesAsync("/v1/models/loans:predict", large);
        var (gzipStatus, gzipBody) = await host.PostBytesAsync("/v1/models/loans:predict", gzipLarge, "gzip");
        var (gzipSmallStatus, _) = await host.PostBytesAsync("/v1/models/loans:predict", Gzip(small), "gzip");

        Assert.Equal(200, okStatus);
        Assert.Equal(200, gzipSmallStatus);
        Assert.Equal(413, plainStatus);
        Assert.Equal("Request body too large.", plainBody!["error"]!.GetValue<string>());
        Assert.Equal(413, gzipStatus);
        Assert.Equal("Request body too large.", gzipBody!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task DefaultBodyLimit_Is32MiB()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);
        var kestrel = host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        Assert.Equal(32L * 1024 * 1024, kestrel.Limits.MaxRequestBodySize);
    }

    [Fact]
    public void VertexProfile_Is1572864Bytes_UnlessConfigured()
    {
        Assert.Equal(1572864, new RequestLimits().EffectiveMaxRequestBodyBytes(underVertex: true));
        Assert.Equal(33554432, new RequestLimits().EffectiveMaxRequestBodyBytes(underVertex: false));
        Assert.Equal(1000, new RequestLimits { MaxRequestBodyBytes = 1000 }.EffectiveMaxRequestBodyBytes(underVertex: true));
    }

    [Fact]
    public async Task RequestSizeLimits_FromTheLimitsSection_Apply()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root, "--Limits:MaxRowsPerRequest", "2");

        var (okStatus, _) = await host.PostJsonAsync("/v1/models/loans:predict", LoansRequest(2));
        var (status, body) = await host.PostJsonAsync("/v1/models/loans:predict", LoansRequest(3));

        Assert.Equal(200, okStatus);
        Assert.Equal((400, "Input 'income' has 3 rows; at most 2 rows are allowed per request"), (status, body!["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RequestSizeLimits_Invalid_StopTheStartNamingEverySetting()
    {
        using var repository = new TestRepository().WithLoans();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(
            repository.Root, "--Limits:MaxRowsPerRequest", "0", "--Limits:MaxTensorBytesPerRequest", "4294967296"));

        Assert.Equal(
            ["Limits:MaxRowsPerRequest must be at least 1.", $"Limits:MaxTensorBytesPerRequest must be at most {Array.MaxLength} (a tensor is one array)."],
            exception.Failures);
    }

    [Fact]
    public async Task JsonDeeperThanTheLimit_Gets400NamingTheDepth()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root, "--Limits:MaxJsonDepth", "8");
        var deep = """{"instances":[{"income":""" + new string('[', 20) + "1" + new string(']', 20) + ""","credit_cards":2,"age":40}]}""";
        var (deepStatus, deepBody) = await host.PostJsonAsync("/v1/models/loans:predict", deep);
        var (okStatus, _) = await host.PostJsonAsync("/v1/models/loans:predict", LoansRequest(1));
        var (hugeStatus, hugeBody) = await host.PostJsonAsync("/v1/models/loans:predict", new string('[', 5000) + new string(']', 5000));

        Assert.Equal(200, okStatus);
        Assert.Equal(400, deepStatus);
        Assert.Contains("depth", deepBody!["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(400, hugeStatus);
        Assert.DoesNotContain("   at ", hugeBody!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2InferDeeperThanTheLimit_Gets400InTheV2ErrorShapeNamingTheDepth()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root, "--Limits:MaxJsonDepth", "8");
        static string Body(int depth) =>
            """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":""" + new string('[', depth) + "1" + new string(']', depth)
            + """},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[2]},{"name":"age","shape":[1],"datatype":"FP32","data":[40]}]}""";

        // The body is an object holding a list of objects: data lists start at depth 3.
        var (okStatus, okBody) = await host.PostJsonAsync("/v2/models/loans/infer", Body(5));
        var (deepStatus, deepBody) = await host.PostJsonAsync("/v2/models/loans/infer", Body(6));

        Assert.Equal(200, okStatus);
        Assert.NotNull(okBody!["outputs"]);
        Assert.Equal(400, deepStatus);
        var error = Assert.Single(deepBody!.AsObject());
        Assert.Equal("error", error.Key);
        Assert.Contains("depth of 8", error.Value!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cors_AnswersAllowedOriginsOnly()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root, "--Security:CorsOrigins", "https://app.example.com", "--Security:ApiKeys", "cors-key");

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/models/loans:predict");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await host.Client.SendAsync(request);
        }

        using var allowed = await PreflightAsync("https://app.example.com");
        using var denied = await PreflightAsync("https://evil.example.com");

        Assert.Equal(204, (int)allowed.StatusCode);
        Assert.Equal("https://app.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST,GET", string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Methods")).Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Contains("content-type", string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.False(denied.Headers.Contains("Access-Control-Allow-Origin"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/loans:predict")
        {
            Content = new StringContent(LoansRequest(1), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("x-api-key", "cors-key");
        using var actual = await host.Client.SendAsync(request);
        Assert.Equal(200, (int)actual.StatusCode);
        Assert.Equal("https://app.example.com", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
