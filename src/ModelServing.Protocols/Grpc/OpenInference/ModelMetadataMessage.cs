using System.Globalization;
using Inference;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.OpenInference;

namespace ModelServing.Protocols.Grpc.OpenInference;

/// <summary>Builds the gRPC <see cref="ModelMetadataResponse"/>: the same name, versions, platform, datatypes and shapes as the REST document.</summary>
public static class ModelMetadataMessage
{
    /// <summary>The metadata of <paramref name="metadata"/>'s model, listing <paramref name="versions"/>; -1 marks a dynamic dimension.</summary>
    public static ModelMetadataResponse Create(ModelMetadata metadata, IEnumerable<long> versions)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var response = new ModelMetadataResponse { Name = metadata.Name, Platform = ModelMetadataJson.PlatformOf(metadata) };
        response.Versions.AddRange(versions.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        response.Inputs.AddRange(metadata.Signature.Inputs.Select(Tensor));
        response.Outputs.AddRange(metadata.Signature.Outputs.Select(Tensor));
        return response;
    }

    private static ModelMetadataResponse.Types.TensorMetadata Tensor(TensorSpec spec)
    {
        var tensor = new ModelMetadataResponse.Types.TensorMetadata { Name = spec.Name, Datatype = OpenInferenceDataTypes.Name(spec.DataType) };
        tensor.Shape.AddRange(spec.Shape);
        return tensor;
    }
}
