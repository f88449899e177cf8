using ModelServing.Core.Runtime;

namespace ModelServing.Core.Tests.Runtime;

/// <summary>The thread-pool floor raises the pool's minimum of worker threads and never lowers it.</summary>
public sealed class ThreadPoolFloorTests
{
    [Fact]
    public void Apply_RaisesTheMinimum_AndNeverLowersIt()
    {
        ThreadPool.GetMinThreads(out var before, out var ioBefore);
        var raised = ThreadPoolFloor.Apply(before + 4);
        ThreadPool.GetMinThreads(out var after, out var ioAfter);
        Assert.Equal(before + 4, raised);
        Assert.Equal(before + 4, after);
        Assert.Equal(ioBefore, ioAfter);

        Assert.Equal(after, ThreadPoolFloor.Apply(1));
        ThreadPool.GetMinThreads(out var unchanged, out _);
        Assert.Equal(after, unchanged);
    }

    [Fact]
    public void DefaultMinimum_IsAtLeastSixteenAndEightPerCore() =>
        Assert.Equal(Math.Max(16, Environment.ProcessorCount * 8), ThreadPoolFloor.DefaultMinimum);

    [Fact]
    public void Apply_BelowOne_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadPoolFloor.Apply(0));
}
