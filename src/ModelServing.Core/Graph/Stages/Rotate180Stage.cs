using System.Text.Json.Nodes;
using ModelServing.Core.Configuration;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph.Stages;

/// <summary>
/// <c>rotate180</c>: turns each image whose top <c>topK</c> label is <c>label</c> with a score of at least <c>threshold</c>
/// by 180 degrees (PaddleOCR's text-line classifier step, <c>cls_thresh</c> 0.9). Outputs <c>image</c> and <c>rotated</c>.
/// </summary>
internal sealed class Rotate180Stage(string label, double threshold, GraphValueSpec images, string? fanOut) : IGraphStage
{
    public IReadOnlyDictionary<string, GraphValueSpec> Outputs { get; } = new Dictionary<string, GraphValueSpec>
    {
        ["image"] = images,
        ["rotated"] = new(new TensorSpec("rotated", TensorDataType.Bool, -1), fanOut),
    };

    public IReadOnlyDictionary<string, GraphValue> Run(IReadOnlyDictionary<string, GraphValue> inputs, ServingContext context)
    {
        var source = inputs["image"];
        var labels = inputs["orientation"].Tensor!.As<JsonNode?>();
        var images = new PixelImage[source.Rows];
        var rotated = new bool[source.Rows];
        for (var i = 0; i < images.Length; i++)
        {
            var best = labels[i] is JsonArray { Count: > 0 } top ? top[0] : null;
            rotated[i] = best?["label"]?.ToString() == label && JsonNumber.Read(best["score"]) >= threshold;
            images[i] = rotated[i] ? Turn(source.Images![i]) : source.Images![i];
        }

        return new Dictionary<string, GraphValue>
        {
            ["image"] = GraphValue.Of(images, source.Parents),
            ["rotated"] = GraphValue.Of(TensorData.Create(TensorDataType.Bool, rotated, rotated.Length), source.Parents),
        };
    }

    /// <summary>The image turned by 180 degrees: the pixel order reversed, each pixel's three bytes kept.</summary>
    internal static PixelImage Turn(PixelImage image)
    {
        var count = image.Width * image.Height;
        var turned = new byte[count * 3];
        for (int i = 0, j = (count - 1) * 3; i < count * 3; i += 3, j -= 3)
        {
            turned[j] = image.Rgb[i];
            turned[j + 1] = image.Rgb[i + 1];
            turned[j + 2] = image.Rgb[i + 2];
        }

        return new PixelImage(turned, image.Width, image.Height);
    }

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "rotate180";

        public ServingStageKind Kind => ServingStageKind.Graph;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader, "label", "threshold");
            var label = parameters.String("label") ?? "180";
            var threshold = parameters.Number("threshold", 0.9, 0, 1);
            return parameters.Valid
                ? new GraphStageDefinition(config, ["image", "orientation"], inputs =>
                {
                    var images = GraphStageChecks.Images(Name, inputs, "image");
                    var orientation = GraphStageChecks.Tensor(Name, inputs, "orientation", TensorDataType.Json, images.FanOut is not null);
                    if (orientation.FanOut != images.FanOut)
                    {
                        throw new ModelLoadException($"stage '{Name}': 'image' is {images.Describe()} but 'orientation' is {orientation.Describe()}");
                    }

                    return new Rotate180Stage(label, threshold, images, images.FanOut);
                })
                : null;
        }
    }
}
