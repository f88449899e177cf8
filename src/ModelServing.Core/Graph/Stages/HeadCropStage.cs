using ModelServing.Core.Configuration;
using ModelServing.Core.Pipeline;

namespace ModelServing.Core.Graph.Stages;

/// <summary>
/// <c>headCrop</c>: keeps the left part of each image, at most <c>maxAspect</c> times its height wide, and passes narrower
/// images through unchanged. A text-line orientation classifier squeezes a whole long line into its fixed input width and
/// misjudges it; the line's head, at its own scale, is what it was trained on.
/// </summary>
internal sealed class HeadCropStage(double maxAspect, GraphValueSpec images) : IGraphStage
{
    public IReadOnlyDictionary<string, GraphValueSpec> Outputs { get; } = new Dictionary<string, GraphValueSpec> { ["image"] = images };

    public IReadOnlyDictionary<string, GraphValue> Run(IReadOnlyDictionary<string, GraphValue> inputs, ServingContext context)
    {
        var source = inputs["image"];
        var heads = new PixelImage[source.Rows];
        for (var i = 0; i < heads.Length; i++)
        {
            heads[i] = Head(source.Images![i], maxAspect);
        }

        return new Dictionary<string, GraphValue> { ["image"] = GraphValue.Of(heads, source.Parents) };
    }

    /// <summary>The image's left part, at most <paramref name="maxAspect"/> times its height wide (the image itself when narrower).</summary>
    internal static PixelImage Head(PixelImage image, double maxAspect)
    {
        var width = (int)Math.Max(1, Math.Round(maxAspect * image.Height));
        if (width >= image.Width)
        {
            return image;
        }

        var rgb = new byte[width * image.Height * 3];
        for (var y = 0; y < image.Height; y++)
        {
            Array.Copy(image.Rgb, y * image.Width * 3, rgb, y * width * 3, width * 3);
        }

        return new PixelImage(rgb, width, image.Height);
    }

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "headCrop";

        public ServingStageKind Kind => ServingStageKind.Graph;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader, "maxAspect");
            var maxAspect = parameters.Number("maxAspect", 4, 0.1, 1000);
            return parameters.Valid
                ? new GraphStageDefinition(config, ["image"], inputs => new HeadCropStage(maxAspect, GraphStageChecks.Images(Name, inputs, "image")))
                : null;
        }
    }
}
