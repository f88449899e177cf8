using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Protocols.TensorFlowServing;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Grpc.TensorFlowServing;

/// <summary>TF Serving's <see cref="ModelSpec"/> in the data plane's terms, both ways.</summary>
internal static class ModelSpecs
{
    /// <summary>The model and version <paramref name="spec"/> names: a version number, a label, or the latest.</summary>
    /// <exception cref="ServingException">No model spec (TF Serving: <c>Missing ModelSpec</c>).</exception>
    public static ModelTarget Target(ModelSpec? spec)
    {
        if (spec is null)
        {
            throw ServingException.Invalid("Missing ModelSpec");
        }

        var selector = spec.VersionChoiceCase switch
        {
            ModelSpec.VersionChoiceOneofCase.Version => VersionSelector.ForVersion(spec.Version!.Value),
            ModelSpec.VersionChoiceOneofCase.VersionLabel => VersionSelector.ForLabel(spec.VersionLabel),
            _ => VersionSelector.Latest,
        };
        return new ModelTarget(spec.Name, selector);
    }

    /// <summary>Refuses a signature other than the one an ONNX model has, as TF Serving refuses an unknown one.</summary>
    public static void CheckSignature(string signatureName)
    {
        if (signatureName.Length > 0 && signatureName != TensorFlowServingJson.DefaultSignature)
        {
            throw new ServingException(ServingErrorKind.FailedPrecondition, $"Serving signature name: \"{signatureName}\" not found in signature def");
        }
    }

    /// <summary>The model spec TF Serving puts in an answer: the name, the version that served and the signature used.</summary>
    public static ModelSpec Answered(string name, long version) =>
        new() { Name = name, Version = version, SignatureName = TensorFlowServingJson.DefaultSignature };
}
