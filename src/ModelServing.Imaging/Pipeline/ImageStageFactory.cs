using ModelServing.Core.Configuration;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Imaging.Pipeline;

/// <summary>Creates <c>image</c> input stages from model configs.</summary>
internal sealed class ImageStageFactory : IServingStageFactory
{
    public string Name => "image";

    public ServingStageKind Kind => ServingStageKind.Input;

    public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
    {
        var parameters = new StageParameters(config, reader, ImageStageParameters.Known);
        var (spec, target, channels, maxPixelsPerRequest) = ImageStageParameters.Read(parameters);
        return parameters.Valid
            ? new InputStageDefinition(config, (modelInput, publicName) => Build(modelInput, publicName, spec, target, channels, maxPixelsPerRequest))
            : null;
    }

    private static ImageInputStage Build(
        TensorSpec modelInput, string publicName, ImagePreprocessSpec spec, ImageTargetSize? target, int? channels, long? maxPixelsPerRequest)
    {
        if (modelInput.DataType is not (TensorDataType.Float or TensorDataType.UInt8 or TensorDataType.Float16))
        {
            throw new ModelLoadException($"stage 'image' fills float32, uint8 or float16 inputs, but '{modelInput.Name}' is {TensorDataTypes.TensorFlowName(modelInput.DataType)}");
        }

        if (modelInput.Shape.Count != 4)
        {
            throw new ModelLoadException($"stage 'image' fills a 4-dimensional input (batch, channels, height, width), but '{modelInput.Name}' has {modelInput.Shape.Count} dimensions");
        }

        var nchw = spec.Layout == TensorLayout.Nchw;
        var (channelDim, heightDim, widthDim) = nchw ? (1, 2, 3) : (3, 1, 2);
        var modelChannels = modelInput.Shape[channelDim];
        var resolvedChannels = channels ?? (modelChannels is 1 ? 1 : 3);
        if (modelChannels >= 0 && modelChannels != resolvedChannels)
        {
            throw new ModelLoadException($"stage 'image' writes {resolvedChannels} channels but input '{modelInput.Name}' has {modelChannels} in the {(nchw ? "NCHW" : "NHWC")} layout; check params.layout and params.channels");
        }

        var modelHeight = modelInput.Shape[heightDim];
        var modelWidth = modelInput.Shape[widthDim];
        if (target is null)
        {
            target = modelHeight > 0 && modelWidth > 0
                ? ImageTargetSize.Fixed((int)modelHeight, (int)modelWidth)
                : throw new ModelLoadException($"input '{modelInput.Name}' has dynamic height or width: set params.size of stage 'image'");
        }

        var elementType = modelInput.DataType switch
        {
            TensorDataType.UInt8 => ImageElementType.UInt8,
            TensorDataType.Float16 => ImageElementType.Float16,
            _ => ImageElementType.Float32,
        };
        var resolved = spec with { Target = target, Channels = resolvedChannels, ElementType = elementType };
        if (resolved.Mean.Length != resolvedChannels || resolved.Std.Length != resolvedChannels)
        {
            resolved = resolved with
            {
                Mean = resolved.Mean.Length == resolvedChannels ? resolved.Mean : new float[resolvedChannels],
                Std = resolved.Std.Length == resolvedChannels ? resolved.Std : [.. Enumerable.Repeat(1f, resolvedChannels)],
            };
        }

        if (resolved.Validate() is { Count: > 0 } problems)
        {
            // Parameters are checked one by one when the config is read; this catches what only the model input decides.
            throw new ModelLoadException($"stage 'image' cannot fill '{modelInput.Name}': {string.Join("; ", problems)}");
        }

        var publicInput = new TensorSpec(publicName, TensorDataType.String, [-1], [modelInput.DimensionNames.Count > 0 ? modelInput.DimensionNames[0] : string.Empty]);
        return new ImageInputStage(publicInput, resolved, modelInput.DataType, modelInput, maxPixelsPerRequest);
    }
}
