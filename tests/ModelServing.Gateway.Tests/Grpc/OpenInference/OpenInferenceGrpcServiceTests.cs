using System.Globalization;
using Grpc.Core;
using Inference;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Grpc.OpenInference;

/// <summary>Health, readiness and metadata over <c>inference.GRPCInferenceService</c>: the same answers as the /v2 REST routes.</summary>
public sealed class OpenInferenceGrpcServiceTests(OpenInferenceGrpcFixture fixture) : IClassFixture<OpenInferenceGrpcFixture>
{
    private GRPCInferenceService.GRPCInferenceServiceClient Client => fixture.Client;

    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task ServerLive_Always_IsLive()
    {
        var response = await Client.ServerLiveAsync(new ServerLiveRequest());

        Assert.True(response.Live);
    }

    [Fact]
    public async Task ServerReady_ModelWithoutAvailableVersion_IsNotReadyAsOnRest()
    {
        var response = await Client.ServerReadyAsync(new ServerReadyRequest());
        var (status, rest) = await Host.GetJsonAsync("/v2/health/ready");

        Assert.Equal(503, status);
        Assert.False(response.Ready);
        Assert.Equal(rest!["ready"]!.GetValue<bool>(), response.Ready);
    }

    [Fact]
    public async Task ServerMetadata_Always_EqualsRest()
    {
        var response = await Client.ServerMetadataAsync(new ServerMetadataRequest());
        var (_, rest) = await Host.GetJsonAsync("/v2");

        Assert.Equal("modelserving", response.Name);
        Assert.Equal(rest!["name"]!.GetValue<string>(), response.Name);
        Assert.Equal(rest["version"]!.GetValue<string>(), response.Version);
        Assert.Equal(rest["extensions"]!.AsArray().Select(e => e!.GetValue<string>()), response.Extensions);
    }

    [Theory]
    [InlineData("loans", "", "/v2/models/loans/ready", true)]
    [InlineData("loans", "1", "/v2/models/loans/versions/1/ready", true)]
    [InlineData("broken", "", "/v2/models/broken/ready", false)]
    public async Task ModelReady_KnownModel_AnswersAsRest(string name, string version, string restPath, bool expected)
    {
        var response = await Client.ModelReadyAsync(new ModelReadyRequest { Name = name, Version = version });
        var (_, rest) = await Host.GetJsonAsync(restPath);

        Assert.Equal(expected, response.Ready);
        Assert.Equal(rest!["ready"]!.GetValue<bool>(), response.Ready);
    }

    [Theory]
    [InlineData("nosuch", "", "/v2/models/nosuch/ready", StatusCode.NotFound)]
    [InlineData("loans", "7", "/v2/models/loans/versions/7/ready", StatusCode.NotFound)]
    [InlineData("loans", "one", "/v2/models/loans/versions/one/ready", StatusCode.InvalidArgument)]
    public async Task ModelReady_UnknownModelOrVersion_IsTheRestErrorAsAStatus(string name, string version, string restPath, StatusCode expected)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelReadyAsync(new ModelReadyRequest { Name = name, Version = version }));
        var (_, rest) = await Host.GetJsonAsync(restPath);

        Assert.Equal(expected, exception.StatusCode);
        Assert.Equal(rest!["error"]!.GetValue<string>(), exception.Status.Detail);
    }

    [Theory]
    [InlineData("loans", "", "/v2/models/loans")]
    [InlineData("loans", "1", "/v2/models/loans/versions/1")]
    [InlineData("text-orientation", "", "/v2/models/text-orientation")]
    [InlineData("dtypes", "", "/v2/models/dtypes")]
    public async Task ModelMetadata_ServedModel_EqualsRest(string name, string version, string restPath)
    {
        var response = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = name, Version = version });
        var (_, rest) = await Host.GetJsonAsync(restPath);

        Assert.Equal(rest!["name"]!.GetValue<string>(), response.Name);
        Assert.Equal(rest["versions"]!.AsArray().Select(v => v!.GetValue<string>()), response.Versions);
        Assert.Equal(rest["platform"]!.GetValue<string>(), response.Platform);
        Assert.Equal(Tensors(rest["inputs"]!), response.Inputs.Select(Describe));
        Assert.Equal(Tensors(rest["outputs"]!), response.Outputs.Select(Describe));
    }

    [Fact]
    public async Task ModelMetadata_UnknownModel_IsNotFoundWithTheRestMessage()
    {
        var exception = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "nosuch" }));
        var (_, rest) = await Host.GetJsonAsync("/v2/models/nosuch");

        Assert.Equal(StatusCode.NotFound, exception.StatusCode);
        Assert.Equal(rest!["error"]!.GetValue<string>(), exception.Status.Detail);
    }

    private static IEnumerable<string> Tensors(System.Text.Json.Nodes.JsonNode tensors) =>
        tensors.AsArray().Select(t => $"{t!["name"]} {t["datatype"]} [{string.Join(',', t["shape"]!.AsArray().Select(d => d!.GetValue<long>()))}]");

    private static string Describe(ModelMetadataResponse.Types.TensorMetadata tensor) =>
        string.Create(CultureInfo.InvariantCulture, $"{tensor.Name} {tensor.Datatype} [{string.Join(',', tensor.Shape)}]");
}
