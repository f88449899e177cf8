using Grpc.Core;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Grpc.TensorFlowServing;

[Collection(TfGrpcCollection.Name)]
public sealed class ModelServiceTests(TfGrpcFixture fixture)
{
    [Theory]
    [InlineData("adder", null, null)]
    [InlineData("adder", 2L, null)]
    [InlineData("adder", null, "stable")]
    [InlineData("loans", null, null)]
    public async Task GetModelStatus_AnswersAsRestStatus(string model, long? version, string? label)
    {
        var spec = new ModelSpec { Name = model };
        var path = $"/v1/models/{model}";
        if (version is { } v)
        {
            spec.Version = v;
            path += $"/versions/{v}";
        }
        else if (label is not null)
        {
            spec.VersionLabel = label;
            path += $"/labels/{label}";
        }

        var (_, rest) = await fixture.Host.GetJsonAsync(path);

        var response = await fixture.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = spec });

        var expected = rest!["model_version_status"]!.AsArray()
            .Select(s => $"{s!["version"]} {s["state"]} {s["status"]!["error_code"]} {s["status"]!["error_message"]}");
        var actual = response.ModelVersionStatus
            .Select(s => $"{s.Version} {ModelVersionStatus.Descriptor.EnumTypes[0].FindValueByNumber((int)s.State).Name} {Tensorflow.Error.ErrorCodesReflection.Descriptor.EnumTypes[0].FindValueByNumber((int)s.Status.ErrorCode).Name} {s.Status.ErrorMessage}");
        Assert.Equal(expected, actual);
        Assert.NotEmpty(actual);
    }

    [Fact]
    public async Task GetModelStatus_UnknownModel_NotFoundAsRest()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = "nope" } }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("Could not find any versions of model nope", ex.Status.Detail);
    }

    [Fact]
    public async Task HandleReloadConfigRequest_Unimplemented()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Models.HandleReloadConfigRequestAsync(new ReloadConfigRequest { Config = new ModelServerConfig() }).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }
}
