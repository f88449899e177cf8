using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Batching;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.ModelGen;
using ModelServing.Onnx;

namespace ModelServing.Benchmarks;

/// <summary>
/// What the batcher adds to one <c>loans</c> row when nothing else is running: the runner called directly (the floor),
/// and the same call through an idle batcher with batching on (a request that starts at once) and off (bypassed). Each
/// call starts on the thread pool, as a request does in the gateway; the difference is the hand-off to the batcher's
/// execution thread and back. With <see cref="GapMicroseconds"/> 0 calls follow each other at once, so an execution thread
/// is rarely asleep when one comes; with 200 the benchmark thread first spins that long, as a gateway at concurrency 1
/// spends about that between runs (parsing, writing, the client), so the execution thread has gone to sleep: the mean then
/// includes the gap, and the difference to the runner is the cold hand-off.
/// </summary>
[MemoryDiagnoser]
public class BatcherHandoffBenchmarks : IDisposable
{
    private string _directory = null!;
    private IModelRunner _runner = null!;
    private IModelScheduler _batching = null!;
    private IModelScheduler _bypassing = null!;
    private Dictionary<string, TensorData> _inputs = null!;

    /// <summary>Microseconds spun on the benchmark thread before each call.</summary>
    [Params(0, 200)]
    public int GapMicroseconds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("ms-bench-").FullName;
        var path = Path.Combine(_directory, "model.onnx");
        LoansModel.Write(path);
        var factory = new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance);
        _runner = factory.LoadAsync(new ModelLoadRequest("loans", 1, _directory, path, ModelConfig.Default.Runtime), CancellationToken.None).GetAwaiter().GetResult();
        _batching = ModelSchedulers.Dynamic(_runner, ModelConfig.Default.Batching, TimeProvider.System, NullLogger.Instance);
        _bypassing = ModelSchedulers.Dynamic(_runner, ModelConfig.Default.Batching with { MaxBatchSize = 0 }, TimeProvider.System, NullLogger.Instance);
        _inputs = new()
        {
            ["income"] = TensorData.FromFloats([2000f], 1),
            ["credit_cards"] = TensorData.FromFloats([2f], 1),
            ["age"] = TensorData.FromFloats([45f], 1),
        };
    }

    [Benchmark(Baseline = true, Description = "runner")]
    public Task<int> Runner()
    {
        Gap();
        return Task.Run(async () => (await _runner.RunAsync(_inputs, null, CancellationToken.None)).Count);
    }

    [Benchmark(Description = "batcher, batching on (idle: starts at once)")]
    public Task<int> Batching()
    {
        Gap();
        return Task.Run(async () => (await _batching.RunAsync(_inputs, null, CancellationToken.None)).Count);
    }

    [Benchmark(Description = "batcher, batching off (bypassed)")]
    public Task<int> Bypassing()
    {
        Gap();
        return Task.Run(async () => (await _bypassing.RunAsync(_inputs, null, CancellationToken.None)).Count);
    }

    /// <summary>Spins for the gap on the benchmark thread (a busy client and gateway, not an idle machine).</summary>
    private void Gap()
    {
        if (GapMicroseconds > 0)
        {
            var until = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * GapMicroseconds / 1_000_000);
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(10);
            }
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _batching?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _bypassing?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _runner?.Dispose();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, true);
        }

        GC.SuppressFinalize(this);
    }
}
