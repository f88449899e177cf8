using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.BatchCli.Profiling;

/// <summary>The requests a profile replays, decoded once against the model's public signature, and their REST bodies.</summary>
/// <remarks>
/// Sample files: <c>.json</c> TF Serving predict bodies (row or columnar, as the gateway and warm-up files take them),
/// <c>.jsonl</c> one instance per line, and any other file as the raw bytes of a model whose one input is a byte string
/// (images). Without files, numeric models get generated rows; a byte-string model cannot be guessed and is an error.
/// Every request also has the TF Serving REST predict body a caller would send for it (the file itself, the JSONL lines as
/// <c>{"instances":[...]}</c>, images as <c>{"instances":[{"b64":...}]}</c>, generated rows as row JSON), which the gateway
/// check posts; the in-process requests are those bodies decoded, so both stages send the same data.
/// </remarks>
internal sealed partial class SampleSet
{
    private SampleSet(IReadOnlyList<IReadOnlyDictionary<string, TensorData>> requests, IReadOnlyList<byte[]> bodies, string source)
    {
        Requests = requests;
        Bodies = bodies;
        Source = source;
    }

    /// <summary>The requests, sent in turn.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, TensorData>> Requests { get; }

    /// <summary>The REST predict body of each request (same index as <see cref="Requests"/>), UTF-8 JSON.</summary>
    public IReadOnlyList<byte[]> Bodies { get; }

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
        var bodies = new List<byte[]>();
        var raw = new List<byte[]>();
        foreach (var file in files)
        {
            var bytes = ReadFile(file);
            var name = Path.GetFileName(file);
            switch (Path.GetExtension(file).ToLowerInvariant())
            {
                case ".json":
                    requests.Add(Decode(bytes, signature, name));
                    bodies.Add(bytes);
                    break;
                case ".jsonl":
                    var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    foreach (var group in lines.Chunk(itemsPerRequest))
                    {
                        var body = System.Text.Encoding.UTF8.GetBytes($"{{\"instances\":[{string.Join(',', group)}]}}");
                        requests.Add(Decode(body, signature, name));
                        bodies.Add(body);
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
                bodies.Add(ImageBody(items));
            }
        }

        if (requests.Count == 0)
        {
            throw new SampleException("The sample files hold no request");
        }

        return new SampleSet(requests, bodies, string.Join(", ", files.Select(Path.GetFileName)));
    }

    /// <summary>The predict body of byte strings: <c>{"instances":[{"b64":"..."}, ...]}</c>, as a caller sends images.</summary>
    private static byte[] ImageBody(byte[][] items)
    {
        var body = new System.Text.StringBuilder("{\"instances\":[");
        for (var i = 0; i < items.Length; i++)
        {
            body.Append(i == 0 ? "{\"b64\":\"" : ",{\"b64\":\"").Append(Convert.ToBase64String(items[i])).Append("\"}");
        }

        return System.Text.Encoding.UTF8.GetBytes(body.Append("]}").ToString());
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
