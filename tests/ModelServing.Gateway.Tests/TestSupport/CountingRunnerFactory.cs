using System.Collections.Concurrent;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Gateway.Tests.TestSupport;

/// <summary>Wraps the real ONNX runner factory and counts the runners (sessions) alive and the threads runs start on, to find leaks.</summary>
internal sealed class CountingRunnerFactory(IModelRunnerFactory inner) : IModelRunnerFactory
{
    private int _live;
    private int _created;

    public int Live => Volatile.Read(ref _live);

    public int Created => Volatile.Read(ref _created);

    /// <summary>Every thread a run started on.</summary>
    public ConcurrentDictionary<Thread, bool> RunThreads { get; } = new();

    public string Platform => inner.Platform;

    public string ModelFileName => inner.ModelFileName;

    public async Task<IModelRunner> LoadAsync(ModelLoadRequest request, CancellationToken cancellationToken)
    {
        var runner = await inner.LoadAsync(request, cancellationToken);
        Interlocked.Increment(ref _created);
        Interlocked.Increment(ref _live);
        return new CountedRunner(runner, this);
    }

    private sealed class CountedRunner(IModelRunner inner, CountingRunnerFactory owner) : IModelRunner
    {
        private int _disposed;

        public ModelSignature Signature => inner.Signature;

        public string ExecutionProvider => inner.ExecutionProvider;

        public ValueTask<IReadOnlyDictionary<string, TensorData>> RunAsync(
            IReadOnlyDictionary<string, TensorData> inputs, IReadOnlyList<string>? outputNames, CancellationToken cancellationToken)
        {
            owner.RunThreads.TryAdd(Thread.CurrentThread, true);
            return inner.RunAsync(inputs, outputNames, cancellationToken);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._live);
                inner.Dispose();
            }
        }
    }
}
