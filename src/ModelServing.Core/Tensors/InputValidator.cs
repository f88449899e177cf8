using ModelServing.Core.Errors;

namespace ModelServing.Core.Tensors;

/// <summary>Checks request tensors against a model signature before anything runs.</summary>
/// <remarks>
/// Where each check lives: <see cref="Validate"/> runs once per request against the public signature, before anything is
/// queued (the data plane, warm-up); input stages' outputs are checked once per version against the model's inputs when
/// the pipeline is built; a runner calls <see cref="ValidateForRun"/> for each (batched) run, the part native code needs.
/// </remarks>
public static class InputValidator
{
    /// <summary>
    /// Throws <see cref="ServingException"/> (invalid input) naming the first input that does not fit, or that has no
    /// instances (0 along its batch dimension).
    /// </summary>
    public static void Validate(ModelSignature signature, IReadOnlyDictionary<string, TensorData> inputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var name in inputs.Keys)
        {
            if (signature.FindInput(name) is null)
            {
                throw ServingException.Invalid(
                    $"Unknown input '{name}'; the model's inputs are: {string.Join(", ", signature.Inputs.Select(i => i.Name))}");
            }
        }

        foreach (var spec in signature.Inputs)
        {
            if (!inputs.TryGetValue(spec.Name, out var tensor))
            {
                throw ServingException.Invalid($"Missing input '{spec.Name}'");
            }

            if (tensor.DataType != spec.DataType)
            {
                throw ServingException.Invalid(
                    $"Input '{spec.Name}' expects {TensorDataTypes.TensorFlowName(spec.DataType)} but got {TensorDataTypes.TensorFlowName(tensor.DataType)}");
            }

            if (!ShapeFits(spec.Shape, tensor.Shape))
            {
                throw ServingException.Invalid(
                    $"Input '{spec.Name}' expects shape {FormatShape(spec.Shape)} but got {FormatShape(tensor.Shape)}");
            }

            if (spec.HasBatchDimension && tensor.Shape[0] == 0)
            {
                // An empty batch is nothing to predict (TF Serving: instances must be a non-empty list), and models fail on it.
                throw ServingException.Invalid(
                    $"Input '{spec.Name}' has no instances (shape {FormatShape(tensor.Shape)}); a request needs at least one");
            }
        }

        CheckNamedDimensions(signature, inputs);
    }

    /// <summary>
    /// Dynamic dimensions the model names alike (ONNX <c>dim_param</c>, such as <c>batch</c>) are one size: inputs that
    /// share a name must agree on it. Inputs whose dynamic dimensions are unnamed or named apart may differ (TF Serving's
    /// columnar requests need not share dimension 0).
    /// </summary>
    private static void CheckNamedDimensions(ModelSignature signature, IReadOnlyDictionary<string, TensorData> inputs)
    {
        var specs = signature.Inputs;
        for (var i = 0; i < specs.Count; i++)
        {
            for (var d = 0; d < specs[i].Shape.Count; d++)
            {
                if (DimensionName(specs[i], d) is not { Length: > 0 } name)
                {
                    continue;
                }

                var size = inputs[specs[i].Name].Shape[d];
                for (var j = i + 1; j < specs.Count; j++)
                {
                    var shape = inputs[specs[j].Name].Shape;
                    for (var e = 0; e < shape.Count; e++)
                    {
                        var other = shape[e];
                        if (other != size && DimensionName(specs[j], e) == name)
                        {
                            throw ServingException.Invalid(
                                $"Inputs '{specs[i].Name}' and '{specs[j].Name}' must agree on the dimension the model names '{name}' " +
                                $"(dimension {d} of '{specs[i].Name}' is {size}, dimension {e} of '{specs[j].Name}' is {other})");
                        }
                    }
                }
            }
        }
    }

    private static string? DimensionName(TensorSpec spec, int dimension) =>
        spec.Shape[dimension] < 0 && dimension < spec.DimensionNames.Count ? spec.DimensionNames[dimension] : null;

    /// <summary>
    /// The checks a runner needs before native code reads the buffers: every model input present with its element type
    /// and a shape that fits, and no other input. One pass over the signature, no allocation; when a check fails the
    /// message is <see cref="Validate"/>'s.
    /// </summary>
    /// <remarks>
    /// Element count against buffer length needs no check here: <see cref="TensorData.Create"/> refuses an array whose
    /// length is not the shape's element count, and an array of another element type.
    /// </remarks>
    public static void ValidateForRun(ModelSignature signature, IReadOnlyDictionary<string, TensorData> inputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(inputs);
        var specs = signature.Inputs;
        var fits = inputs.Count == specs.Count;
        for (var i = 0; fits && i < specs.Count; i++)
        {
            var spec = specs[i];
            fits = inputs.TryGetValue(spec.Name, out var tensor) && tensor.DataType == spec.DataType && ShapeFits(spec.Shape, tensor.Shape);
        }

        if (!fits)
        {
            // The rare path: the full check finds the first problem and words it as for any caller.
            Validate(signature, inputs);
        }
    }

    /// <summary>True when <paramref name="actual"/> has the spec's rank and matches every fixed dimension.</summary>
    public static bool ShapeFits(IReadOnlyList<long> spec, IReadOnlyList<long> actual)
    {
        if (spec.Count != actual.Count)
        {
            return false;
        }

        for (var i = 0; i < spec.Count; i++)
        {
            if (spec[i] >= 0 && spec[i] != actual[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Formats a shape as <c>[-1,3]</c>.</summary>
    public static string FormatShape(IReadOnlyList<long> shape) => $"[{string.Join(',', shape)}]";
}
