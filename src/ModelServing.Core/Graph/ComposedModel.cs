using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

/// <summary>
/// A composed model's graph, checked against the models it calls: every value's type and shape, and which values are per
/// instance and which per item. Runs one request's steps in order (see <c>ComposedModel.Run.cs</c>).
/// </summary>
/// <remarks>
/// Thread-safe. Called models are reached through the data plane (<see cref="InferenceService"/>): a lease per call, and
/// their own scheduler, so the items of many requests batch together in the called model's batcher.
/// </remarks>
public sealed partial class ComposedModel
{
    private readonly string _name;
    private readonly GraphConfig _config;
    private readonly InferenceService _dataPlane;
    private readonly IGraphStage?[] _stages;
    private readonly Dictionary<string, GraphValueSpec>[] _outputs;

    private ComposedModel(string name, GraphConfig config, InferenceService dataPlane, IGraphStage?[] stages, Dictionary<string, GraphValueSpec>[] outputs, ModelSignature signature)
    {
        _name = name;
        _config = config;
        _dataPlane = dataPlane;
        _stages = stages;
        _outputs = outputs;
        Signature = signature;
    }

    /// <summary>The public inputs and outputs.</summary>
    public ModelSignature Signature { get; }

    /// <summary>Checks the graph against the AVAILABLE versions of the models it calls and builds its stages.</summary>
    /// <exception cref="ModelLoadException">A called model is not AVAILABLE, or a value does not fit where it goes; the message names the step.</exception>
    public static ComposedModel Build(string name, GraphConfig config, InferenceService dataPlane)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(dataPlane);
        var values = new Dictionary<string, GraphValueSpec>(StringComparer.Ordinal);
        foreach (var input in config.Inputs)
        {
            values[new GraphReference(GraphReference.InputsStep, input.Name).ToString()] = new GraphValueSpec(input.Spec, null);
        }

        var stages = new IGraphStage?[config.Steps.Count];
        var outputs = new Dictionary<string, GraphValueSpec>[config.Steps.Count];
        for (var i = 0; i < config.Steps.Count; i++)
        {
            var step = config.Steps[i];
            var inputs = step.Inputs.ToDictionary(p => p.Key, p => Find(values, step, p.Key, p.Value), StringComparer.Ordinal);
            if (step.Stage is { } definition)
            {
                stages[i] = definition.Build(inputs);
                outputs[i] = new Dictionary<string, GraphValueSpec>(stages[i]!.Outputs, StringComparer.Ordinal);
            }
            else
            {
                outputs[i] = CheckModelStep(step, inputs, dataPlane);
            }

            foreach (var (output, spec) in outputs[i])
            {
                values[new GraphReference(step.Name, output).ToString()] = spec;
            }
        }

        var publicOutputs = new List<TensorSpec>();
        foreach (var output in config.Outputs)
        {
            var spec = values.GetValueOrDefault(output.From.ToString())
                ?? throw new ModelLoadException($"graph output '{output.Name}': step '{output.From.Step}' has no output '{output.From.Value}' (it has: {Names(values, output.From.Step)})");
            if (spec.Tensor is null || spec.FanOut is not null)
            {
                throw new ModelLoadException($"graph output '{output.Name}': '{output.From}' is {spec.Describe()}; an output needs a tensor per instance (gather the items first)");
            }

            publicOutputs.Add(spec.Tensor with { Name = output.Name });
        }

        var publicInputs = config.Inputs.Select(i => i.Spec).ToList();
        return new ComposedModel(name, config, dataPlane, stages, outputs, new ModelSignature(publicInputs, publicOutputs));
    }

    private static Dictionary<string, GraphValueSpec> CheckModelStep(GraphStepConfig step, Dictionary<string, GraphValueSpec> inputs, InferenceService dataPlane)
    {
        var model = step.Model!;
        using var lease = Acquire(dataPlane, step);
        var signature = lease.Signature;
        string? fanOut = null;
        foreach (var (input, value) in inputs)
        {
            var spec = signature.FindInput(input)
                ?? throw new ModelLoadException($"{step.Path}: model '{model}' has no input '{input}' (inputs: {string.Join(", ", signature.Inputs.Select(s => s.Name))})");
            var fits = value.IsImage
                ? lease.Pipeline.PixelInput(input) is not null
                : value.Tensor!.DataType == spec.DataType && value.Tensor.Shape.Count == spec.Shape.Count;
            if (!fits)
            {
                var takes = $"{TensorDataTypes.TensorFlowName(spec.DataType)} {InputValidator.FormatShape(spec.Shape)}"
                    + (value.IsImage ? " without an image stage that takes decoded pixels" : string.Empty);
                throw new ModelLoadException($"{step.Path}: type mismatch: '{step.Inputs[input]}' is {value.Describe()}, but model '{model}' input '{input}' takes {takes}");
            }

            if (fanOut is not null && value.FanOut != fanOut)
            {
                throw new ModelLoadException($"{step.Path}: its inputs mix values of different rows ({string.Join(", ", inputs.Values.Select(v => v.Describe()))})");
            }

            fanOut = value.FanOut;
        }

        var missing = signature.Inputs.FirstOrDefault(s => !inputs.ContainsKey(s.Name));
        if (missing is not null)
        {
            throw new ModelLoadException($"{step.Path}: the input '{missing.Name}' of model '{model}' is not filled");
        }

        return signature.Outputs.ToDictionary(o => o.Name, o => new GraphValueSpec(o, fanOut), StringComparer.Ordinal);
    }

    private static GraphValueSpec Find(Dictionary<string, GraphValueSpec> values, GraphStepConfig step, string input, GraphReference reference) =>
        values.GetValueOrDefault(reference.ToString())
        ?? throw new ModelLoadException($"{step.Path}.inputs.{input}: step '{reference.Step}' has no output '{reference.Value}' (it has: {Names(values, reference.Step)})");

    private static string Names(Dictionary<string, GraphValueSpec> values, string step) =>
        string.Join(", ", values.Keys.Where(k => k.StartsWith(step + ".", StringComparison.Ordinal)).Select(k => k[(step.Length + 1)..]));

    private static Repository.VersionLease Acquire(InferenceService dataPlane, GraphStepConfig step)
    {
        try
        {
            return dataPlane.Acquire(step.Model!, step.Version);
        }
        catch (ServingException ex) when (ex.Kind is ServingErrorKind.ModelNotFound or ServingErrorKind.VersionNotFound or ServingErrorKind.NotReady or ServingErrorKind.InvalidInput)
        {
            throw new ModelLoadException($"{step.Path}: model '{step.Model}' cannot be called: {ex.Message}", ex);
        }
    }
}
