using System.Buffers;
using System.Text.Json.Nodes;
using ModelServing.Core.Configuration;
using ModelServing.Core.Errors;
using ModelServing.Core.PostProcessing;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline.Stages;

/// <summary>
/// <c>dbBoxes</c>: turns a DB text detector's probability map <c>[N,1,H,W]</c> into text boxes per image,
/// <c>[{"points": [[x,y] x4], "score": s}]</c>, in the coordinates of the image as sent (the image stage records how
/// each image was resized and padded).
/// </summary>
internal sealed class DbBoxesStage(TensorSpec output, DbOptions options, string? imageTensor) : IOutputStage
{
    public TensorSpec Output { get; } = output;

    public TensorData Process(TensorData source, ServingContext context)
    {
        if (!context.TryGetImageRegions(imageTensor, out var regions))
        {
            throw new ServingException(ServingErrorKind.FailedPrecondition, "stage 'dbBoxes' needs an image input stage before the model");
        }

        var batch = (int)source.Shape[0];
        var height = (int)source.Shape[2];
        var width = (int)source.Shape[3];
        var map = source.As<float>();
        var rows = new JsonNode?[batch];
        for (var n = 0; n < batch; n++)
        {
            var region = regions[n];
            var contentHeight = Math.Min(region.ContentHeight, height - region.OffsetY);
            var contentWidth = Math.Min(region.ContentWidth, width - region.OffsetX);
            var buffer = ArrayPool<float>.Shared.Rent(contentHeight * contentWidth);
            try
            {
                var plane = map.AsSpan(n * height * width, height * width);
                for (var y = 0; y < contentHeight; y++)
                {
                    plane.Slice(((y + region.OffsetY) * width) + region.OffsetX, contentWidth).CopyTo(buffer.AsSpan(y * contentWidth, contentWidth));
                }

                var boxes = DbPostProcessor.Extract(
                    buffer.AsSpan(0, contentHeight * contentWidth), contentHeight, contentWidth, options,
                    region.ScaleX, region.ScaleY, region.OriginalWidth, region.OriginalHeight);
                rows[n] = ToJson(boxes);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }

        return TensorData.Create(TensorDataType.Json, rows, batch);
    }

    private static JsonArray ToJson(IReadOnlyList<TextBox> boxes)
    {
        var array = new JsonArray();
        foreach (var box in boxes)
        {
            var points = new JsonArray();
            foreach (var (x, y) in box.Points)
            {
                points.Add(new JsonArray(JsonValue.Create(x), JsonValue.Create(y)));
            }

            array.Add(new JsonObject { ["points"] = points, ["score"] = JsonValue.Create(box.Score) });
        }

        return array;
    }

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "dbBoxes";

        public ServingStageKind Kind => ServingStageKind.Output;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader, "threshold", "boxThreshold", "unclipRatio", "maxCandidates", "minSize", "imageTensor");
            var defaults = new DbOptions();
            var options = defaults with
            {
                Threshold = (float)parameters.Number("threshold", defaults.Threshold, 0, 1),
                BoxThreshold = (float)parameters.Number("boxThreshold", defaults.BoxThreshold, 0, 1),
                UnclipRatio = (float)parameters.Number("unclipRatio", defaults.UnclipRatio, 0, 10),
                MaxCandidates = parameters.Integer("maxCandidates", defaults.MaxCandidates, 1, 100_000),
                MinSize = parameters.Integer("minSize", defaults.MinSize, 0, 10_000),
            };
            var imageTensor = parameters.String("imageTensor");
            return parameters.Valid
                ? new OutputStageDefinition(config, (source, name) =>
                {
                    if (source.DataType != TensorDataType.Float || source.Shape.Count != 4 || source.Shape[1] != 1)
                    {
                        throw new ModelLoadException($"stage 'dbBoxes' needs a float probability map [N,1,H,W], but '{source.Name}' has shape [{string.Join(',', source.Shape)}]");
                    }

                    return new DbBoxesStage(new TensorSpec(name, TensorDataType.Json, source.Shape[0]), options, imageTensor);
                })
                : null;
        }
    }
}
