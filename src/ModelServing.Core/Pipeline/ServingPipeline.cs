using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline;

/// <summary>
/// A model version's serving function, built against its signature: what clients send and receive
/// (<see cref="PublicSignature"/>), and the stages that convert between that and the model's own tensors.
/// </summary>
/// <remarks>Immutable and thread-safe. A model without a serving function gets a pipeline that passes tensors through.</remarks>
public sealed partial class ServingPipeline
{
    private readonly IReadOnlyList<(string ModelInput, IInputStage Stage)> _inputStages;
    private readonly IReadOnlyList<(string Source, IOutputStage Stage)> _outputStages;

    private ServingPipeline(
        ModelSignature publicSignature,
        IReadOnlyList<(string, IInputStage)> inputStages,
        IReadOnlyList<(string, IOutputStage)> outputStages,
        IReadOnlyList<ServingStageConfig> stages)
    {
        PublicSignature = publicSignature;
        _inputStages = inputStages;
        _outputStages = outputStages;
        Stages = stages;
    }

    /// <summary>The inputs clients send and the outputs they receive.</summary>
    public ModelSignature PublicSignature { get; }

    /// <summary>The stages with their names resolved, in order (inputs first), for metadata.</summary>
    public IReadOnlyList<ServingStageConfig> Stages { get; }

    /// <summary>True when the model has a serving function.</summary>
    public bool HasStages => Stages.Count > 0;

    /// <summary>Builds the pipeline of <paramref name="function"/> (or a pass-through one when null) for a model.</summary>
    /// <exception cref="ModelLoadException">A stage does not fit the model; the message names the stage entry.</exception>
    public static ServingPipeline Build(ServingFunctionConfig? function, ModelSignature model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (function is null || (function.Inputs.Count == 0 && function.Outputs.Count == 0))
        {
            return new ServingPipeline(model, [], [], []);
        }

        var stages = new List<ServingStageConfig>();
        var publicInputs = model.Inputs.ToList();
        var inputStages = new List<(string, IInputStage)>();
        foreach (var definition in function.Inputs)
        {
            var config = definition.Config;
            var tensor = config.Tensor.Length > 0 ? config.Tensor : SingleName(model.Inputs, config, "input");
            var index = publicInputs.FindIndex(i => i.Name == tensor);
            if (model.FindInput(tensor) is not { } modelInput || index < 0)
            {
                throw new ModelLoadException($"{config.Path}: the model has no input '{tensor}' (or another stage fills it already)");
            }

            var publicName = config.Name.Length > 0 ? config.Name : tensor;
            var stage = definition.Build(modelInput, publicName);
            EnsureFits(config, stage.ModelInput, modelInput);
            publicInputs[index] = stage.PublicInput;
            inputStages.Add((tensor, stage));
            stages.Add(config with { Tensor = tensor, Name = publicName });
        }

        var duplicate = publicInputs.GroupBy(i => i.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ModelLoadException($"servingFunction.inputs: two inputs would both be named '{duplicate.Key}'");
        }

        var available = model.Outputs.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var publicOutputs = new List<TensorSpec>();
        var outputStages = new List<(string, IOutputStage)>();
        foreach (var definition in function.Outputs)
        {
            var config = definition.Config;
            var source = config.Tensor.Length > 0
                ? config.Tensor
                : outputStages.Count > 0 ? outputStages[^1].Item2.Output.Name : SingleName(model.Outputs, config, "output");
            if (!available.TryGetValue(source, out var sourceSpec))
            {
                throw new ModelLoadException($"{config.Path}: there is no model output or earlier stage output named '{source}'");
            }

            var name = config.Name.Length > 0 ? config.Name : source;
            var stage = definition.Build(sourceSpec, name);
            available[name] = stage.Output;
            var existing = publicOutputs.FindIndex(o => o.Name == name);
            if (existing >= 0)
            {
                publicOutputs[existing] = stage.Output;
            }
            else
            {
                publicOutputs.Add(stage.Output);
            }

            outputStages.Add((source, stage));
            stages.Add(config with { Tensor = source, Name = name });
        }

        var outputs = outputStages.Count == 0 ? model.Outputs : publicOutputs;
        return new ServingPipeline(new ModelSignature(publicInputs, outputs), inputStages, outputStages, stages);
    }

    /// <summary>Turns the public inputs of a request into the model's inputs.</summary>
    public IReadOnlyDictionary<string, TensorData> PrepareInputs(IReadOnlyDictionary<string, TensorData> publicInputs, ServingContext context)
    {
        ArgumentNullException.ThrowIfNull(publicInputs);
        if (_inputStages.Count == 0)
        {
            return publicInputs;
        }

        var modelInputs = new Dictionary<string, TensorData>(publicInputs.Count, StringComparer.Ordinal);
        foreach (var (name, tensor) in publicInputs)
        {
            modelInputs[name] = tensor;
        }

        foreach (var (modelInput, stage) in _inputStages)
        {
            var publicName = stage.PublicInput.Name;
            var converted = stage.Process(publicInputs[publicName], context);
            modelInputs.Remove(publicName);
            modelInputs[modelInput] = converted;
        }

        return modelInputs;
    }

    /// <summary>Turns the model's outputs into the outputs clients receive, in <see cref="PublicSignature"/> order.</summary>
    public IReadOnlyList<KeyValuePair<string, TensorData>> FinishOutputs(IReadOnlyDictionary<string, TensorData> modelOutputs, ServingContext context)
    {
        ArgumentNullException.ThrowIfNull(modelOutputs);
        var values = new Dictionary<string, TensorData>(modelOutputs, StringComparer.Ordinal);
        foreach (var (source, stage) in _outputStages)
        {
            values[stage.Output.Name] = stage.Process(values[source], context);
        }

        var ordered = new List<KeyValuePair<string, TensorData>>(PublicSignature.Outputs.Count);
        foreach (var spec in PublicSignature.Outputs)
        {
            if (values.TryGetValue(spec.Name, out var tensor))
            {
                ordered.Add(new(spec.Name, tensor));
            }
        }

        return ordered;
    }

    /// <summary>
    /// A stage's declared output must fit the model input it fills: checked here, once per version, instead of checking
    /// every request's model inputs (requests are checked once, against the public signature, before they are queued).
    /// </summary>
    private static void EnsureFits(ServingStageConfig config, TensorSpec produced, TensorSpec modelInput)
    {
        var fits = produced.Name == modelInput.Name && produced.DataType == modelInput.DataType && produced.Shape.Count == modelInput.Shape.Count;
        for (var d = 0; fits && d < produced.Shape.Count; d++)
        {
            fits = modelInput.Shape[d] < 0 || produced.Shape[d] == modelInput.Shape[d];
        }

        if (!fits)
        {
            throw new ModelLoadException(
                $"{config.Path}: stage '{config.Stage}' produces '{produced.Name}' {TensorDataTypes.TensorFlowName(produced.DataType)} {InputValidator.FormatShape(produced.Shape)}, "
                + $"but the model input '{modelInput.Name}' is {TensorDataTypes.TensorFlowName(modelInput.DataType)} {InputValidator.FormatShape(modelInput.Shape)}");
        }
    }

    private static string SingleName(IReadOnlyList<TensorSpec> tensors, ServingStageConfig config, string what) =>
        tensors.Count == 1
            ? tensors[0].Name
            : throw new ModelLoadException($"{config.Path}: the model has {tensors.Count} {what}s; name the one this stage uses in 'tensor'");
}
