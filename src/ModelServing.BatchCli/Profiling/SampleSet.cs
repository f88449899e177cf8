using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.BatchCli.Profiling;

/// <summary>The requests a profile replays, decoded once against the model's public signature.</summary>
/// <remarks>
/// Sample files: <c>.json</c> TF Serving predict bodies (row or columnar, as the gateway and warm-up files take them),
/// <c>.jsonl</c> one instance per line, and any other file as the raw bytes of a model whose one input is a byte string
/// (images). Without files, numeric models get generated rows; a byte-string model cannot be guessed and is an error.
/// </remarks>
internal sealed partial class SampleSet
{
    private SampleSet(IReadOnlyList<IReadOnlyDictionary<string, TensorData>> requests, string source)
    {
        Requests = requests;
        Source = source;
    }

    /// <summary>The requests, sent in turn.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, TensorData>> Requests { get; }

    /// <summary>Where the requests came from, for the report.</summary>
    public string Source { get; }

    /// <summary>Items in a request: dimension 0 of its first input.</summary>
    public static long ItemsOf(IReadOnlyDictionary<string, TensorData> request) =>
        request.Values.FirstOrDefault() is { Shape.Count: > 0 } tensor ? Math.Max(1, tensor.Shape[0]) : 1;

    /// <summary>Reads the files, or generates requests when there are none.</summary>
    /// <param name="files">Sample files (see the remarks); empty to generate.</param>
    /// <param name="signature">The model's public signature (serving-function inputs included).</param>
    /// <param name="itemsPerRequest">Images or JSONL instances per request, and generated rows per request.</param>
    /// <exception cref="SampleException">A file cannot be read or does not fit the signature, or the model needs files.</exception>
    public static SampleSet Load(IReadOnlyList<string> files, ModelSignature signature, int itemsPerRequest)
    {
        if (files.Count == 0)
        {
            return Generate(signature, itemsPerRequest);
        }

        var requests = new List<IReadOnlyDictionary<string, TensorData>>();
        var raw = new List<byte[]>();
        foreach (var file in files)
        {
            var bytes = ReadFile(file);
            var name = Path.GetFileName(file);
            switch (Path.GetExtension(file).ToLowerInvariant())
            {
                case ".json":
                    requests.Add(Decode(bytes, signature, name));
                    break;
                case ".jsonl":
                    var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    foreach (var group in lines.Chunk(itemsPerRequest))
                    {
                        var body = System.Text.Encoding.UTF8.GetBytes($"{{\"instances\":[{string.Join(',', group)}]}}");
                        requests.Add(Decode(body, signature, name));
                    }

                    break;
                default:
                    raw.Add(bytes);
                    break;
            }
        }

        if (raw.Count > 0)
        {
            if (signature.Inputs is not [{ DataType: TensorDataType.String } only])
            {
                throw new SampleException(
                    $"Raw sample files (images) need a model with one byte-string input; this model takes {Describe(signature)}: pass .json predict bodies or .jsonl instances");
            }

            for (var i = 0; i < raw.Count; i++)
            {
                var items = Enumerable.Range(i, itemsPerRequest).Select(k => raw[k % raw.Count]).ToArray();
                requests.Add(new Dictionary<string, TensorData>(StringComparer.Ordinal) { [only.Name] = TensorData.FromBytes(items, items.Length) });
            }
        }

        if (requests.Count == 0)
        {
            throw new SampleException("The sample files hold no request");
        }

        return new SampleSet(requests, string.Join(", ", files.Select(Path.GetFileName)));
    }

    private static IReadOnlyDictionary<string, TensorData> Decode(byte[] body, ModelSignature signature, string file)
    {
        try
        {
            return PredictRequestReader.Read(body, signature).Inputs;
        }
        catch (ServingException ex)
        {
            throw new SampleException($"Sample {file} is not a predict request for this model: {ex.Message}");
        }
    }

    private static byte[] ReadFile(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SampleException($"Sample file {file} cannot be read: {ex.Message}");
        }
    }

    private static string Describe(ModelSignature signature) =>
        string.Join(", ", signature.Inputs.Select(i => $"'{i.Name}' ({i.DataType}, shape {InputValidator.FormatShape(i.Shape)})"));
}
