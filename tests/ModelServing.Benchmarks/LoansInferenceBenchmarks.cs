using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.ModelGen;
using ModelServing.Onnx;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Benchmarks;

/// <summary>
/// One <c>loans</c> row in process: raw ONNX Runtime <c>Run</c> on ready OrtValues (the floor), our runner, and our whole
/// TF Serving JSON path (parse, run, write) without HTTP.
/// </summary>
[MemoryDiagnoser]
public class LoansInferenceBenchmarks : IDisposable
{
    private static readonly byte[] s_body = Encoding.UTF8.GetBytes("""{"instances":[{"income":2000,"credit_cards":2,"age":45}]}""");
    private string _directory = null!;
    private InferenceSession _session = null!;
    private OrtValue[] _ortInputs = null!;
    private string[] _inputNames = null!;
    private string[] _outputNames = null!;
    private RunOptions _runOptions = null!;
    private IModelRunner _runner = null!;
    private Dictionary<string, TensorData> _inputs = null!;
    private readonly ArrayBufferWriter<byte> _output = new();

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("ms-bench-").FullName;
        var path = Path.Combine(_directory, "model.onnx");
        LoansModel.Write(path);

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = Environment.ProcessorCount, InterOpNumThreads = 1 };
        _session = new InferenceSession(path, options);
        _inputNames = ["income", "credit_cards", "age"];
        _outputNames = [.. _session.OutputNames];
        _ortInputs = [OrtValue.CreateTensorValueFromMemory(new[] { 2000f }, [1]), OrtValue.CreateTensorValueFromMemory(new[] { 2f }, [1]), OrtValue.CreateTensorValueFromMemory(new[] { 45f }, [1])];
        _runOptions = new RunOptions();

        var factory = new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance);
        _runner = factory.LoadAsync(new ModelLoadRequest("loans", 1, _directory, path, ModelConfig.Default.Runtime), CancellationToken.None).GetAwaiter().GetResult();
        _inputs = new()
        {
            ["income"] = TensorData.FromFloats([2000f], 1),
            ["credit_cards"] = TensorData.FromFloats([2f], 1),
            ["age"] = TensorData.FromFloats([45f], 1),
        };
    }

    [Benchmark(Baseline = true, Description = "raw ORT Run (OrtValue API)")]
    public float RawOrtRun()
    {
        using var outputs = _session.Run(_runOptions, _inputNames, _ortInputs, _outputNames);
        return outputs[1].GetTensorDataAsSpan<float>()[1];
    }

    [Benchmark(Description = "ModelServing runner")]
    public async Task<int> RunnerRun()
    {
        var outputs = await _runner.RunAsync(_inputs, null, CancellationToken.None);
        return outputs.Count;
    }

    [Benchmark(Description = "TF Serving JSON parse + run + write")]
    public async Task<int> JsonPredictInProcess()
    {
        var request = PredictRequestReader.Read(s_body, _runner.Signature);
        var outputs = await _runner.RunAsync(request.Inputs, null, CancellationToken.None);
        _output.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_output))
        {
            PredictResponseWriter.Write(writer, request.Format, [.. outputs]);
        }

        return _output.WrittenCount;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _runner?.Dispose();
        foreach (var value in _ortInputs ?? [])
        {
            value.Dispose();
        }

        _runOptions?.Dispose();
        _session?.Dispose();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }

        GC.SuppressFinalize(this);
    }
}
