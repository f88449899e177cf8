using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.OpenApi;

[Collection(GatewayCollection.Name)]
public sealed class SwaggerTests(GatewayFixture fixture)
{
    [Fact]
    public async Task SwaggerJson_IsValidOpenApiCoveringEveryRoute()
    {
        var json = await fixture.Host.Client.GetStringAsync("/swagger/v1/swagger.json");

        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        var document = result.Document!;
        var errors = document.Validate(ValidationRuleSet.GetDefaultRuleSet());

        Assert.Empty(result.Diagnostic!.Errors);
        Assert.Empty(errors ?? []);
        foreach (var path in new[]
        {
            "/v1/models/{name}", "/v1/models/{name}/versions/{version}", "/v1/models/{name}/labels/{label}",
            "/v1/models/{name}/metadata", "/v1/models/{name}:predict", "/v1/models/{name}/versions/{version}:predict",
            "/v1/models/{name}/labels/{label}:predict", "/healthz", "/readyz",
        })
        {
            Assert.True(document.Paths.ContainsKey(path), $"swagger.json lacks {path}");
        }

        var predict = document.Paths["/v1/models/{name}:predict"].Operations![HttpMethod.Post];
        Assert.NotNull(predict.RequestBody!.Content!["application/json"].Example);
        Assert.NotNull(predict.Responses!["200"].Content!["application/json"].Schema);
        Assert.True(predict.Responses.ContainsKey("400"));
    }

    [Fact]
    public async Task SwaggerUi_IsServed()
    {
        using var response = await fixture.Host.Client.GetAsync("/swagger/index.html");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
