using ModelServing.Core.Runtime;

namespace ModelServing.Core.Tests.Runtime;

/// <summary>The bounded spin: it stops as soon as its condition holds, and it stops trying where it keeps missing.</summary>
public sealed class AdaptiveSpinTests
{
    [Fact]
    public void Spin_ConditionHoldsAlready_ReturnsTrueAfterOneLook()
    {
        // Arrange
        var spin = new AdaptiveSpin(microseconds: 50_000);
        var looks = 0;

        // Act
        var hit = spin.Spin(0, _ => ++looks > 0);

        // Assert
        Assert.True(hit);
        Assert.Equal(1, looks);
    }

    [Fact]
    public void Spin_ConditionComesTrueWhileSpinning_ReturnsTrue()
    {
        // Arrange
        var spin = new AdaptiveSpin(microseconds: 5_000_000);
        var looks = 0;

        // Act
        var hit = spin.Spin(0, _ => ++looks == 100);

        // Assert
        Assert.True(hit);
        Assert.Equal(100, looks);
    }

    [Fact]
    public void Spin_ThreeMissesInARow_OnlyLooksOnceUntilEverySixteenthCallProbesAgain()
    {
        // Arrange: a spin of 50 ms looks many times; one that backs off looks once.
        var spin = new AdaptiveSpin(microseconds: 50_000);
        var looks = new List<int>();

        // Act
        for (var call = 0; call < 17; call++)
        {
            var count = 0;
            Assert.False(spin.Spin(0, _ => ++count < 0));
            looks.Add(count);
        }

        // Assert: calls 0-2 spin and miss; 3-15 look once; 16 probes (spins) again.
        Assert.All(looks.Take(3), l => Assert.True(l > 1, $"a spin looked only {l} times"));
        Assert.All(looks.Skip(3).Take(13), l => Assert.Equal(1, l));
        Assert.True(looks[16] > 1, $"the probe looked only {looks[16]} times");
    }

    [Fact]
    public void Spin_AHitAfterBackingOff_SpinsFullyAgain()
    {
        // Arrange: backed off after three misses, then a probe that hits.
        var spin = new AdaptiveSpin(microseconds: 50_000);
        for (var call = 0; call < 16; call++)
        {
            spin.Spin(0, _ => false);
        }

        Assert.True(spin.Spin(0, _ => true));
        var count = 0;

        // Act
        spin.Spin(0, _ => ++count < 0);

        // Assert
        Assert.True(count > 1, $"the spin after a hit looked only {count} times");
    }
}
