using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

public static partial class PredictRequestReader
{
    /// <summary>Row format: every instance gives one batch item of every input; the result is batched along dimension 0.</summary>
    private static Dictionary<string, TensorData> ReadInstances(ref Utf8JsonReader reader, ParseContext context, TensorBuilder[] builders)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            // The typo is TF Serving's own message.
            throw ServingException.Invalid("Excepting 'instances' to be an list/array");
        }

        context.CheckDepth(ref reader);

        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            throw ServingException.Invalid("No values in 'instances' array");
        }

        // The first instance decides between named objects and plain values (a {"b64": ...} object is a value).
        var named = IsNamedObject(ref reader);
        if (builders.Length > 1 && !named)
        {
            throw ServingException.Invalid(
                "instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map");
        }

        context.Format = PredictRequestFormat.Row;
        var element = 0;
        do
        {
            context.Element = element;
            if (named)
            {
                ReadNamedInstance(ref reader, context, builders, element);
            }
            else
            {
                if (IsNamedObject(ref reader))
                {
                    throw ServingException.Invalid($"Expecting value/list but got object at item {element} of input list");
                }

                context.InputName = builders[0].Spec.Name;
                builders[0].ReadInstance(ref reader, context, element);
            }

            element++;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        var inputs = new Dictionary<string, TensorData>(builders.Length, StringComparer.Ordinal);
        foreach (var builder in builders)
        {
            var instanceShape = builder.ValueShape;
            var shape = new long[instanceShape.Length + 1];
            shape[0] = element;
            for (var i = 0; i < instanceShape.Length; i++)
            {
                shape[i + 1] = instanceShape[i];
            }

            CheckShape(builder.Spec, shape);
            inputs.Add(builder.Spec.Name, builder.Build(shape));
        }

        return inputs;
    }

    private static void ReadNamedInstance(ref Utf8JsonReader reader, ParseContext context, TensorBuilder[] builders, int element)
    {
        if (!IsNamedObject(ref reader))
        {
            throw ServingException.Invalid($"Expecting object but got list at item {element} of input list");
        }

        context.CheckDepth(ref reader);

        var start = reader;
        var guess = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = FindInput(ref reader, builders, guess);
            if (index < 0 || builders[index].LastElement == element)
            {
                context.InputName = JsonStrings.GetText(ref reader);
                throw context.Fail(index < 0
                    ? $"JSON object: does not have named input: {context.InputName}"
                    : $"JSON object: has duplicate named input: {context.InputName}");
            }

            context.InputName = builders[index].Spec.Name;
            reader.Read();
            builders[index].ReadInstance(ref reader, context, element);
            guess = index + 1;
        }

        List<string>? missing = null;
        foreach (var builder in builders)
        {
            if (builder.LastElement != element)
            {
                (missing ??= []).Add(builder.Spec.Name);
            }
        }

        if (missing is not null)
        {
            var expected = new string[builders.Length];
            for (var i = 0; i < builders.Length; i++)
            {
                expected[i] = builders[i].Spec.Name;
            }

            Array.Sort(expected, StringComparer.Ordinal);
            throw ServingException.Invalid(
                $"Failed to process element: {element} of 'instances' list. JSON object: {context.Quote(ref start)} " +
                $"keys must be equal to: {string.Join(',', expected)} (missing: {string.Join(',', missing)})");
        }
    }

    /// <summary>Whether the value under <paramref name="reader"/> is an object other than <c>{"b64": "..."}</c>.</summary>
    private static bool IsNamedObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var peek = reader;
        return !(peek.Read()
            && peek.TokenType == JsonTokenType.PropertyName
            && JsonStrings.TextEquals(ref peek, "b64"u8)
            && peek.Read()
            && peek.TokenType == JsonTokenType.String
            && peek.Read()
            && peek.TokenType == JsonTokenType.EndObject);
    }

    /// <summary>The index of the input named by the property under <paramref name="reader"/>, trying <paramref name="guess"/> first.</summary>
    private static int FindInput(ref Utf8JsonReader reader, TensorBuilder[] builders, int guess)
    {
        // Instances usually list their keys in the same order, so the input after the last one matches first time.
        if (guess < builders.Length && JsonStrings.TextEquals(ref reader, builders[guess].NameUtf8))
        {
            return guess;
        }

        for (var i = 0; i < builders.Length; i++)
        {
            if (i != guess && JsonStrings.TextEquals(ref reader, builders[i].NameUtf8))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Checks a decoded tensor's shape against the input's: same rank, and every fixed dimension equal.</summary>
    private static void CheckShape(TensorSpec spec, long[] shape)
    {
        var expected = spec.Shape;
        var matches = expected.Count == shape.Length;
        for (var i = 0; matches && i < shape.Length; i++)
        {
            matches = expected[i] < 0 || expected[i] == shape[i];
        }

        if (!matches)
        {
            throw ServingException.Invalid(
                $"Input: {spec.Name} has shape {ParseContext.FormatShape(shape)} but the model expects {ParseContext.FormatShape(expected)}");
        }
    }
}
