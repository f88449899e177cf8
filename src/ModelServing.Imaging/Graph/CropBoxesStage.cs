using System.Text.Json.Nodes;
using ModelServing.Core.Configuration;
using ModelServing.Core.Errors;
using ModelServing.Core.Graph;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.Imaging.Graph;

/// <summary>
/// <c>cropBoxes</c>: the fan-out of a text pipeline. Decodes each instance's <c>image</c> once and cuts one item per box of
/// its <c>boxes</c> (<c>dbBoxes</c> output, four corners in page pixels), perspective-rectified (<see cref="PerspectiveCrop"/>),
/// grown first by <c>margin</c> times the box's shorter side on every side (default 0: PaddleOCR's tight crop).
/// Outputs per item: <c>image</c> (the crop), <c>box</c> (its corners) and <c>score</c>.
/// </summary>
internal sealed class CropBoxesStage(string fanOut, double tallRatio, double margin) : IGraphStage
{
    public IReadOnlyDictionary<string, GraphValueSpec> Outputs { get; } = new Dictionary<string, GraphValueSpec>
    {
        ["image"] = new(null, fanOut),
        ["box"] = new(new TensorSpec("box", TensorDataType.Json, -1), fanOut),
        ["score"] = new(new TensorSpec("score", TensorDataType.Float, -1), fanOut),
    };

    public IReadOnlyDictionary<string, GraphValue> Run(IReadOnlyDictionary<string, GraphValue> inputs, ServingContext context)
    {
        var pages = inputs["image"].Tensor!.As<byte[]>();
        var boxes = inputs["boxes"].Tensor!.As<JsonNode?>();
        var crops = new List<PixelImage>();
        var corners = new List<JsonNode?>();
        var scores = new List<float>();
        var parents = new List<int>();
        Span<(double X, double Y)> quad = stackalloc (double, double)[4];
        for (var n = 0; n < pages.Length; n++)
        {
            if (boxes[n] is not JsonArray { Count: > 0 } list)
            {
                continue;
            }

            var page = Decode(pages[n], n);
            foreach (var box in list)
            {
                var points = box!["points"]!.AsArray();
                for (var k = 0; k < 4; k++)
                {
                    quad[k] = (JsonNumber.Read(points[k]![0]), JsonNumber.Read(points[k]![1]));
                }

                crops.Add(PerspectiveCrop.Crop(page, quad, tallRatio, margin));
                corners.Add(points.DeepClone());
                scores.Add((float)JsonNumber.Read(box["score"]));
                parents.Add(n);
            }
        }

        int[] parentRows = [.. parents];
        return new Dictionary<string, GraphValue>
        {
            ["image"] = GraphValue.Of(crops, parentRows),
            ["box"] = GraphValue.Of(TensorData.Create(TensorDataType.Json, corners.ToArray(), corners.Count), parentRows),
            ["score"] = GraphValue.Of(TensorData.FromFloats([.. scores], scores.Count), parentRows),
        };
    }

    private static PixelImage Decode(byte[] encoded, int instance)
    {
        try
        {
            var header = ImageDecoder.ReadHeader(encoded);
            var rgb = new byte[checked(header.Width * header.Height * 3)];
            ImageDecoder.Decode(encoded, DecodedPixelFormat.Rgb24, rgb);
            return new PixelImage(rgb, header.Width, header.Height);
        }
        catch (ImageDecodeException ex)
        {
            throw new ServingException(ServingErrorKind.InvalidInput, $"Invalid image in instance {instance} of input 'image': {ex.Message}", ex);
        }
    }

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "cropBoxes";

        public ServingStageKind Kind => ServingStageKind.Graph;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader, "tallRatio", "margin");
            var tallRatio = parameters.Number("tallRatio", 1.5, 1, 100);
            var margin = parameters.Number("margin", 0, 0, 1);
            return parameters.Valid
                ? new GraphStageDefinition(config, ["image", "boxes"], inputs =>
                {
                    GraphStageChecks.Tensor(Name, inputs, "image", TensorDataType.String, perItem: false);
                    GraphStageChecks.Tensor(Name, inputs, "boxes", TensorDataType.Json, perItem: false);
                    return new CropBoxesStage(config.Name, tallRatio, margin);
                })
                : null;
        }
    }
}
