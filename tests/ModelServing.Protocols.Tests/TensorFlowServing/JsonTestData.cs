using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols.Tests.TensorFlowServing;

/// <summary>Golden files under TensorFlowServing/TestData and helpers to read requests and write responses as the gateway does.</summary>
internal static class JsonTestData
{
    /// <summary>The bytes of a golden file: from the test output folder when copied there, else from the source tree.</summary>
    public static byte[] Bytes(string name)
    {
        return File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TensorFlowServing", "TestData", name));
    }

    /// <summary>A golden file as text with the whitespace between tokens removed.</summary>
    public static string Minified(string name) => Minify(Encoding.UTF8.GetString(Bytes(name)));

    /// <summary>Parses <paramref name="json"/> for <paramref name="signature"/>.</summary>
    public static PredictRequest Read(string json, ModelSignature signature, PredictRequestReaderOptions? options = null) =>
        PredictRequestReader.Read(Encoding.UTF8.GetBytes(json), signature, options);

    /// <summary>A signature with these inputs and no outputs.</summary>
    public static ModelSignature Inputs(params TensorSpec[] inputs) => new(inputs, []);

    /// <summary>Writes a response with a compact writer that escapes as little as TF Serving does.</summary>
    public static byte[] WriteResponse(PredictRequestFormat format, params (string Name, TensorData Tensor)[] outputs) =>
        WriteWith(writer => PredictResponseWriter.Write(writer, format, Pairs(outputs)));

    /// <summary>Writes only the predictions array, as for Vertex AI.</summary>
    public static byte[] WritePredictions(params (string Name, TensorData Tensor)[] outputs) =>
        WriteWith(writer => PredictResponseWriter.WritePredictions(writer, Pairs(outputs)));

    /// <summary>Removes whitespace outside JSON strings.</summary>
    public static string Minify(string json)
    {
        var text = new StringBuilder(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                text.Append(c);
                if (c == '\\')
                {
                    text.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (!char.IsWhiteSpace(c))
            {
                inString = c == '"';
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static KeyValuePair<string, TensorData>[] Pairs((string Name, TensorData Tensor)[] outputs) =>
        Array.ConvertAll(outputs, output => KeyValuePair.Create(output.Name, output.Tensor));

    private static byte[] WriteWith(Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
