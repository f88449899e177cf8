using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using ModelServing.Onnx.Sessions;

namespace ModelServing.Onnx;

/// <summary>
/// Giving an arena's high-water mark back: ONNX Runtime's CPU arena grows to the largest batch a session ever ran and keeps
/// it, so one rare large batch would hold its memory for the life of the version. At most once per interval, one run asks
/// for the arena's wholly unused regions to be freed when it ends, and native memory freed that way leaves malloc's heap.
/// </summary>
internal sealed partial class OnnxModelRunner
{
    private const string ArenaShrinkageKey = "memory.enable_memory_arena_shrinkage";
    private const string CpuArena = "cpu:0";

    private readonly long _arenaShrinkTicks;
    private long _nextArenaShrink;

    /// <summary>Claims this interval's shrink for the calling run: true for one run per interval, never when disabled.</summary>
    private bool ClaimArenaShrink(RunOptions runOptions)
    {
        if (_arenaShrinkTicks == 0)
        {
            return false;
        }

        var now = Stopwatch.GetTimestamp();
        var due = Volatile.Read(ref _nextArenaShrink);
        if (now < due || Interlocked.CompareExchange(ref _nextArenaShrink, now + _arenaShrinkTicks, due) != due)
        {
            return false;
        }

        runOptions.AddRunConfigEntry(ArenaShrinkageKey, CpuArena);
        return true;
    }

    /// <summary>After a shrinking run: the regions the arena freed go back to the operating system.</summary>
    private static void AfterArenaShrink() => NativeHeap.Trim();

    private static long ArenaShrinkTicks(TimeSpan? interval) =>
        interval is { } every && every > TimeSpan.Zero ? Math.Max(1, (long)(every.TotalSeconds * Stopwatch.Frequency)) : 0;
}
