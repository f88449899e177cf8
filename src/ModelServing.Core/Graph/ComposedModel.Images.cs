using ModelServing.Core.Errors;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

public sealed partial class ComposedModel
{
    /// <summary>
    /// Feeds decoded images into the called model's image input stage and its scheduler. With the step's
    /// <see cref="GraphStepConfig.ItemsPerCall"/> and only image inputs, the items are ordered by aspect ratio and sent as
    /// several concurrent requests of at most that many (PaddleOCR's sorted recognition batches): each is padded only to its
    /// own widest image, and the model's executions run them side by side. The answer's rows are in the items' order.
    /// </summary>
    private static async Task<IReadOnlyList<KeyValuePair<string, TensorData>>> CallWithImagesAsync(
        GraphStepConfig step, Repository.VersionLease lease, Dictionary<string, GraphValue> inputs, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var rows = inputs.Values.First().Rows;
        if (step.ItemsPerCall is not { } size || size >= rows || inputs.Count != 1 || inputs.Values.First().Images is null)
        {
            return await RunImagesAsync(step, lease, inputs, deadline, cancellationToken).ConfigureAwait(false);
        }

        var (name, value) = inputs.First();
        var images = value.Images!;
        var order = Enumerable.Range(0, rows).OrderBy(i => (double)images[i].Width / Math.Max(1, images[i].Height)).ToArray();
        var chunks = order.Chunk(size).ToArray();
        var calls = chunks.Select(chunk => RunImagesAsync(
            step, lease, new Dictionary<string, GraphValue>(StringComparer.Ordinal) { [name] = GraphValue.Of(chunk.Select(i => images[i]).ToArray()) }, deadline, cancellationToken));
        var answers = await Task.WhenAll(calls).ConfigureAwait(false);
        return [.. answers[0].Select(output => KeyValuePair.Create(output.Key, Scatter(step, output.Key, chunks, answers, rows)))];
    }

    private static async Task<IReadOnlyList<KeyValuePair<string, TensorData>>> RunImagesAsync(
        GraphStepConfig step, Repository.VersionLease lease, Dictionary<string, GraphValue> inputs, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        var context = new ServingContext();
        var modelInputs = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var (name, value) in inputs)
        {
            if (value.Images is { } images)
            {
                var stage = lease.Pipeline.PixelInput(name)
                    ?? throw new ServingException(ServingErrorKind.FailedPrecondition, $"step '{step.Name}': model '{step.Model}' input '{name}' no longer takes images");
                modelInputs[stage.ModelInput.Name] = stage.ProcessPixels(images, context);
            }
            else
            {
                modelInputs[name] = value.Tensor!;
            }
        }

        var modelOutputs = await lease.Scheduler.RunAsync(modelInputs, deadline, cancellationToken).ConfigureAwait(false);
        var results = lease.Pipeline.FinishOutputs(modelOutputs, context);
        context.ReturnRentedArrays(modelOutputs);
        return results;
    }

    /// <summary>One output's rows from every chunk, put back at their items' places (every chunk's rows must have one shape).</summary>
    private static TensorData Scatter(GraphStepConfig step, string output, int[][] chunks, IReadOnlyList<KeyValuePair<string, TensorData>>[] answers, int rows)
    {
        var parts = answers.Select(a => a.First(o => o.Key == output).Value).ToArray();
        var rowShape = parts[0].Shape.Skip(1).ToArray();
        if (parts.Any(p => p.Shape.Count == 0 || !p.Shape.Skip(1).SequenceEqual(rowShape)))
        {
            throw new ServingException(
                ServingErrorKind.FailedPrecondition,
                $"step '{step.Name}': output '{output}' of model '{step.Model}' has a different shape per call; 'itemsPerCall' needs outputs of one shape per item");
        }

        var rowLength = (int)TensorData.ElementCountOf(rowShape);
        var data = Array.CreateInstance(TensorDataTypes.ClrType(parts[0].DataType), (long)rows * rowLength);
        for (var c = 0; c < chunks.Length; c++)
        {
            for (var r = 0; r < chunks[c].Length; r++)
            {
                Array.Copy(parts[c].Data, (long)r * rowLength, data, (long)chunks[c][r] * rowLength, rowLength);
            }
        }

        return TensorData.Create(parts[0].DataType, data, [(long)rows, .. rowShape]);
    }
}
