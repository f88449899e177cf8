using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.TensorFlowServing;

[Collection(GatewayCollection.Name)]
public sealed class StatusTests(GatewayFixture fixture)
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task GetStatus_LoadedModel_ReportsAvailableVersionWithOkStatus()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/loans");

        Assert.Equal(200, status);
        Assert.Equal(
            """{"model_version_status":[{"version":"1","state":"AVAILABLE","status":{"error_code":"OK","error_message":""}}]}""",
            body!.ToJsonString());
    }

    [Fact]
    public async Task GetStatus_PolicyAll_ListsEveryVersion()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/adder");

        Assert.Equal(200, status);
        var versions = body!["model_version_status"]!.AsArray();
        Assert.Equal(["1", "2"], versions.Select(v => v!["version"]!.GetValue<string>()));
        Assert.All(versions, v => Assert.Equal("AVAILABLE", v!["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task GetStatus_SpecificVersionAndLabel_ReportThatVersion()
    {
        var (versionStatus, versionBody) = await Host.GetJsonAsync("/v1/models/adder/versions/2");
        var (labelStatus, labelBody) = await Host.GetJsonAsync("/v1/models/adder/labels/stable");

        Assert.Equal(200, versionStatus);
        Assert.Equal("2", versionBody!["model_version_status"]![0]!["version"]!.GetValue<string>());
        Assert.Equal(200, labelStatus);
        Assert.Equal("1", labelBody!["model_version_status"]![0]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetStatus_UnknownModel_Returns404WithTfServingMessage()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/nope");

        Assert.Equal(404, status);
        Assert.Equal("Could not find any versions of model nope", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetStatus_UnknownVersion_Returns404WithTfServingMessage()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/loans/versions/7");

        Assert.Equal(404, status);
        Assert.Equal("Could not find version 7 of model loans", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetStatus_UnknownLabel_Returns400()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/loans/labels/canary");

        Assert.Equal(400, status);
        Assert.Equal("Unrecognized servable version label: canary", body!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetStatus_CorruptModel_ShowsEndWithErrorWhileOthersServe()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/broken");
        var (loansStatus, _) = await Host.PostJsonAsync("/v1/models/loans:predict", """{"instances":[{"income":1,"credit_cards":1,"age":1}]}""");

        Assert.Equal(200, status);
        var version = body!["model_version_status"]![0]!;
        Assert.Equal("END", version["state"]!.GetValue<string>());
        Assert.Equal("INVALID_ARGUMENT", version["status"]!["error_code"]!.GetValue<string>());
        var message = version["status"]!["error_message"]!.GetValue<string>();
        Assert.NotEmpty(message);
        Assert.DoesNotContain(fixture.RepositoryRoot, message, StringComparison.Ordinal);
        Assert.Equal(200, loansStatus);
    }

    [Fact]
    public async Task GetStatus_InvalidConfig_ReportsEveryConfigErrorWithFileAndField()
    {
        var (status, body) = await Host.GetJsonAsync("/v1/models/badconfig");

        Assert.Equal(200, status);
        var version = body!["model_version_status"]![0]!;
        Assert.Equal("END", version["state"]!.GetValue<string>());
        var message = version["status"]!["error_message"]!.GetValue<string>();
        Assert.Contains("badconfig/config.json: colour: unknown field", message, StringComparison.Ordinal);
        Assert.Contains("badconfig/config.json: versionPolicy.latest.numVersions: must be between 1 and 1000", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatus_HiddenAndNonNumericDirectories_AreIgnored()
    {
        var (hidden, _) = await Host.GetJsonAsync("/v1/models/.hidden");
        var (_, loans) = await Host.GetJsonAsync("/v1/models/loans");

        Assert.Equal(404, hidden);
        Assert.Single(loans!["model_version_status"]!.AsArray());
    }

    [Theory]
    [InlineData("GET", "/v1/models/loans/versions/abc")]
    [InlineData("GET", "/v1/models/loans:predict")]
    [InlineData("GET", "/v1/foo")]
    [InlineData("POST", "/v1/models/loans:explain")]
    [InlineData("DELETE", "/v1/models/loans")]
    public async Task AnyOtherV1Path_Returns400MalformedRequest(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await Host.Client.SendAsync(request);
        var body = await GatewayHost.ReadJsonAsync(response);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal($"Malformed request: {method} {path}", body!["error"]!.GetValue<string>());
    }
}
