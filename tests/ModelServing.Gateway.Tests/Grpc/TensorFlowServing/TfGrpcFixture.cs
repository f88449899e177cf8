using Google.Protobuf;
using ModelServing.Gateway.Tests.TestSupport;
using Tensorflow;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Grpc.TensorFlowServing;

/// <summary>The real gateway with gRPC on a loopback port over loans, the every-dtype identity model, two adder versions with labels, and the example image models.</summary>
public sealed class TfGrpcFixture : IAsyncLifetime
{
    private readonly TestRepository _repository = new TestRepository()
        .WithLoans()
        .WithAllTypes()
        .WithAdders(1, 2)
        .WithConfig("adder", """{"versionPolicy": {"all": {}}, "versionLabels": {"stable": 1, "canary": 2}}""")
        .WithExampleImageModels();

    internal GatewayHost Host { get; private set; } = null!;

    internal PredictionService.PredictionServiceClient Prediction => new(Host.Channel);

    internal ModelService.ModelServiceClient Models => new(Host.Channel);

    public async Task InitializeAsync() => Host = await GatewayHost.StartWithGrpcAsync(_repository.Root);

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _repository.Dispose();
    }

    /// <summary>A rank-1 float input as <c>float_val</c>.</summary>
    internal static TensorProto Floats(params float[] values) =>
        new() { Dtype = DataType.DtFloat, TensorShape = Shape(values.Length), FloatVal = { values } };

    /// <summary>A float input of <paramref name="shape"/> as packed <c>tensor_content</c>.</summary>
    internal static TensorProto PackedFloats(float[] values, params long[] shape) =>
        new() { Dtype = DataType.DtFloat, TensorShape = Shape(shape), TensorContent = ByteString.CopyFrom(values.SelectMany(BitConverter.GetBytes).ToArray()) };

    internal static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }

    /// <summary>The floats of a numeric output (TF Serving answers with tensor_content).</summary>
    internal static float[] FloatsOf(TensorProto tensor) =>
        [.. Enumerable.Range(0, tensor.TensorContent.Length / 4).Select(i => BitConverter.ToSingle(tensor.TensorContent.Span[(i * 4)..]))];

    internal static long[] LongsOf(TensorProto tensor) =>
        [.. Enumerable.Range(0, tensor.TensorContent.Length / 8).Select(i => BitConverter.ToInt64(tensor.TensorContent.Span[(i * 8)..]))];
}

[CollectionDefinition(Name)]
public sealed class TfGrpcCollection : ICollectionFixture<TfGrpcFixture>
{
    public const string Name = "tf-grpc";
}
