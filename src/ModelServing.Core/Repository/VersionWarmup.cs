using ModelServing.Core.Errors;
using ModelServing.Core.IO;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Repository;

/// <summary>Runs a version's configured warm-up before it becomes AVAILABLE.</summary>
internal static class VersionWarmup
{
    /// <summary>Runs the synthetic batches and the request files.</summary>
    /// <exception cref="ModelLoadException">A warm-up run failed; the message says which and why.</exception>
    public static async Task RunAsync(
        IModelRunner runner, ServingPipeline pipeline, WarmupConfig warmup, IWarmupRequestReader? requestReader, CancellationToken cancellationToken)
    {
        for (var iteration = 0; iteration < warmup.Iterations; iteration++)
        {
            foreach (var size in warmup.BatchSizes)
            {
                var inputs = Synthetic(runner.Signature, size, warmup.DynamicDimensionSize);
                await Guard($"synthetic batch of {size}", () => runner.RunAsync(inputs, null, cancellationToken).AsTask()).ConfigureAwait(false);
            }

            foreach (var file in warmup.Requests)
            {
                if (requestReader is null)
                {
                    throw new ModelLoadException($"Warm-up request file '{Path.GetFileName(file)}' cannot be read: this host reads no request format");
                }

                await Guard($"request file '{Path.GetFileName(file)}'", async () =>
                {
                    var body = RegularFiles.ReadAllBytes(file, Array.MaxLength);
                    var request = requestReader.Read(body, pipeline.PublicSignature);
                    InputValidator.Validate(pipeline.PublicSignature, request);
                    var context = new ServingContext();
                    var outputs = await runner.RunAsync(pipeline.PrepareInputs(request, context), null, cancellationToken).ConfigureAwait(false);
                    return pipeline.FinishOutputs(outputs, context);
                }).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Zero-filled inputs (empty strings) for every model input: batch dimension = <paramref name="batch"/>.</summary>
    public static Dictionary<string, TensorData> Synthetic(ModelSignature signature, int batch, int dynamicSize)
    {
        var inputs = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var spec in signature.Inputs)
        {
            var shape = new long[spec.Shape.Count];
            for (var i = 0; i < shape.Length; i++)
            {
                shape[i] = spec.Shape[i] >= 0 ? spec.Shape[i] : i == 0 ? batch : dynamicSize;
            }

            var count = TensorData.ElementCountOf(shape);
            var data = Array.CreateInstance(TensorDataTypes.ClrType(spec.DataType), count);
            if (data is byte[][] strings)
            {
                Array.Fill(strings, []);
            }

            inputs[spec.Name] = TensorData.Create(spec.DataType, data, shape);
        }

        return inputs;
    }

    private static async Task Guard<T>(string what, Func<Task<T>> run)
    {
        try
        {
            await run().ConfigureAwait(false);
        }
        catch (ServingException ex)
        {
            throw new ModelLoadException($"Warm-up failed on the {what}: {ex.Message}", ex);
        }
        catch (RegularFileException ex)
        {
            throw new ModelLoadException($"Warm-up failed: the {what} {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new ModelLoadException($"Warm-up failed: the {what} could not be read", ex);
        }
    }
}
