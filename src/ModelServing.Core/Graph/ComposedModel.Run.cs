using System.Diagnostics;
using ModelServing.Core.Errors;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Telemetry;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

public sealed partial class ComposedModel
{
    /// <summary>Runs the graph on one request's validated public inputs.</summary>
    /// <param name="inputs">One tensor per public input, one row per instance.</param>
    /// <param name="deadline">When the caller stops waiting; every called model's request carries it.</param>
    /// <param name="cancellationToken">The caller going away.</param>
    /// <exception cref="ServingException">A step failed; invalid input names the step's instance or item.</exception>
    public async Task<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        foreach (var (name, tensor) in inputs)
        {
            values[$"{GraphReference.InputsStep}.{name}"] = GraphValue.Of(tensor);
        }

        var timings = StepTimings.Current;
        var context = new ServingContext();
        context.Set(GraphValue.InstanceCountKey, inputs.Count == 0 ? 0 : (int)inputs.Values.First().Shape[0]);
        for (var i = 0; i < _config.Steps.Count; i++)
        {
            var step = _config.Steps[i];
            var started = Stopwatch.GetTimestamp();
            using var activity = ServingTelemetry.Source.StartActivity($"step {step.Name}");
            activity?.SetTag("modelserving.model", _name);
            activity?.SetTag("modelserving.step", step.Name);
            var stepInputs = step.Inputs.ToDictionary(p => p.Key, p => values[p.Value.ToString()], StringComparer.Ordinal);
            var outputs = _stages[i] is { } stage
                ? stage.Run(stepInputs, context)
                : await CallAsync(step, _outputs[i], stepInputs, deadline, cancellationToken).ConfigureAwait(false);
            foreach (var (name, value) in outputs)
            {
                values[$"{step.Name}.{name}"] = value;
            }

            timings?.Add(step.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return _config.Outputs.ToDictionary(o => o.Name, o => values[o.From.ToString()].Tensor!, StringComparer.Ordinal);
    }

    /// <summary>
    /// Calls a model through its own scheduler: tensors go in through its public door (validated, its input stages); decoded
    /// images go into its image input stage (<see cref="IPixelInputStage"/>) and from there to its batcher.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, GraphValue>> CallAsync(
        GraphStepConfig step, Dictionary<string, GraphValueSpec> outputs, Dictionary<string, GraphValue> inputs, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var parents = inputs.Values.First().Parents;
        var rows = inputs.Values.First().Rows;
        if (rows == 0)
        {
            return outputs.ToDictionary(o => o.Key, o => GraphValue.Of(Empty(o.Value.Tensor!), parents), StringComparer.Ordinal);
        }

        using var activity = ServingTelemetry.Source.StartActivity($"call {step.Model}");
        activity?.SetTag("modelserving.called_model", step.Model);
        activity?.SetTag("modelserving.rows", rows);
        using var lease = Acquire(_dataPlane, step);
        IReadOnlyList<KeyValuePair<string, TensorData>> results;
        if (inputs.Values.All(v => v.Images is null))
        {
            var tensors = inputs.ToDictionary(p => p.Key, p => p.Value.Tensor!, StringComparer.Ordinal);
            results = (await _dataPlane.InferAsync(lease, tensors, deadline, cancellationToken).ConfigureAwait(false)).Outputs;
        }
        else
        {
            results = await CallWithImagesAsync(step, lease, inputs, deadline, cancellationToken).ConfigureAwait(false);
        }

        var values = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        foreach (var (name, tensor) in results)
        {
            values[name] = GraphValue.Of(tensor, parents);
        }

        return values;
    }

    private static TensorData Empty(TensorSpec spec)
    {
        long[] shape = spec.Shape.Count == 0 ? [0] : [0, .. spec.Shape.Skip(1).Select(d => Math.Max(d, 0))];
        return TensorData.Create(spec.DataType, Array.CreateInstance(TensorDataTypes.ClrType(spec.DataType), 0), shape);
    }
}
