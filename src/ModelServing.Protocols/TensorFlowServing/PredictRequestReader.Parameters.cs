using System.Text.Json;

namespace ModelServing.Protocols.TensorFlowServing;

public static partial class PredictRequestReader
{
    /// <summary>The top-level <c>parameters</c> value (Vertex AI) as a document, non-finite literals kept as strings.</summary>
    private static JsonElement ReadParameters(ref Utf8JsonReader reader, ParseContext context)
    {
        // The parameters are kept as a document, so they are held to the depth limit before it is built.
        var scan = reader;
        context.CheckDepth(ref scan);
        if (scan.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var depth = scan.CurrentDepth;
            while (scan.Read() && scan.CurrentDepth > depth)
            {
                context.CheckDepth(ref scan);
            }
        }

        var start = (int)reader.TokenStartIndex;
        var element = JsonElement.ParseValue(ref reader);
        var end = (int)reader.BytesConsumed;
        if (context.Literals is null || !context.Literals.AnyWithin(start, end))
        {
            return element;
        }

        // JsonElement cannot hold NaN or Infinity as numbers: keep them as the strings System.Text.Json uses for them.
        var original = context.Original.Span;
        var text = new List<byte>(end - start + 16);
        var copied = start;
        foreach (var (position, length) in context.Literals.Within(start, end))
        {
            text.AddRange(original[copied..position]);
            text.Add((byte)'"');
            text.AddRange(original.Slice(position, length));
            text.Add((byte)'"');
            copied = position + length;
        }

        text.AddRange(original[copied..end]);
        using var document = JsonDocument.Parse(text.ToArray(), new JsonDocumentOptions { MaxDepth = context.MaxDepth });
        return document.RootElement.Clone();
    }
}
