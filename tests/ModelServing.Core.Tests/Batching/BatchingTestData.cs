using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.Batching;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Tests.Batching;

/// <summary>Requests for <see cref="RowSumRunner"/>, their expected outputs, and waiting helpers.</summary>
internal static class BatchingTestData
{
    public static DynamicBatcher CreateBatcher(RowSumRunner runner, BatchingOptions options, TimeProvider time) =>
        new(runner, options, time, NullLogger.Instance);

    /// <summary>A request of <paramref name="rows"/> x <paramref name="width"/> distinct values derived from <paramref name="seed"/>.</summary>
    public static TestRequest Request(int rows, int width = 2, int seed = 1, float? scale = null)
    {
        var x = new float[rows * width];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (seed * 100) + (i * 0.25f);
        }

        return new TestRequest(x, rows, width, scale);
    }

    /// <summary>Waits (real time, bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Delay(1);
        }
    }

    /// <summary>Waits until the dispatcher has handled every wake-up so far.</summary>
    public static Task SettleAsync(DynamicBatcher batcher) => WaitUntilAsync(() => batcher.IsDispatcherIdle);

    /// <summary>
    /// Lets the dispatcher finish its pass, then moves the fake clock. A pass that read the clock before the move would
    /// otherwise arm its timer relative to the moved clock and wait longer than the test means.
    /// </summary>
    public static async Task AdvanceAsync(FakeTimeProvider time, DynamicBatcher batcher, TimeSpan delta)
    {
        await SettleAsync(batcher);
        time.Advance(delta);
    }

    /// <summary>Awaits a result with a real-time bound, so a lost request fails the test instead of hanging it.</summary>
    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(10));

    public sealed record TestRequest(float[] X, int Rows, int Width, float? Scale)
    {
        public Dictionary<string, TensorData> Inputs
        {
            get
            {
                var inputs = new Dictionary<string, TensorData> { ["x"] = TensorData.FromFloats(X, Rows, Width) };
                if (Scale is { } scale)
                {
                    inputs["scale"] = TensorData.FromFloats([scale]);
                }

                return inputs;
            }
        }

        /// <summary>Asserts the outputs are exactly this request's rows of the model's results, in order.</summary>
        public void AssertOutputs(IReadOnlyDictionary<string, TensorData> outputs)
        {
            var (y, rowSum) = RowSumRunner.Compute(X, Rows, Width, Scale ?? 1f);
            Assert.Equal([Rows, Width], outputs["y"].Shape);
            Assert.Equal(y, outputs["y"].As<float>());
            Assert.Equal([Rows], outputs["rowSum"].Shape);
            Assert.Equal(rowSum, outputs["rowSum"].As<float>());
        }
    }
}
