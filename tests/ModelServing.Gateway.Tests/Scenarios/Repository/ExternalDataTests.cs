using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Scenarios.Repository;

/// <summary>ONNX external data must stay inside the version directory; a model breaking the rule fails alone.</summary>
public sealed class ExternalDataTests
{
    private const string Row = """{"instances":[[0,0,0]]}""";

    private static async Task<(string State, string Error)> StatusAsync(GatewayHost host, string model, long version)
    {
        var (_, body) = await host.GetJsonAsync($"/v1/models/{model}/versions/{version}");
        var status = body!["model_version_status"]![0]!;
        return (status["state"]!.GetValue<string>(), status["status"]!["error_message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Repository_WithEscapingExternalData_FailsThoseVersionsNamingTheLocationAndServesTheRest()
    {
        using var repository = new TestRepository()
            .WithAdders(1)
            .WithExternalDataAdder("weights", 1, "weights/addend.bin")
            .WithExternalDataAdder("escape", 1, "../stolen.bin")
            .WithExternalDataAdder("absolute", 1, "/etc/passwd");
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var (adderStatus, adder) = await host.PostJsonAsync("/v1/models/adder:predict", Row);
        var (weightsStatus, weights) = await host.PostJsonAsync("/v1/models/weights:predict", Row);
        var (escapeStatus, _) = await host.PostJsonAsync("/v1/models/escape:predict", Row);
        var escape = await StatusAsync(host, "escape", 1);
        var absolute = await StatusAsync(host, "absolute", 1);

        Assert.Equal((200, 10.0), (adderStatus, adder!["predictions"]![0]![0]!.GetValue<double>()));
        Assert.Equal((200, 10.0), (weightsStatus, weights!["predictions"]![0]![0]!.GetValue<double>()));
        Assert.Equal(503, escapeStatus);
        Assert.Equal(
            ("END", "Failed to load model: external data location '../stolen.bin' of tensor 'addend' is outside the version directory"),
            escape);
        Assert.Equal(
            ("END", "Failed to load model: tensor 'addend' has an absolute external data location; locations must be relative to the version directory"),
            absolute);
        Assert.DoesNotContain(repository.Root, escape.Error + absolute.Error, StringComparison.Ordinal);
    }
}
