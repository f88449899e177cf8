using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Gateway.Security;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Security;

/// <summary>Every route the gateway maps, found through its <see cref="EndpointDataSource"/>, answers 401 without a valid key unless it is a health probe.</summary>
public sealed class AuthMatrixTests : IAsyncLifetime
{
    private const string KeyA = "first-key-0123456789";
    private const string KeyB = "second-key-abcdefghij";
    private const string ManagementKey = "management-key-klmnop";
    private readonly TestRepository _repository = new TestRepository().WithLoans();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await GatewayHost.StartAsync(
            _repository.Root,
            "--Security:ApiKeys", $"{KeyA}, {KeyB}",
            "--Vertex:HealthRoute", "/vertex/health",
            "--Vertex:PredictRoute", "/vertex/predict",
            "--Management:Enabled", "true",
            "--Management:ApiKey", ManagementKey);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _repository.Dispose();
    }

    private static readonly string[] s_openRoutes = ["/healthz", "/readyz", "/v2/health/live", "/v2/health/ready", "/vertex/health"];

    private List<(string Method, string Path, bool Open)> Routes()
    {
        var routes = new List<(string, string, bool)>();
        foreach (var endpoint in _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            var open = endpoint.Metadata.GetMetadata<OpenEndpointMetadata>() is not null;
            foreach (var method in methods)
            {
                routes.Add((method, Concrete(endpoint.RoutePattern), open));
            }
        }

        return routes;
    }

    private static string Concrete(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart { Name: "version" } => "1",
                    RoutePatternParameterPart { Name: "label" } => "stable",
                    RoutePatternParameterPart { IsCatchAll: true } => "anything/else",
                    RoutePatternParameterPart => "loans",
                    _ => throw new InvalidOperationException(part.GetType().Name),
                });
            }
        }

        return path.ToString();
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("""{"instances":[{"income":50000,"credit_cards":2,"age":40}]}""", Encoding.UTF8, "application/json");
        }

        headers?.Invoke(request.Headers);
        return await _host.Client.SendAsync(request);
    }

    [Fact]
    public async Task EveryProtectedRoute_Answers401WithoutAValidKey_AndLetsAValidKeyThrough()
    {
        var routes = Routes();
        Assert.True(routes.Count(r => !r.Open) >= 20, $"only {routes.Count(r => !r.Open)} protected routes found");
        Assert.Equal(s_openRoutes.Order(), routes.Where(r => r.Open && !IsManagement(r.Path)).Select(r => r.Path).Distinct().Order());
        Assert.Contains(routes, r => IsManagement(r.Path));

        var failures = new List<string>();
        foreach (var (method, path, open) in routes)
        {
            using var missing = await SendAsync(method, path);
            using var wrong = await SendAsync(method, path, h => h.Add(ApiKeyCheck.ApiKeyHeader, KeyA + "x"));
            using var bearer = await SendAsync(method, path, h => h.Authorization = new AuthenticationHeaderValue("Bearer", KeyB));
            using var header = await SendAsync(method, path, h => h.Add(ApiKeyCheck.ApiKeyHeader, KeyA));
            var codes = $"{method} {path}: none {(int)missing.StatusCode}, wrong {(int)wrong.StatusCode}, bearer {(int)bearer.StatusCode}, x-api-key {(int)header.StatusCode}";
            using var management = await SendAsync(method, path, h => h.Add(ApiKeyCheck.ApiKeyHeader, ManagementKey));
            codes += $", management key {(int)management.StatusCode}";
            var ok = IsManagement(path)
                ? (int)missing.StatusCode == 401 && (int)wrong.StatusCode == 401 && (int)header.StatusCode == 401 && (int)management.StatusCode != 401
                : open
                ? missing.StatusCode != System.Net.HttpStatusCode.Unauthorized && wrong.StatusCode != System.Net.HttpStatusCode.Unauthorized
                : (int)missing.StatusCode == 401 && (int)wrong.StatusCode == 401
                    && (int)bearer.StatusCode != 401 && (int)header.StatusCode != 401
                    && missing.Headers.WwwAuthenticate.ToString() == "Bearer"
                    && (await GatewayHost.ReadJsonAsync(missing))?["error"]?.GetValue<string>().Contains("API key", StringComparison.Ordinal) == true;
            if (!ok)
            {
                failures.Add(codes);
            }
        }

        Assert.Empty(failures);
    }

    private static bool IsManagement(string path) => path.StartsWith("/v2/repository", StringComparison.Ordinal);

    [Fact]
    public async Task ValidKey_Predicts_AndUnknownPathsAndSwaggerNeedAKeyToo()
    {
        using var predict = await SendAsync("POST", "/v1/models/loans:predict", h => h.Add(ApiKeyCheck.ApiKeyHeader, KeyB));
        Assert.Equal(200, (int)predict.StatusCode);
        Assert.NotNull((await GatewayHost.ReadJsonAsync(predict))!["predictions"]);

        using var swagger = await SendAsync("GET", "/swagger/v1/swagger.json");
        Assert.Equal(401, (int)swagger.StatusCode);
        using var unknown = await SendAsync("GET", "/no/such/route");
        Assert.Equal(401, (int)unknown.StatusCode);
        using var swaggerWithKey = await SendAsync("GET", "/swagger/v1/swagger.json", h => h.Add(ApiKeyCheck.ApiKeyHeader, KeyA));
        Assert.Equal(200, (int)swaggerWithKey.StatusCode);
    }
}
