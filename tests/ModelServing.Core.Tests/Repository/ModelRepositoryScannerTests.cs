using ModelServing.Core.Repository;

namespace ModelServing.Core.Tests.Repository;

public sealed class ModelRepositoryScannerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ms-scan-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private void Make(params string[] paths)
    {
        foreach (var path in paths)
        {
            Directory.CreateDirectory(Path.Combine(_root, path));
        }
    }

    [Fact]
    public void Scan_NumericVersionsOnly_IgnoresOtherAndHiddenDirectories()
    {
        Make("b/1", "b/10", "b/2", "b/tmp", "b/1.bak", "b/-3", "a/5", ".git/1", "empty");

        var models = ModelRepositoryScanner.Scan(new ModelRepositoryOptions { Root = _root });

        Assert.Equal(["a", "b", "empty"], models.Select(m => m.Name));
        Assert.Equal([1, 2, 10], models[1].Versions.Select(v => v.Key));
        Assert.Empty(models[2].Versions);
    }

    [Fact]
    public void Scan_SingleModelName_KeepsOnlyThatModel()
    {
        Make("a/1", "b/1");

        var models = ModelRepositoryScanner.Scan(new ModelRepositoryOptions { Root = _root, SingleModelName = "b" });

        Assert.Equal("b", Assert.Single(models).Name);
    }

    [Fact]
    public void Scan_RootIsModelDirectory_TreatsRootAsOneModel()
    {
        Make("m/1", "m/2");

        var models = ModelRepositoryScanner.Scan(new ModelRepositoryOptions { Root = Path.Combine(_root, "m"), RootIsModelDirectory = true });

        var model = Assert.Single(models);
        Assert.Equal("m", model.Name);
        Assert.Equal([1, 2], model.Versions.Select(v => v.Key));
    }

    [Fact]
    public void Scan_MissingRoot_ThrowsWithoutPath()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => ModelRepositoryScanner.Scan(new ModelRepositoryOptions { Root = Path.Combine(_root, "nope") }));

        Assert.DoesNotContain(_root, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("007", 7L)]
    [InlineData("", null)]
    [InlineData("+1", null)]
    [InlineData("1e3", null)]
    [InlineData("12345678901234567890", null)]
    public void ParseVersion_AcceptsOnlyDecimalDigits(string name, long? expected) =>
        Assert.Equal(expected, ModelRepositoryScanner.ParseVersion(name));
}
