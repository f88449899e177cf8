using ModelServing.Core.IO;

namespace ModelServing.Core.Tests.IO;

/// <summary>Symbolic links and <c>..</c> are resolved before a path is judged inside or outside a directory.</summary>
public sealed class PathResolutionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("path-resolution-").FullName;

    [Fact]
    public void IsUnder_PlainPathsAndDotDot()
    {
        var inside = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        Assert.True(PathResolution.IsUnder(Path.Combine(inside, "a.txt"), inside));
        Assert.True(PathResolution.IsUnder(inside, inside));
        Assert.False(PathResolution.IsUnder(Path.Combine(inside, "..", "b.txt"), inside));
        Assert.False(PathResolution.IsUnder(inside + "-sibling", inside));
    }

    [Fact]
    public void IsUnder_LinkLeadingOut_IsOutside_AndRelativeLinkInside_IsInside()
    {
        var inside = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret"), "x");
        File.WriteAllText(Path.Combine(inside, "data"), "x");
        File.CreateSymbolicLink(Path.Combine(inside, "escape"), Path.Combine(outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(inside, "dir-escape"), outside);
        File.CreateSymbolicLink(Path.Combine(inside, "alias"), "data");

        Assert.False(PathResolution.IsUnder(Path.Combine(inside, "escape"), inside));
        Assert.False(PathResolution.IsUnder(Path.Combine(inside, "dir-escape", "secret"), inside));
        Assert.True(PathResolution.IsUnder(Path.Combine(inside, "alias"), inside));
        Assert.Equal(Path.Combine(inside, "data"), PathResolution.ResolveLinks(Path.Combine(inside, "alias")));
    }

    [Fact]
    public void ResolveLinks_Loop_IsNull_AndIsUnderFalse()
    {
        var a = Path.Combine(_root, "a");
        var b = Path.Combine(_root, "b");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        Assert.Null(PathResolution.ResolveLinks(a));
        Assert.False(PathResolution.IsUnder(a, _root));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
