namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>
/// The gateway (REST and gRPC) serving the example image models, text-recognition and the composed <c>ocr</c> model with
/// their real configs, beside three composed models that must fail to load: a cycle, a missing model and a type mismatch.
/// </summary>
public sealed class OcrFixture : IAsyncLifetime
{
    private const string Detect = """{ "name": "detect", "model": "text-detection", "inputs": { "image": "inputs.image" } }""";

    private readonly TestRepository _repository = new TestRepository().WithExampleImageModels().WithOcr()
        .WithGraph("loop-a", Graph("""{ "name": "next", "model": "loop-b", "inputs": { "image": "inputs.image" } }""", "next.lines"))
        .WithGraph("loop-b", Graph("""{ "name": "next", "model": "loop-a", "inputs": { "image": "inputs.image" } }""", "next.lines"))
        .WithGraph("calls-missing", Graph(Detect + """, { "name": "read", "model": "no-such-model", "inputs": { "image": "inputs.image" } }""", "detect.boxes"))
        .WithGraph("mismatch", Graph(
            Detect + """
            , { "name": "crops", "stage": "cropBoxes", "inputs": { "image": "inputs.image", "boxes": "detect.boxes" } },
            { "name": "orient", "model": "text-orientation", "inputs": { "image": "crops.score" } },
            { "name": "lines", "stage": "gather", "inputs": { "orientation": "orient.orientation" } }
            """,
            "lines.items"));

    internal GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await GatewayHost.StartWithGrpcAsync(_repository.Root);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }

    private static string Graph(string steps, string output) =>
        $$"""{ "graph": { "inputs": [{ "name": "image", "dtype": "string" }], "steps": [{{steps}}], "outputs": [{ "name": "lines", "from": "{{output}}" }] } }""";
}
