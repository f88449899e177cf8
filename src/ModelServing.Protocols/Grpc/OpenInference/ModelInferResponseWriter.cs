using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Inference;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.OpenInference;

namespace ModelServing.Protocols.Grpc.OpenInference;

/// <summary>Builds the gRPC <see cref="ModelInferResponse"/> from the data plane's result.</summary>
/// <remarks>
/// Outputs go in <c>raw_output_contents</c> when the request sent <c>raw_input_contents</c> or an output is FP16/BF16 (which
/// has no typed field), else in each output's typed <c>contents</c>; never both, as the protocol requires. Serving-function
/// outputs are BYTES of JSON texts with the parameter <c>content_type: application/json</c>, as on REST.
/// </remarks>
public static class ModelInferResponseWriter
{
    /// <summary>The response for <paramref name="outputs"/> (from <see cref="InferResponseWriter.Select"/>).</summary>
    public static ModelInferResponse Write(
        InferRequest request, InferenceResult result, IReadOnlyList<(string Name, TensorData Tensor, bool Binary)> outputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(outputs);
        var response = new ModelInferResponse
        {
            ModelName = result.ModelName,
            ModelVersion = result.Version.ToString(CultureInfo.InvariantCulture),
            Id = request.Id ?? string.Empty,
        };
        var raw = outputs.Any(o => o.Binary || ModelInferRequestReader.ContentsField(o.Tensor.DataType) is null && o.Tensor.DataType != TensorDataType.Json);
        foreach (var (name, tensor, _) in outputs)
        {
            var output = new ModelInferResponse.Types.InferOutputTensor { Name = name, Datatype = OpenInferenceDataTypes.Name(tensor.DataType) };
            output.Shape.AddRange(tensor.Shape);
            if (tensor.DataType == TensorDataType.Json)
            {
                output.Parameters.Add("content_type", new InferParameter { StringParam = "application/json" });
            }

            if (raw)
            {
                response.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(TensorDataEncoder.EncodeBinary(tensor)));
            }
            else
            {
                output.Contents = Contents(tensor);
            }

            response.Outputs.Add(output);
        }

        return response;
    }

    private static InferTensorContents Contents(TensorData tensor)
    {
        var contents = new InferTensorContents();
        switch (tensor.DataType)
        {
            case TensorDataType.Bool: contents.BoolContents.AddRange(tensor.As<bool>()); break;
            case TensorDataType.Int8: contents.IntContents.AddRange(tensor.As<sbyte>().Select(v => (int)v)); break;
            case TensorDataType.Int16: contents.IntContents.AddRange(tensor.As<short>().Select(v => (int)v)); break;
            case TensorDataType.Int32: contents.IntContents.AddRange(tensor.As<int>()); break;
            case TensorDataType.Int64: contents.Int64Contents.AddRange(tensor.As<long>()); break;
            case TensorDataType.UInt8: contents.UintContents.AddRange(tensor.As<byte>().Select(v => (uint)v)); break;
            case TensorDataType.UInt16: contents.UintContents.AddRange(tensor.As<ushort>().Select(v => (uint)v)); break;
            case TensorDataType.UInt32: contents.UintContents.AddRange(tensor.As<uint>()); break;
            case TensorDataType.UInt64: contents.Uint64Contents.AddRange(tensor.As<ulong>()); break;
            case TensorDataType.Float: contents.Fp32Contents.AddRange(tensor.As<float>()); break;
            case TensorDataType.Double: contents.Fp64Contents.AddRange(tensor.As<double>()); break;
            case TensorDataType.String: contents.BytesContents.AddRange(tensor.As<byte[]>().Select(ByteString.CopyFrom)); break;
            case TensorDataType.Json:
                contents.BytesContents.AddRange(tensor.As<JsonNode?>().Select(v => ByteString.CopyFrom(v?.ToJsonString() ?? "null", Encoding.UTF8)));
                break;
            default: throw new InvalidOperationException($"No typed contents for {tensor.DataType}.");
        }

        return contents;
    }
}
