using System.Text.Json;

namespace ModelServing.LoadGen.Http;

/// <summary>A request body read once from a file, with the number of items (instances) it carries.</summary>
/// <param name="Bytes">The body, sent as is with every request.</param>
/// <param name="Items">Instances per request: the length of <c>instances</c>, or of the first input of <c>inputs</c>.</param>
public sealed record RequestBodyFile(byte[] Bytes, int Items)
{
    /// <summary>Reads <paramref name="path"/>; <paramref name="itemsOverride"/> replaces the counted items when given.</summary>
    /// <exception cref="InvalidDataException">The file is not a JSON object.</exception>
    public static RequestBodyFile Load(string path, int? itemsOverride = null)
    {
        var bytes = File.ReadAllBytes(path);
        return new RequestBodyFile(bytes, itemsOverride ?? CountItems(bytes));
    }

    /// <summary>Counts the instances of a TF Serving predict body (1 when the shape says nothing).</summary>
    public static int CountItems(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("The request body is not a JSON object.");
        }

        if (root.TryGetProperty("instances", out var instances) && instances.ValueKind == JsonValueKind.Array)
        {
            return instances.GetArrayLength();
        }

        if (root.TryGetProperty("inputs", out var inputs))
        {
            var first = inputs.ValueKind == JsonValueKind.Object ? inputs.EnumerateObject().Select(p => p.Value).FirstOrDefault() : inputs;
            if (first.ValueKind == JsonValueKind.Array)
            {
                return first.GetArrayLength();
            }
        }

        return 1;
    }
}
