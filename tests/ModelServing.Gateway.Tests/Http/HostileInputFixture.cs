using ModelServing.Gateway.Tests.TestSupport;
using ModelServing.ModelGen.Onnx;

namespace ModelServing.Gateway.Tests.Http;

/// <summary>
/// One gateway for <see cref="HostileInputTests"/>: loans (inputs sharing the dimension <c>batch</c>), string echo, and
/// <c>pair</c>, whose two inputs have dynamic dimensions named apart, with loans also on a Vertex AI predict route.
/// </summary>
public sealed class HostileInputFixture : IAsyncLifetime
{
    /// <summary>The Vertex AI predict route the gateway serves (for loans).</summary>
    public const string VertexRoute = "/vertex/predict";

    private readonly TestRepository _repository = new TestRepository().WithLoans().WithStrings();

    internal GatewayHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Inputs a [a_rows] and b [b_rows], echoed: TF Serving's columnar format lets them differ in dimension 0.
        var path = _repository.ModelPath("pair", 1);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var a = OnnxDimension.Symbolic("a_rows");
        var b = OnnxDimension.Symbolic("b_rows");
        new OnnxModel(new OnnxGraph(
            "pair",
            [new OnnxNode("Identity", ["a"], ["a_out"]), new OnnxNode("Identity", ["b"], ["b_out"])],
            [],
            [OnnxValueInfo.Tensor("a", OnnxDataType.Float, a), OnnxValueInfo.Tensor("b", OnnxDataType.Float, b)],
            [OnnxValueInfo.Tensor("a_out", OnnxDataType.Float, a), OnnxValueInfo.Tensor("b_out", OnnxDataType.Float, b)])).Save(path);

        Host = await GatewayHost.StartAsync(_repository.Root, "--Vertex:PredictRoute", VertexRoute, "--Vertex:Model", "loans");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }
}
