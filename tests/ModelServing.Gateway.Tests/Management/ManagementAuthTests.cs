using System.Net;
using System.Text.Json.Nodes;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Management;

/// <summary>The management API's key: off by default (404), then 401 without or with a wrong key, 200 with it.</summary>
public sealed class ManagementAuthTests
{
    private static readonly string[] s_routes =
        ["/v2/repository/index", "/v2/repository/models/adder/load", "/v2/repository/models/adder/unload", "/v2/repository/models/adder/reload"];

    [Fact]
    public async Task Routes_ManagementDisabledByDefault_Answer404AndModelKeepsServing()
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await GatewayHost.StartAsync(repository.Root);
        foreach (var route in s_routes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, route);
            request.Headers.Add("x-api-key", ManagementHost.Key);
            using var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var (status, _) = await host.PostJsonAsync("/v1/models/adder:predict", """{"instances":[[0,0,0]]}""");
        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData(null, null, "Missing API key")]
    [InlineData("Authorization", "Bearer wrong-key", "Invalid API key")]
    [InlineData("x-api-key", "wrong-key", "Invalid API key")]
    [InlineData("x-api-key", "test-management-key-012345678", "Invalid API key")]
    [InlineData("Authorization", "Basic dGVzdDp0ZXN0", "Missing API key")]
    public async Task Routes_WithoutOrWithWrongKey_Answer401InErrorShapeAndChangeNothing(string? header, string? value, string expected)
    {
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await ManagementHost.StartAsync(repository.Root);
        foreach (var route in s_routes)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, route);
            if (header is not null)
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }

            using var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.Single(body);
            Assert.StartsWith(expected, body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var (status, _) = await host.PredictAsync("adder", """{"instances":[[0,0,0]]}""");
        Assert.Equal(200, status);
    }

    [Theory]
    [InlineData("Authorization", "Bearer " + ManagementHost.Key)]
    [InlineData("x-api-key", ManagementHost.Key)]
    public async Task Index_WithKey_ListsVersionsAndStates(string header, string value)
    {
        using var repository = new TestRepository().WithAdders(1).WithCorruptModel("broken", 1);
        await using var host = await ManagementHost.StartAsync(repository.Root);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/repository/index");
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        var adder = rows.Single(r => r!["name"]!.GetValue<string>() == "adder")!;
        Assert.Equal("1", adder["version"]!.GetValue<string>());
        Assert.Equal("AVAILABLE", adder["state"]!.GetValue<string>());
        var broken = rows.Single(r => r!["name"]!.GetValue<string>() == "broken")!;
        Assert.Equal("END", broken["state"]!.GetValue<string>());
        Assert.NotEmpty(broken["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Routes_GeneralKeysSetToo_ManagementKeyAloneIsAcceptedAndIsNoGeneralKey()
    {
        const string GeneralKey = "general-key-0123456789";
        using var repository = new TestRepository().WithAdders(1);
        await using var host = await ManagementHost.StartAsync(repository.Root, "--Security:ApiKeys", GeneralKey);

        async Task<HttpStatusCode> SendAsync(string path, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Content = new StringContent("""{"instances":[[0,0,0]]}""", System.Text.Encoding.UTF8, "application/json");
            if (key is not null)
            {
                request.Headers.Add("x-api-key", key);
            }

            using var response = await host.Client.SendAsync(request);
            return response.StatusCode;
        }

        // As the README says: the management key alone opens the management routes, a general key does not, and the
        // management key opens nothing else.
        Assert.Equal(HttpStatusCode.OK, await SendAsync("/v2/repository/index", ManagementHost.Key));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("/v2/repository/index", GeneralKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("/v2/repository/index", null));
        Assert.Equal(HttpStatusCode.OK, await SendAsync("/v1/models/adder:predict", GeneralKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync("/v1/models/adder:predict", ManagementHost.Key));
    }

    [Fact]
    public async Task Index_KeyFromFile_Accepted()
    {
        using var repository = new TestRepository().WithAdders(1);
        var keyFile = Path.Combine(repository.Root, ".management-key");
        await File.WriteAllTextAsync(keyFile, "from-a-file-key\n");
        await using var host = await GatewayHost.StartAsync(repository.Root, "--Management:Enabled", "true", "--Management:ApiKeyFile", keyFile);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/repository/index");
        request.Headers.Add("x-api-key", "from-a-file-key");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Create_EnabledWithoutKey_FailsAtStart()
    {
        using var repository = new TestRepository().WithAdders(1);
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            var app = ModelServing.Gateway.Hosting.GatewayApplication.Create(["--urls", "http://127.0.0.1:0", "--grpc-port", "0", "--model-repository", repository.Root, "--Management:Enabled", "true"]);
            app.StartAsync().GetAwaiter().GetResult();
        });
        Assert.Contains("Management:ApiKey", error.ToString(), StringComparison.Ordinal);
    }
}
