using System.Collections.Concurrent;
using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Batching;

/// <summary>
/// A model whose every output row depends only on its own input row: <c>rowSum = sum(x)</c>, <c>y = (2x + rowSum) * scale</c>.
/// Records each execution and its thread, and can wait at a gate, block its thread, fail, or break the batch dimension on request.
/// </summary>
internal sealed class RowSumRunner(ModelSignature? signature = null) : IModelRunner
{
    /// <summary>x [-1, -1] and an ignored weight [-1] are batched; scale [] is not; execution [] is a per-run counter.</summary>
    public static readonly ModelSignature BatchSignature = new(
        [
            new TensorSpec("x", TensorDataType.Float, -1, -1),
            new TensorSpec("weight", TensorDataType.Float, -1),
            new TensorSpec("scale", TensorDataType.Float),
        ],
        [
            new TensorSpec("y", TensorDataType.Float, -1, -1),
            new TensorSpec("rowSum", TensorDataType.Float, -1),
            new TensorSpec("execution", TensorDataType.Int64),
        ]);

    /// <summary>The same model with a fixed leading dimension: nothing to batch.</summary>
    public static readonly ModelSignature FixedSignature = new(
        [new TensorSpec("x", TensorDataType.Float, 2, 3)],
        [new TensorSpec("y", TensorDataType.Float, 2, 3), new TensorSpec("rowSum", TensorDataType.Float, 2)]);

    private int _active;
    private int _maxActive;
    private int _calls;

    public ModelSignature Signature { get; } = signature ?? BatchSignature;

    public string ExecutionProvider => "cpu";

    /// <summary>Every call, in the order they started.</summary>
    public ConcurrentQueue<Execution> Executions { get; } = new();

    /// <summary>The thread each call started on, in the order they started.</summary>
    public ConcurrentQueue<Thread> Threads { get; } = new();

    /// <summary>When set, each call waits for it after recording itself.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, each call blocks its thread on it (as an ONNX Runtime run does) until it is set or the token fires.</summary>
    public ManualResetEventSlim? BlockingGate { get; set; }

    /// <summary>When set, each call throws it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, a call whose x holds this value fails with InvalidInput, as ONNX Runtime refuses a Gather index out of range.</summary>
    public float? RefusedValue { get; set; }

    /// <summary>When set, rowSum comes back with one row too many.</summary>
    public bool DropBatchDimension { get; set; }

    public int MaxActive => Volatile.Read(ref _maxActive);

    public int[] BatchSizes => [.. Executions.Select(e => e.Rows)];

    public async ValueTask<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs, IReadOnlyList<string>? outputNames, CancellationToken cancellationToken)
    {
        Threads.Enqueue(Thread.CurrentThread);
        var x = inputs["x"];
        var execution = Interlocked.Increment(ref _calls);
        Executions.Enqueue(new Execution((int)x.Shape[0], x.Shape[1], inputs));
        var active = Interlocked.Increment(ref _active);
        InterlockedMax(ref _maxActive, active);
        try
        {
            BlockingGate?.Wait(cancellationToken);
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            else
            {
                await Task.Yield();
            }

            if (Failure is { } failure)
            {
                throw failure;
            }

            if (RefusedValue is { } refused && x.As<float>().Contains(refused))
            {
                throw ServingException.Invalid($"indices element out of data bounds, idx={refused}");
            }

            var scale = inputs.TryGetValue("scale", out var s) ? s.As<float>()[0] : 1f;
            var (y, rowSum) = Compute(x.As<float>(), x.Shape[0], x.Shape[1], scale);
            return new Dictionary<string, TensorData>
            {
                ["y"] = TensorData.FromFloats(y, [.. x.Shape]),
                ["rowSum"] = DropBatchDimension
                    ? TensorData.FromFloats([.. rowSum, 0f], x.Shape[0] + 1)
                    : TensorData.FromFloats(rowSum, x.Shape[0]),
                ["execution"] = TensorData.Create(TensorDataType.Int64, new long[] { execution }),
            };
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>The model's arithmetic, also the tests' expected values (same float operations in the same order).</summary>
    public static (float[] Y, float[] RowSum) Compute(float[] x, long rows, long width, float scale)
    {
        var y = new float[rows * width];
        var rowSum = new float[rows];
        for (var r = 0; r < rows; r++)
        {
            var sum = 0f;
            for (var c = 0; c < width; c++)
            {
                sum += x[(r * width) + c];
            }

            rowSum[r] = sum;
            for (var c = 0; c < width; c++)
            {
                y[(r * width) + c] = ((x[(r * width) + c] * 2f) + sum) * scale;
            }
        }

        return (y, rowSum);
    }

    public void Dispose()
    {
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>One call: its rows, the width of x, and the inputs it received.</summary>
    public sealed record Execution(int Rows, long Width, IReadOnlyDictionary<string, TensorData> Inputs);
}
