using System.Text.Json.Nodes;
using ModelServing.Core.Configuration;
using ModelServing.Core.PostProcessing;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline.Stages;

/// <summary>
/// <c>topK</c>: the <c>k</c> best classes of each row as <c>[{"label": ..., "score": ...}]</c>, best first, with labels from a
/// file (JSON list or one label per line) or the class index when there is none. <c>softmax: true</c> turns logits into
/// probabilities first.
/// </summary>
internal sealed class TopKStage(TensorSpec output, int k, LabelMap? labels, bool softmax) : IOutputStage
{
    public TensorSpec Output { get; } = output;

    public TensorData Process(TensorData source, ServingContext context)
    {
        var scores = softmax ? Softmax.ApplyLastAxis(source) : source;
        var result = TopK.LastAxis(scores, k);
        var rows = new JsonNode?[result.Rows];
        for (var row = 0; row < result.Rows; row++)
        {
            var items = new JsonArray();
            var indices = result.RowIndices(row);
            var values = result.RowScores(row);
            for (var i = 0; i < indices.Length; i++)
            {
                items.Add(new JsonObject
                {
                    ["label"] = labels is null ? JsonValue.Create(indices[i]) : JsonValue.Create(labels[indices[i]]),
                    ["score"] = JsonValue.Create(values[i]),
                });
            }

            rows[row] = items;
        }

        return TensorData.Create(TensorDataType.Json, rows, [.. source.Shape.Take(source.Shape.Count - 1)]);
    }

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "topK";

        public ServingStageKind Kind => ServingStageKind.Output;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader, "k", "labels", "softmax");
            var k = parameters.Integer("k", 1, 1, 10_000);
            var softmax = parameters.Boolean("softmax", false);
            LabelMap? labels = null;
            if (parameters.File("labels") is { } path)
            {
                try
                {
                    labels = LabelMap.Load(path);
                }
                catch (Runtime.ModelLoadException ex)
                {
                    parameters.Error("labels", ex.Message);
                }
            }

            return parameters.Valid
                ? new OutputStageDefinition(config, (source, name) =>
                {
                    StageChecks.RequireFloat(Name, source);
                    return new TopKStage(StageChecks.WithoutLastAxis(name, TensorDataType.Json, source), k, labels, softmax);
                })
                : null;
        }
    }
}
