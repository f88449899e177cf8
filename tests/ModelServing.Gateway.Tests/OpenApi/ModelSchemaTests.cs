using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.OpenApi;

public sealed class ModelSchemaTests(ImageModelsFixture images) : IClassFixture<ImageModelsFixture>
{
    [Fact]
    public async Task Loans_EveryProtocolRouteDocumentsIncomeCreditCardsAndAgeWithTypesAndExample()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root);

        var document = await ValidDocumentAsync(host);

        var predict = document.Paths["/v1/models/loans:predict"].Operations![HttpMethod.Post];
        var instance = predict.RequestBody!.Content!["application/json"].Schema!.Properties!["instances"].Items!;
        Assert.Equal(["income", "credit_cards", "age"], instance.Properties!.Keys);
        Assert.All(instance.Properties.Values, p => Assert.Equal(JsonSchemaType.Number, p.Type));
        Assert.Equal(2000, predict.RequestBody.Content["application/json"].Example!["instances"]![0]!["income"]!.GetValue<int>());
        var prediction = predict.Responses!["200"].Content!["application/json"].Schema!.Properties!["predictions"].Items!;
        Assert.Equal(JsonSchemaType.Integer, prediction.Properties!["approved"].Type);
        Assert.Equal(JsonSchemaType.Array, prediction.Properties["probabilities"].Type);
        Assert.Equal(2, prediction.Properties["probabilities"].MaxItems);

        var score = document.Paths["/score/loans"].Operations![HttpMethod.Post];
        Assert.Equal(["income", "credit_cards", "age"], score.RequestBody!.Content!["application/json"].Schema!.Properties!["data"].Items!.Properties!.Keys);
        var infer = document.Paths["/v2/models/loans/infer"].Operations![HttpMethod.Post];
        Assert.Equal("FP32", infer.RequestBody!.Content!["application/json"].Example!["inputs"]![0]!["datatype"]!.GetValue<string>());
    }

    [Fact]
    public async Task ImageModels_DocumentABase64ImageInAndLabelsOrBoxesOut()
    {
        var document = await ValidDocumentAsync(images.Host);

        var orientation = document.Paths["/v1/models/text-orientation:predict"].Operations![HttpMethod.Post];
        var image = orientation.RequestBody!.Content!["application/json"].Schema!.Properties!["instances"].Items!.Properties!["image"];
        Assert.Equal("byte", image.Properties!["b64"].Format);
        Assert.Contains("JPEG", image.Description, StringComparison.Ordinal);
        var labels = orientation.Responses!["200"].Content!["application/json"].Schema!.Properties!["predictions"].Items!.Items!;
        Assert.Equal(["label", "score"], labels.Properties!.Keys);
        var boxes = document.Paths["/v1/models/text-detection:predict"].Operations![HttpMethod.Post]
            .Responses!["200"].Content!["application/json"].Schema!.Properties!["predictions"].Items!.Items!;
        Assert.Equal(["points", "score"], boxes.Properties!.Keys);
        Assert.True(document.Paths.ContainsKey("/score/text-orientation"));
        Assert.False(document.Paths.ContainsKey("/v1/models/nosuch:predict"));
    }

    [Fact]
    public async Task ModelAddedAtRuntime_AppearsInTheNextDocument()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartAsync(repository.Root, "--ModelRepository:PollInterval", "00:00:00.2", "--ModelRepository:SettleTime", "00:00:00.3");
        Assert.False((await ValidDocumentAsync(host)).Paths.ContainsKey("/v2/models/strings/infer"));

        repository.WithStrings();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        OpenApiDocument document;
        do
        {
            await Task.Delay(200);
            document = await ValidDocumentAsync(host);
        }
        while (!document.Paths.ContainsKey("/v2/models/strings/infer") && DateTime.UtcNow < deadline);

        Assert.True(document.Paths.ContainsKey("/v1/models/strings:predict"));
        Assert.True(document.Paths.ContainsKey("/v2/models/strings/infer"));
    }

    private static async Task<OpenApiDocument> ValidDocumentAsync(GatewayHost host)
    {
        var json = await host.Client.GetStringAsync("/swagger.json");
        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.Empty(result.Diagnostic!.Errors);
        Assert.Empty(result.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        return result.Document!;
    }
}
