using ModelServing.Core.Repository;

namespace ModelServing.Core.Tests.Repository;

public sealed class VersionPolicyTests
{
    private static readonly long[] s_onDisk = [3, 1, 10, 2];

    [Fact]
    public void Latest_PicksHighestVersionsAscending() =>
        Assert.Equal([3, 10], VersionPolicy.Latest(2).Select(s_onDisk));

    [Fact]
    public void Latest_MoreThanPresent_PicksAll() =>
        Assert.Equal([1, 2, 3, 10], VersionPolicy.Latest(9).Select(s_onDisk));

    [Fact]
    public void All_PicksEverything() =>
        Assert.Equal([1, 2, 3, 10], VersionPolicy.All.Select(s_onDisk));

    [Fact]
    public void Specific_PicksOnlyListedVersionsThatExist() =>
        Assert.Equal([2, 10], VersionPolicy.Specific([10, 2, 7]).Select(s_onDisk));
}
