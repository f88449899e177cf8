using ModelServing.Storage.Mirror;

namespace ModelServing.Storage.Tests.Mirror;

public sealed class MirrorLayoutTests
{
    [Theory]
    [InlineData("m/../../etc/passwd")]
    [InlineData("m/1/./model.onnx")]
    [InlineData("m//1/model.onnx")]
    [InlineData(".manifest.json/x")]
    [InlineData(".staging/1/model.onnx")]
    [InlineData("m/1/a\\..\\b")]
    [InlineData("toplevel.txt")]
    public void LocalPath_KeyThatCouldLeaveOrHitTheMirrorsOwnFiles_Skipped(string key) =>
        Assert.Null(new MirrorLayout(null, null).LocalPath(key));

    [Theory]
    [InlineData("m/1/model.onnx", "m/1")]
    [InlineData("m/1/sub/data.bin", "m/1")]
    [InlineData("m/config.json", null)]
    [InlineData("m/assets/1", null)]
    public void UnitOf_Path_FirstNumericDirectory(string path, string? unit) => Assert.Equal(unit, MirrorLayout.UnitOf(path));
}
