using System.Text.Json.Nodes;
using ModelServing.Core.Configuration;
using ModelServing.Core.Errors;
using ModelServing.Core.PostProcessing;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline.Stages;

/// <summary>
/// <c>ctcGreedy</c>: decodes a CTC text recognizer's class probabilities <c>[N,T,C]</c> into one
/// <c>{"text": ..., "confidence": ...}</c> per instance (greedy best path over a dictionary, as PaddleOCR's <c>CTCLabelDecode</c>).
/// </summary>
internal sealed class CtcGreedyStage(TensorSpec output, CtcDictionary dictionary) : IOutputStage
{
    public TensorSpec Output { get; } = output;

    public TensorData Process(TensorData source, ServingContext context)
    {
        var batch = (int)source.Shape[0];
        var steps = (int)source.Shape[1];
        if (source.Shape[2] != dictionary.ClassCount)
        {
            // Checked at load when the model declares the class count; a model that only reveals it when it runs lands here.
            throw new ServingException(
                ServingErrorKind.RuntimeFailure,
                $"stage 'ctcGreedy': the model produced {source.Shape[2]} classes but the dictionary has {dictionary.ClassCount}");
        }

        var probabilities = source.As<float>();
        var rowLength = steps * dictionary.ClassCount;
        var rows = new JsonNode?[batch];
        for (var n = 0; n < batch; n++)
        {
            var (text, confidence) = CtcGreedy.Decode(probabilities.AsSpan(n * rowLength, rowLength), steps, dictionary);
            rows[n] = new JsonObject { ["text"] = text, ["confidence"] = confidence };
        }

        return TensorData.Create(TensorDataType.Json, rows, batch);
    }

    internal sealed class Factory : IServingStageFactory
    {
        public string Name => "ctcGreedy";

        public ServingStageKind Kind => ServingStageKind.Output;

        public IServingStageDefinition? Parse(ServingStageConfig config, ConfigReader reader)
        {
            var parameters = new StageParameters(config, reader, "dictionary", "spaceCharacter");
            var appendSpace = parameters.Boolean("spaceCharacter", true);
            CtcDictionary? dictionary = null;
            if (parameters.Raw("dictionary") is null)
            {
                parameters.Error("dictionary", "is required: a file in the model directory with one character per line");
            }
            else if (parameters.File("dictionary") is { } path)
            {
                try
                {
                    dictionary = CtcDictionary.Load(path, appendSpace);
                }
                catch (ModelLoadException ex)
                {
                    parameters.Error("dictionary", ex.Message);
                }
            }

            return parameters.Valid && dictionary is not null
                ? new OutputStageDefinition(config, (source, name) => Build(source, name, dictionary, appendSpace))
                : null;
        }

        private static CtcGreedyStage Build(TensorSpec source, string name, CtcDictionary dictionary, bool appendSpace)
        {
            if (source.DataType != TensorDataType.Float || source.Shape.Count != 3)
            {
                throw new ModelLoadException(
                    $"stage 'ctcGreedy' needs float class probabilities [N,T,C], but '{source.Name}' is {TensorDataTypes.TensorFlowName(source.DataType)} [{string.Join(',', source.Shape)}]");
            }

            var classes = source.Shape[2];
            if (classes >= 0 && classes != dictionary.ClassCount)
            {
                var characters = dictionary.ClassCount - 1 - (appendSpace ? 1 : 0);
                throw new ModelLoadException(
                    $"stage 'ctcGreedy': '{source.Name}' has {classes} classes but the dictionary gives {dictionary.ClassCount} "
                    + $"(the blank, {characters} characters{(appendSpace ? " and a space" : string.Empty)}); check params.dictionary and params.spaceCharacter");
            }

            return new CtcGreedyStage(new TensorSpec(name, TensorDataType.Json, [source.Shape[0]], source.DimensionNames.Take(1).ToArray()), dictionary);
        }
    }
}
