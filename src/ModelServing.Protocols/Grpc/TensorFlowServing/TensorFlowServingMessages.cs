using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;
using Tensorflow;
using Tensorflow.Serving;
using CoreStatus = ModelServing.Core.Repository.ModelVersionStatus;
using WireStatus = Tensorflow.Serving.ModelVersionStatus;

namespace ModelServing.Protocols.Grpc.TensorFlowServing;

/// <summary>TF Serving's gRPC metadata and status messages, built from the data plane's answers as the REST documents are.</summary>
public static class TensorFlowServingMessages
{
    /// <summary>The metadata field TF Serving supports, and the key of its value in the answer.</summary>
    public const string SignatureDefField = "signature_def";

    /// <summary>The <c>signature_def</c> map of a version: its one predict signature, <c>serving_default</c>.</summary>
    public static SignatureDefMap SignatureDefs(ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var def = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        foreach (var spec in signature.Inputs)
        {
            def.Inputs[spec.Name] = Info(spec);
        }

        foreach (var spec in signature.Outputs)
        {
            def.Outputs[spec.Name] = Info(spec);
        }

        return new SignatureDefMap { SignatureDef = { [TensorFlowServingJson.DefaultSignature] = def } };
    }

    /// <summary>The answer to GetModelStatus: one entry per version, as <c>GET /v1/models/{name}</c> lists them.</summary>
    public static GetModelStatusResponse Status(IReadOnlyList<CoreStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var response = new GetModelStatusResponse();
        foreach (var status in statuses)
        {
            response.ModelVersionStatus.Add(new WireStatus
            {
                Version = status.Version,
                State = (WireStatus.Types.State)(int)status.State,
                Status = new StatusProto { ErrorCode = ErrorCode(status.ErrorCode), ErrorMessage = status.ErrorMessage },
            });
        }

        return response;
    }

    /// <summary>The model spec of a metadata answer: name and version (TF Serving leaves the signature empty there).</summary>
    public static ModelSpec MetadataSpec(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new ModelSpec { Name = metadata.Name, Version = metadata.Version };
    }

    private static TensorInfo Info(TensorSpec spec) => new()
    {
        Name = spec.Name,
        Dtype = TensorProtoTypes.ToTensorFlow(spec.DataType),
        TensorShape = TensorProtoWriter.Shape(spec.Shape, spec.DimensionNames),
    };

    /// <summary>The canonical code named <paramref name="name"/> (<c>OK</c>, <c>INVALID_ARGUMENT</c>...); UNKNOWN for any other name.</summary>
    private static Tensorflow.Error.Code ErrorCode(string name) =>
        Tensorflow.Error.ErrorCodesReflection.Descriptor.EnumTypes[0].FindValueByName(name) is { } value
            ? (Tensorflow.Error.Code)value.Number
            : Tensorflow.Error.Code.Unknown;
}
