using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using Inference;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Grpc.OpenInference;

namespace ModelServing.Protocols.Tests.Grpc.OpenInference;

public sealed class ModelInferRequestReaderTests
{
    private static readonly ModelSignature s_signature = new(
        [
            new TensorSpec("x", TensorDataType.Float, -1, 2),
            new TensorSpec("b", TensorDataType.Int8, -1),
            new TensorSpec("h", TensorDataType.Float16, -1),
            new TensorSpec("image", TensorDataType.String, -1),
        ],
        [new TensorSpec("y", TensorDataType.Float, -1), new TensorSpec("label", TensorDataType.Int64, -1)]);

    [Fact]
    public void Read_TypedContents_GivesTensorsOfTheDeclaredShape()
    {
        var request = Request(Input("x", "FP32", [2, 2], c => c.Fp32Contents.AddRange([1f, 2f, 3f, 4f])));
        request.Inputs.Add(Input("b", "INT8", [2], c => c.IntContents.AddRange([-128, 127])));
        request.Inputs.Add(Input("image", "BYTES", [1], c => c.BytesContents.Add(ByteString.CopyFrom(0xFF, 0xD8, 0x00))));
        request.Id = "42";

        var read = ModelInferRequestReader.Read(request, s_signature);

        Assert.Equal("42", read.Id);
        Assert.False(read.BinaryOutputs);
        Assert.Equal([2L, 2], read.Inputs["x"].Shape);
        Assert.Equal([1f, 2f, 3f, 4f], read.Inputs["x"].As<float>());
        Assert.Equal([(sbyte)-128, (sbyte)127], read.Inputs["b"].As<sbyte>());
        Assert.Equal([0xFF, 0xD8, 0x00], Assert.Single(read.Inputs["image"].As<byte[]>()));
    }

    [Fact]
    public void Read_RawInputContents_DecodesLittleEndianAndAsksForRawOutputs()
    {
        var request = Request(Input("x", "FP32", [1, 2]), Input("h", "FP16", [2]), Input("image", "BYTES", [2]));
        request.RawInputContents.Add(Raw(b => { BinaryPrimitives.WriteSingleLittleEndian(b[0..], 1.5f); BinaryPrimitives.WriteSingleLittleEndian(b[4..], -2f); }, 8));
        request.RawInputContents.Add(Raw(b => { BinaryPrimitives.WriteHalfLittleEndian(b[0..], (Half)0.5); BinaryPrimitives.WriteHalfLittleEndian(b[2..], (Half)3); }, 4));
        request.RawInputContents.Add(ByteString.CopyFrom([2, 0, 0, 0, (byte)'h', (byte)'i', 0, 0, 0, 0]));

        var read = ModelInferRequestReader.Read(request, s_signature);

        Assert.True(read.BinaryOutputs);
        Assert.Equal([1.5f, -2f], read.Inputs["x"].As<float>());
        Assert.Equal([(Half)0.5, (Half)3], read.Inputs["h"].As<Half>());
        Assert.Equal(["hi", ""], read.Inputs["image"].As<byte[]>().Select(Encoding.ASCII.GetString));
    }

    [Fact]
    public void Read_RequestedOutputs_KeptInRequestOrder()
    {
        var request = Request(Input("x", "FP32", [1, 2], c => c.Fp32Contents.AddRange([1f, 2f])));
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "label" });
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "y" });

        var read = ModelInferRequestReader.Read(request, s_signature);

        Assert.Equal(["label", "y"], read.Outputs.Select(o => o.Name));
    }

    public static TheoryData<ModelInferRequest, string> InvalidRequests => new()
    {
        { Request(), "The request has no inputs; send each input's name, datatype, shape and contents" },
        { Request(Input("x", "INT32", [1, 2], c => c.IntContents.AddRange([1, 2]))), "Input 'x' has datatype INT32 but the model expects FP32" },
        { Request(Input("x", "FLOAT", [1, 2])), "Input 'x' has unknown datatype 'FLOAT'; use BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64 or BYTES" },
        { Request(Input("", "FP32", [1])), "inputs[0] has no name" },
        { Request(Input("x", "", [1])), "Input 'x' has no datatype" },
        { Request(Input("x", "FP32", [3], c => c.Fp32Contents.AddRange([1f, 2f]))), "Input 'x' has shape [3] (3 elements) but 2 elements in contents.fp32_contents" },
        { Request(Input("x", "FP32", [2])), "Input 'x' has no data (neither contents.fp32_contents nor raw_input_contents)" },
        { Request(Input("x", "FP32", [1], c => c.Fp64Contents.Add(1))), "Input 'x' has datatype FP32 but carries contents.fp64_contents; its elements go in contents.fp32_contents" },
        { Request(Input("x", "FP32", [-1, 2])), "Input 'x' has shape [-1,2]; every dimension must be a non-negative integer" },
        { Request(Input("x", "FP32", [1L << 40, 1L << 40])), "Input 'x' has shape [1099511627776,1099511627776], more elements than one tensor can hold (2147483591 at most, 2147483647 bytes)" },
        { Request(Input("b", "INT8", [2], c => c.IntContents.AddRange([1, 300]))), "Input 'b' element 1 is 300, which is not a valid INT8 value" },
        { Request(Input("h", "FP16", [1], c => c.Fp32Contents.Add(1))), "Input 'h' has datatype FP16, which travels only in raw_input_contents (InferTensorContents has no 16-bit float field)" },
        { Request(Input("x", "FP32", [1], c => c.Fp32Contents.Add(1)), Input("x", "FP32", [1], c => c.Fp32Contents.Add(1))), "Input 'x' is given twice" },
        { WithOutput(Request(Input("x", "FP32", [1, 2], c => c.Fp32Contents.AddRange([1f, 2f]))), "z"), "Unknown output 'z'; the model's outputs are: y, label" },
        { WithOutput(Request(Input("x", "FP32", [1, 2], c => c.Fp32Contents.AddRange([1f, 2f]))), ""), "outputs[0] has no name" },
        { WithRaw(Request(Input("x", "FP32", [1, 2])), new byte[4]), "Input 'x' has raw_input_contents size 4 but shape [1,2] of FP32 needs 8 bytes" },
        { WithRaw(Request(Input("x", "FP32", [1, 2]), Input("b", "INT8", [1])), new byte[8]), "The request has 1 raw_input_contents for 2 inputs; send one per input, in the order of inputs" },
        { WithRaw(Request(Input("x", "FP32", [1, 2], c => c.Fp32Contents.AddRange([1f, 2f]))), new byte[8]), "Input 'x' has contents but the request uses raw_input_contents; send every input's data one way" },
        { WithRaw(Request(Input("image", "BYTES", [1])), [9, 0, 0, 0, 1]), "Input 'image' element 0 claims 9 bytes but only 1 remain" },
        { WithRaw(Request(Input("image", "BYTES", [1_000_000])), [0, 0, 0, 0]), "Input 'image' has shape [1000000] (1000000 elements) but more elements than its binary data holds" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Read_InvalidRequest_IsInvalidInputNamingWhatIsWrong(ModelInferRequest request, string message)
    {
        var exception = Assert.Throws<ServingException>(() => ModelInferRequestReader.Read(request, s_signature));

        Assert.Equal(ServingErrorKind.InvalidInput, exception.Kind);
        Assert.Equal(message, exception.Message);
    }

    private static ModelInferRequest Request(params ModelInferRequest.Types.InferInputTensor[] inputs)
    {
        var request = new ModelInferRequest { ModelName = "m" };
        request.Inputs.AddRange(inputs);
        return request;
    }

    private static ModelInferRequest.Types.InferInputTensor Input(string name, string datatype, long[] shape, Action<InferTensorContents>? fill = null)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = datatype };
        input.Shape.AddRange(shape);
        if (fill is not null)
        {
            input.Contents = new InferTensorContents();
            fill(input.Contents);
        }

        return input;
    }

    private static ModelInferRequest WithOutput(ModelInferRequest request, string name)
    {
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = name });
        return request;
    }

    private static ModelInferRequest WithRaw(ModelInferRequest request, byte[] raw)
    {
        request.RawInputContents.Add(ByteString.CopyFrom(raw));
        return request;
    }

    private static ByteString Raw(SpanAction write, int length)
    {
        var bytes = new byte[length];
        write(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private delegate void SpanAction(Span<byte> bytes);
}
