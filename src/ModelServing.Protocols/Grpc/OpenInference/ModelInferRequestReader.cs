using Inference;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.OpenInference;

namespace ModelServing.Protocols.Grpc.OpenInference;

/// <summary>
/// Reads an Open Inference Protocol gRPC <see cref="ModelInferRequest"/> into the data plane's tensors, with the REST
/// reader's checks and messages: each input's typed <c>contents</c>, or every input's <c>raw_input_contents</c> (little-endian,
/// BOOL one byte, BYTES as 4-byte little-endian length + bytes, as Triton encodes them).
/// </summary>
/// <remarks>
/// Nothing is allocated from a declared shape before the data is known to hold that many elements, so a request never makes
/// the reader hold more than its own message (whose size the gRPC receive limit bounds). Row, image and tensor-byte limits
/// apply on the inference path, as for every protocol.
/// </remarks>
public static partial class ModelInferRequestReader
{
    /// <summary>What raw data is called in messages.</summary>
    private const string RawSizeName = "raw_input_contents size";

    /// <summary>Parses the request against the model's public signature.</summary>
    /// <returns>
    /// The request in the REST reader's terms; <see cref="InferRequest.BinaryOutputs"/> is true when the request used
    /// <c>raw_input_contents</c>, so the answer uses <c>raw_output_contents</c>.
    /// </returns>
    /// <exception cref="ServingException">Invalid input, naming the input or field at fault.</exception>
    public static InferRequest Read(ModelInferRequest request, ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signature);
        if (request.Inputs.Count == 0)
        {
            throw ServingException.Invalid("The request has no inputs; send each input's name, datatype, shape and contents");
        }

        var raw = request.RawInputContents.Count > 0;
        if (raw && request.RawInputContents.Count != request.Inputs.Count)
        {
            throw ServingException.Invalid(
                $"The request has {request.RawInputContents.Count} raw_input_contents for {request.Inputs.Count} inputs; send one per input, in the order of inputs");
        }

        var tensors = new Dictionary<string, TensorData>(request.Inputs.Count, StringComparer.Ordinal);
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            var header = InputHeader.Create(
                i, input.Name, input.Datatype, [.. input.Shape], raw ? request.RawInputContents[i].Length : null, false, -1, -1);
            if (tensors.ContainsKey(header.Name))
            {
                throw ServingException.Invalid($"Input '{header.Name}' is given twice");
            }

            header.CheckDataType(signature);
            Array data;
            if (raw)
            {
                if (HasElements(input.Contents))
                {
                    throw ServingException.Invalid(
                        $"Input '{header.Name}' has contents but the request uses raw_input_contents; send every input's data one way");
                }

                data = TensorDataCodec.DecodeBinary(request.RawInputContents[i].Span, header, RawSizeName);
            }
            else
            {
                data = DecodeContents(input.Contents, header);
            }

            tensors.Add(header.Name, TensorData.Create(header.DataType, data, header.Shape));
        }

        var outputs = ReadOutputs(request);
        InferRequestReader.CheckOutputs(outputs, signature);
        return new InferRequest(request.Id.Length > 0 ? request.Id : null, tensors, outputs, raw);
    }

    private static List<RequestedOutput> ReadOutputs(ModelInferRequest request)
    {
        var outputs = new List<RequestedOutput>(request.Outputs.Count);
        foreach (var output in request.Outputs)
        {
            // binary_data is the REST binary extension's; over gRPC the request's own encoding decides (see the README).
            outputs.Add(new RequestedOutput(
                output.Name.Length > 0 ? output.Name : throw ServingException.Invalid($"outputs[{outputs.Count}] has no name"), null));
        }

        return outputs;
    }
}
