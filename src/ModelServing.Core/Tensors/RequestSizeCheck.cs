using ModelServing.Core.Errors;

namespace ModelServing.Core.Tensors;

/// <summary>Checks one request's rows and input tensor bytes against <see cref="RequestSizeLimits"/>.</summary>
/// <remarks>
/// Runs once per request after <see cref="InputValidator.Validate"/> and before any serving-function stage or queue, so a
/// request past a limit costs nothing more than its parsed body. Thread-safe, allocation-free, overflow-free.
/// </remarks>
public static class RequestSizeCheck
{
    /// <summary>Throws <see cref="ServingException"/> (invalid input) naming the input or the total that is past a limit.</summary>
    /// <param name="signature">The public signature the inputs were validated against.</param>
    /// <param name="inputs">The request's inputs.</param>
    /// <param name="limits">The limits in force.</param>
    public static void Check(ModelSignature signature, IReadOnlyDictionary<string, TensorData> inputs, RequestSizeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(limits);
        long bytes = 0;
        foreach (var spec in signature.Inputs)
        {
            if (!inputs.TryGetValue(spec.Name, out var tensor))
            {
                continue;
            }

            // Rows are the batch dimension: a dimension the model fixes is already bounded by the model itself.
            if (spec.HasBatchDimension && tensor.Shape.Count > 0 && tensor.Shape[0] > limits.MaxRowsPerRequest)
            {
                throw ServingException.Invalid(
                    $"Input '{spec.Name}' has {tensor.Shape[0]} rows; at most {limits.MaxRowsPerRequest} rows are allowed per request");
            }

            bytes = AddSaturating(bytes, Bytes(tensor));
        }

        if (bytes > limits.MaxTensorBytesPerRequest)
        {
            throw ServingException.Invalid(
                $"The request's input tensors take {bytes} bytes; at most {limits.MaxTensorBytesPerRequest} bytes are allowed per request");
        }
    }

    /// <summary>Bytes a tensor holds: elements times element size, or the summed lengths of its strings.</summary>
    public static long Bytes(TensorData tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DataType != TensorDataType.String)
        {
            var size = TensorDataTypes.ElementSize(tensor.DataType);
            return tensor.ElementCount > long.MaxValue / Math.Max(1, size) ? long.MaxValue : tensor.ElementCount * size;
        }

        long total = 0;
        foreach (var value in tensor.As<byte[]>())
        {
            total = AddSaturating(total, value?.Length ?? 0);
        }

        return total;
    }

    private static long AddSaturating(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
