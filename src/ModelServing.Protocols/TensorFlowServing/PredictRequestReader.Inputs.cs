using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

public static partial class PredictRequestReader
{
    /// <summary>Columnar format: a value for a single-input model, or an object of whole tensors keyed by input name.</summary>
    private static Dictionary<string, TensorData> ReadInputs(ref Utf8JsonReader reader, ParseContext context, TensorBuilder[] builders)
    {
        context.Format = PredictRequestFormat.Columnar;
        if (!IsNamedObject(ref reader))
        {
            if (builders.Length > 1)
            {
                throw ServingException.Invalid(
                    "inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map");
            }

            context.InputName = builders[0].Spec.Name;
            builders[0].ReadTensor(ref reader, context);
        }
        else
        {
            context.CheckDepth(ref reader);
            ReadNamedInputs(ref reader, context, builders);
        }

        var inputs = new Dictionary<string, TensorData>(builders.Length, StringComparer.Ordinal);
        foreach (var builder in builders)
        {
            var shape = builder.ValueShape;
            CheckShape(builder.Spec, shape);
            inputs.Add(builder.Spec.Name, builder.Build(shape));
        }

        return inputs;
    }

    private static void ReadNamedInputs(ref Utf8JsonReader reader, ParseContext context, TensorBuilder[] builders)
    {
        List<string>? unknown = null;
        var guess = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = FindInput(ref reader, builders, guess);
            if (index < 0)
            {
                (unknown ??= []).Add(JsonStrings.GetText(ref reader));
                reader.Read();
                reader.Skip();
                continue;
            }

            if (builders[index].LastElement >= 0)
            {
                throw ServingException.Invalid($"Duplicate named input: {builders[index].Spec.Name} in 'inputs' object.");
            }

            context.InputName = builders[index].Spec.Name;
            reader.Read();
            builders[index].ReadTensor(ref reader, context);
            guess = index + 1;
        }

        List<string>? missing = null;
        foreach (var builder in builders)
        {
            if (builder.LastElement < 0)
            {
                (missing ??= []).Add(builder.Spec.Name);
            }
        }

        if (missing is null && unknown is null)
        {
            return;
        }

        var message = missing is null ? string.Empty : $"Missing named input: {string.Join(',', missing)} in 'inputs' object.";
        if (unknown is not null)
        {
            message += (message.Length > 0 ? " " : string.Empty) + $"Unknown named input: {string.Join(',', unknown)} in 'inputs' object.";
        }

        throw ServingException.Invalid(message);
    }
}
