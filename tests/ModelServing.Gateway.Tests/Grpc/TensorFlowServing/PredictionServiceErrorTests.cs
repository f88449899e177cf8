using Grpc.Core;
using Tensorflow;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Grpc.TensorFlowServing;

[Collection(TfGrpcCollection.Name)]
public sealed class PredictionServiceErrorTests(TfGrpcFixture fixture)
{
    private static PredictRequest Adder(TensorProto x, string model = "adder") =>
        new() { ModelSpec = new ModelSpec { Name = model }, Inputs = { ["x"] = x } };

    private async Task<RpcException> PredictFailsAsync(PredictRequest request) =>
        await Assert.ThrowsAsync<RpcException>(() => fixture.Prediction.PredictAsync(request).ResponseAsync);

    [Fact]
    public async Task Predict_UnknownModel_NotFound()
    {
        var ex = await PredictFailsAsync(Adder(TfGrpcFixture.PackedFloats([1, 2, 3], 1, 3), model: "nope"));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("Servable not found for request: Latest(nope)", ex.Status.Detail);
    }

    [Fact]
    public async Task Predict_UnknownVersion_NotFound()
    {
        var request = Adder(TfGrpcFixture.PackedFloats([1, 2, 3], 1, 3));
        request.ModelSpec.Version = 7;

        var ex = await PredictFailsAsync(request);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("Servable not found for request: Specific(adder, 7)", ex.Status.Detail);
    }

    [Fact]
    public async Task Predict_UnknownSignature_FailedPreconditionAsTfServing()
    {
        var request = Adder(TfGrpcFixture.PackedFloats([1, 2, 3], 1, 3));
        request.ModelSpec.SignatureName = "classify_me";

        var ex = await PredictFailsAsync(request);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("Serving signature name: \"classify_me\" not found in signature def", ex.Status.Detail);
    }

    [Fact]
    public async Task Predict_WrongDtype_InvalidArgumentNamingInput()
    {
        var ex = await PredictFailsAsync(Adder(new TensorProto { Dtype = DataType.DtInt32, TensorShape = TfGrpcFixture.Shape(1, 3), IntVal = { 1, 2, 3 } }));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("Input 'x' expects DT_FLOAT but got DT_INT32", ex.Status.Detail);
    }

    [Fact]
    public async Task Predict_WrongElementCount_InvalidArgumentNamingInput()
    {
        var ex = await PredictFailsAsync(Adder(new TensorProto { Dtype = DataType.DtFloat, TensorShape = TfGrpcFixture.Shape(2, 3), FloatVal = { 1, 2, 3, 4 } }));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("Input 'x' has shape [2,3] of DT_FLOAT (6 elements) but 4 values in float_val", ex.Status.Detail);
    }

    [Fact]
    public async Task Predict_ShapeNotTheModels_InvalidArgumentAsOnEveryProtocol()
    {
        var ex = await PredictFailsAsync(Adder(TfGrpcFixture.PackedFloats([1, 2], 1, 2)));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("Input 'x' expects shape [-1,3] but got [1,2]", ex.Status.Detail);
    }

    [Fact]
    public async Task Predict_OneValueClaimingTooManyRows_InvalidArgumentBeforeAllocating()
    {
        var ex = await PredictFailsAsync(Adder(new TensorProto { Dtype = DataType.DtFloat, TensorShape = TfGrpcFixture.Shape(1L << 30, 3), FloatVal = { 1 } }));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("Input 'x' has 1073741824 rows; at most 65536 rows are allowed per request", ex.Status.Detail);
    }

    [Fact]
    public async Task Predict_UnknownOutputInFilter_InvalidArgumentAsTfServing()
    {
        var request = Adder(TfGrpcFixture.PackedFloats([1, 2, 3], 1, 3));
        request.OutputFilter.Add("z");

        var ex = await PredictFailsAsync(request);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("output tensor alias not found in signature: z Outputs expected to be in the set {y}.", ex.Status.Detail);
    }

    [Fact]
    public async Task Predict_NoModelSpec_InvalidArgument()
    {
        var ex = await PredictFailsAsync(new PredictRequest { Inputs = { ["x"] = TfGrpcFixture.PackedFloats([1, 2, 3], 1, 3) } });

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("Missing ModelSpec", ex.Status.Detail);
    }

    [Fact]
    public async Task Classify_Unimplemented_WithAClearMessage()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Prediction.ClassifyAsync(new ClassificationRequest { ModelSpec = new ModelSpec { Name = "loans" } }).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.StartsWith("Classify is not implemented", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegressAndMultiInference_Unimplemented()
    {
        var regress = await Assert.ThrowsAsync<RpcException>(() => fixture.Prediction.RegressAsync(new RegressionRequest()).ResponseAsync);
        var multi = await Assert.ThrowsAsync<RpcException>(() => fixture.Prediction.MultiInferenceAsync(new MultiInferenceRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, regress.StatusCode);
        Assert.Equal(StatusCode.Unimplemented, multi.StatusCode);
    }

    [Fact]
    public async Task GetModelMetadata_NoOrUnknownField_InvalidArgumentAsTfServing()
    {
        var none = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Prediction.GetModelMetadataAsync(new GetModelMetadataRequest { ModelSpec = new ModelSpec { Name = "loans" } }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Prediction.GetModelMetadataAsync(new GetModelMetadataRequest { ModelSpec = new ModelSpec { Name = "loans" }, MetadataField = { "graph" } }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, none.StatusCode);
        Assert.Equal("GetModelMetadataRequest must specify at least one metadata_field", none.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Equal("Metadata field graph is not supported", unknown.Status.Detail);
    }
}
