using Google.Protobuf;
using Grpc.Core;
using Inference;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Grpc.OpenInference;

/// <summary>Bad <c>ModelInfer</c> inputs: each INVALID_ARGUMENT naming the input, with REST's message where the case is the same.</summary>
public sealed class ModelInferInvalidInputTests(OpenInferenceGrpcFixture fixture) : IClassFixture<OpenInferenceGrpcFixture>
{
    private GRPCInferenceService.GRPCInferenceServiceClient Client => fixture.Client;

    private GatewayHost Host => fixture.Host;

    public static TheoryData<string, string> SameCaseAsRest => new()
    {
        // Case name, and the v2 REST body of the same request.
        {
            "datatype",
            """{"inputs":[{"name":"income","shape":[1],"datatype":"INT32","data":[2000]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[2]},{"name":"age","shape":[1],"datatype":"FP32","data":[45]}]}"""
        },
        {
            "shape",
            """{"inputs":[{"name":"income","shape":[1,1],"datatype":"FP32","data":[2000]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[2]},{"name":"age","shape":[1],"datatype":"FP32","data":[45]}]}"""
        },
        {
            "unknown input",
            """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":[2000]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[2]},{"name":"age","shape":[1],"datatype":"FP32","data":[45]},{"name":"salary","shape":[1],"datatype":"FP32","data":[1]}]}"""
        },
        {
            "missing input",
            """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":[2000]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[2]}]}"""
        },
        {
            "unknown output",
            """{"inputs":[{"name":"income","shape":[1],"datatype":"FP32","data":[2000]},{"name":"credit_cards","shape":[1],"datatype":"FP32","data":[2]},{"name":"age","shape":[1],"datatype":"FP32","data":[45]}],"outputs":[{"name":"score"}]}"""
        },
    };

    [Theory]
    [MemberData(nameof(SameCaseAsRest))]
    public async Task ModelInfer_SameBadInputAsRest_IsInvalidArgumentWithTheRestMessage(string @case, string restBody)
    {
        var request = GrpcRequests.Loans([2000], [2], [45]);
        switch (@case)
        {
            case "datatype":
                request.Inputs[0] = new ModelInferRequest.Types.InferInputTensor { Name = "income", Datatype = "INT32", Shape = { 1 }, Contents = new InferTensorContents { IntContents = { 2000 } } };
                break;
            case "shape":
                request.Inputs[0].Shape.Add(1);
                break;
            case "unknown input":
                request.Inputs.Add(GrpcRequests.Fp32("salary", [1]));
                break;
            case "missing input":
                request.Inputs.RemoveAt(2);
                break;
            default:
                request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "score" });
                break;
        }

        var exception = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(request));
        var (status, rest) = await Host.PostJsonAsync("/v2/models/loans/infer", restBody);

        Assert.Equal(400, status);
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Equal(rest!["error"]!.GetValue<string>(), exception.Status.Detail);
    }

    [Theory]
    [InlineData("element count", "Input 'income' has shape [2] (2 elements) but 1 elements in contents.fp32_contents")]
    [InlineData("raw length", "Input 'income' has raw_input_contents size 4 but shape [2] of FP32 needs 8 bytes")]
    [InlineData("raw count", "The request has 1 raw_input_contents for 3 inputs; send one per input, in the order of inputs")]
    [InlineData("wrong field", "Input 'age' has datatype FP32 but carries contents.fp64_contents; its elements go in contents.fp32_contents")]
    [InlineData("no data", "Input 'age' has no data (neither contents.fp32_contents nor raw_input_contents)")]
    public async Task ModelInfer_BadContents_IsInvalidArgumentNamingTheInput(string @case, string message)
    {
        var request = GrpcRequests.Loans([2000], [2], [45]);
        switch (@case)
        {
            case "element count":
                request.Inputs[0].Shape[0] = 2;
                break;
            case "raw length" or "raw count":
                foreach (var input in request.Inputs)
                {
                    input.Contents = null;
                    input.Shape[0] = 2;
                }

                request.RawInputContents.Add(GrpcRequests.Raw(2000f));
                if (@case == "raw length")
                {
                    request.RawInputContents.Add(GrpcRequests.Raw(2f, 0f));
                    request.RawInputContents.Add(GrpcRequests.Raw(45f, 30f));
                }

                break;
            case "wrong field":
                request.Inputs[2].Contents = new InferTensorContents { Fp64Contents = { 45 } };
                break;
            default:
                request.Inputs[2].Contents = null;
                break;
        }

        var exception = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Equal(message, exception.Status.Detail);
    }

    [Fact]
    public async Task ModelInfer_NotAnImage_IsInvalidArgumentNamingTheInput()
    {
        var request = new ModelInferRequest { ModelName = "text-orientation" };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor
        {
            Name = "image",
            Datatype = "BYTES",
            Shape = { 1 },
            Contents = new InferTensorContents { BytesContents = { ByteString.CopyFromUtf8("not a jpeg") } },
        });

        var exception = await Assert.ThrowsAsync<RpcException>(async () => await Client.ModelInferAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Contains("image", exception.Status.Detail, StringComparison.Ordinal);
    }
}
