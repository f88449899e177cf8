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
/// execution thread and back. Calls follow each other at once, so an execution thread is rarely asleep when one comes.
/// </summary>
[MemoryDiagnoser]
public class BatcherHandoffBenchmarks : IDisposable
{
    private string _directory = null!;
    private IModelRunner _runner = null!;
    private DynamicBatcher _batching = null!;
    private DynamicBatcher _bypassing = null!;
    private Dictionary<string, TensorData> _inputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("ms-bench-").FullName;
        var path = Path.Combine(_directory, "model.onnx");
        LoansModel.Write(path);
        var factory = new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance);
        _runner = factory.LoadAsync(new ModelLoadRequest("loans", 1, _directory, path, ModelConfig.Default), CancellationToken.None).GetAwaiter().GetResult();
        _batching = new DynamicBatcher(_runner, ModelConfig.Default.Batching, TimeProvider.System, NullLogger.Instance);
        _bypassing = new DynamicBatcher(_runner, ModelConfig.Default.Batching with { MaxBatchSize = 0 }, TimeProvider.System, NullLogger.Instance);
        _inputs = new()
        {
            ["income"] = TensorData.FromFloats([2000f], 1),
            ["credit_cards"] = TensorData.FromFloats([2f], 1),
            ["age"] = TensorData.FromFloats([45f], 1),
        };
    }

    [Benchmark(Baseline = true, Description = "runner")]
    public Task<int> Runner() => Task.Run(async () => (await _runner.RunAsync(_inputs, null, CancellationToken.None)).Count);

    [Benchmark(Description = "batcher, batching on (idle: starts at once)")]
    public Task<int> Batching() => Task.Run(async () => (await _batching.RunAsync(_inputs, null, CancellationToken.None)).Count);

    [Benchmark(Description = "batcher, batching off (bypassed)")]
    public Task<int> Bypassing() => Task.Run(async () => (await _bypassing.RunAsync(_inputs, null, CancellationToken.None)).Count);

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
