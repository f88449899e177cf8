using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Benchmarks;

/// <summary>
/// The TF Serving JSON codec on float tensors: parsing a row-format request (<see cref="PredictRequestReader.Read"/>) and
/// writing a row-format response (<see cref="PredictResponseWriter.Write"/>), for 64 instances of 1024 floats (embeddings)
/// and 8 instances of 3x48x192 (text-line images as tensors). The <c>M floats/s</c> column is the target's unit (>= 25).
/// </summary>
/// <remarks>Floats are random in [-1, 1), written in their shortest round-trip form (~10 characters each), as clients send them.</remarks>
[MemoryDiagnoser]
[Config(typeof(FloatsPerSecondConfig))]
public class JsonCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private byte[] _request = [];
    private ModelSignature _signature = null!;
    private KeyValuePair<string, TensorData>[] _outputs = [];
    private Utf8JsonWriter _writer = null!;

    /// <summary>Instances x the shape of one instance.</summary>
    [Params("64x1024", "8x3x48x192")]
    public string Shape { get; set; } = "64x1024";

    [GlobalSetup]
    public void Setup()
    {
        var dims = ParseShape(Shape);
        long[] specShape = [-1, .. dims[1..]];
        _signature = new ModelSignature([new TensorSpec("x", TensorDataType.Float, specShape)], [new TensorSpec("y", TensorDataType.Float, specShape)]);

        var random = new Random(42);
        var values = new float[dims.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2) - 1;
        }

        var tensor = TensorData.FromFloats(values, dims);
        _outputs = [new("y", tensor)];
        _request = WriteRequest(values, dims);
        _writer = new Utf8JsonWriter(_output);

        // Both directions must agree, or the benchmark measures the wrong thing.
        var parsed = PredictRequestReader.Read(_request, _signature).Inputs["x"].As<float>();
        if (!parsed.AsSpan().SequenceEqual(values))
        {
            throw new InvalidOperationException("The request does not parse back to the floats written.");
        }
    }

    [Benchmark(Baseline = true, Description = "parse row request (PredictRequestReader)")]
    public int Parse() => PredictRequestReader.Read(_request, _signature).Inputs.Count;

    [Benchmark(Description = "write row response (PredictResponseWriter)")]
    public int Write()
    {
        _output.ResetWrittenCount();
        _writer.Reset(_output);
        PredictResponseWriter.Write(_writer, PredictRequestFormat.Row, _outputs);
        _writer.Flush();
        return _output.WrittenCount;
    }

    [GlobalCleanup]
    public void Cleanup() => _writer?.Dispose();

    /// <summary>Parses "64x1024" into [64, 1024].</summary>
    public static long[] ParseShape(string shape) =>
        [.. shape.Split('x').Select(d => long.Parse(d, CultureInfo.InvariantCulture))];

    private static byte[] WriteRequest(float[] values, long[] dims)
    {
        var text = new StringBuilder(values.Length * 12);
        var index = 0;
        text.Append("{\"instances\":");
        Nest(0);
        text.Append('}');
        return Encoding.UTF8.GetBytes(text.ToString());

        void Nest(int depth)
        {
            text.Append('[');
            for (var i = 0; i < dims[depth]; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                if (depth == dims.Length - 1)
                {
                    text.Append(values[index++].ToString("R", CultureInfo.InvariantCulture));
                }
                else
                {
                    Nest(depth + 1);
                }
            }

            text.Append(']');
        }
    }

    /// <summary>Adds the floats-per-second column.</summary>
    public sealed class FloatsPerSecondConfig : ManualConfig
    {
        public FloatsPerSecondConfig()
        {
            AddColumn(new FloatsPerSecondColumn());
        }
    }

    /// <summary>Millions of floats parsed or written per second on one thread, from the mean time and the Shape parameter.</summary>
    public sealed class FloatsPerSecondColumn : IColumn
    {
        public string Id => "JsonFloatsPerSecond";

        public string ColumnName => "M floats/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Millions of float values parsed or written per second on one thread (target >= 25)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (mean is null or <= 0 || benchmarkCase.Parameters["Shape"] is not string shape)
            {
                return "-";
            }

            var floats = ParseShape(shape).Aggregate(1L, (a, b) => a * b);
            return (floats / mean.Value * 1e9 / 1e6).ToString("F1", CultureInfo.InvariantCulture);
        }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
