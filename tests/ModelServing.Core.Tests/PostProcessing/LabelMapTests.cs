using System.Text;
using ModelServing.Core.PostProcessing;
using ModelServing.Core.Runtime;

namespace ModelServing.Core.Tests.PostProcessing;

public sealed class LabelMapTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "labelmap-tests-" + Guid.NewGuid().ToString("N"));

    public LabelMapTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_JsonArray_ReadsLabelsInOrder()
    {
        // Arrange
        var path = Write("labels.json", """["0", "180"]""");

        // Act
        var labels = LabelMap.Load(path);

        // Assert
        Assert.Equal(2, labels.Count);
        Assert.Equal("0", labels[0]);
        Assert.Equal("180", labels[1]);
    }

    [Fact]
    public void Load_TextLines_KeepsEveryLineLikePaddleOcrKeys()
    {
        // Arrange: BOM, CRLF, non-ASCII, a space label, an empty line, and a final newline.
        var path = Write("ppocr_keys_v1.txt", "\uFEFF'\r\n疗\r\n \r\n\r\nä\n");

        // Act
        var labels = LabelMap.Load(path);

        // Assert
        Assert.Equal(["'", "疗", " ", string.Empty, "ä"], labels.Labels);
    }

    [Fact]
    public void Load_TextWithoutFinalNewline_KeepsLastLabel()
    {
        // Arrange
        var path = Write("labels.txt", "cat\ndog");

        // Act / Assert
        Assert.Equal(["cat", "dog"], LabelMap.Load(path).Labels);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void Indexer_OutOfRange_FallsBackToTheIndex(int index)
    {
        // Arrange
        var labels = LabelMap.FromLabels(["a", "b"]);

        // Act / Assert
        Assert.Equal(index.ToString(System.Globalization.CultureInfo.InvariantCulture), labels[index]);
    }

    [Fact]
    public void Load_InvalidJson_NamesTheFileWithoutItsDirectory()
    {
        // Arrange
        var path = Write("labels.json", """["0", """);

        // Act
        var error = Assert.Throws<ModelLoadException>(() => LabelMap.Load(path));

        // Assert
        Assert.StartsWith("labels file 'labels.json' is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_directory, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JsonWithNonString_ReportsTheElement()
    {
        // Arrange
        var path = Write("labels.json", """["0", 180]""");

        // Act
        var error = Assert.Throws<ModelLoadException>(() => LabelMap.Load(path));

        // Assert
        Assert.Equal("labels file 'labels.json' element 1 is number, not a string.", error.Message);
    }

    [Fact]
    public void Load_JsonObject_IsRejected()
    {
        // Arrange
        var path = Write("labels.json", """{"0": "zero"}""");

        // Act
        var error = Assert.Throws<ModelLoadException>(() => LabelMap.Load(path));

        // Assert
        Assert.Equal("labels file 'labels.json' must be a JSON array of strings.", error.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesOnlyTheDisplayName()
    {
        // Act
        var error = Assert.Throws<ModelLoadException>(
            () => LabelMap.Load(Path.Combine(_directory, "absent.txt"), "models/cls/labels.txt"));

        // Assert
        Assert.Equal("labels file 'models/cls/labels.txt' does not exist.", error.Message);
    }

    [Theory]
    [InlineData("labels.txt", "")]
    [InlineData("labels.json", "[]")]
    public void Load_NoLabels_IsRejected(string name, string content)
    {
        // Arrange
        var path = Write(name, content);

        // Act
        var error = Assert.Throws<ModelLoadException>(() => LabelMap.Load(path));

        // Assert
        Assert.Equal($"labels file '{name}' holds no labels.", error.Message);
    }

    [Fact]
    public void FromText_InvalidUtf8_IsRejected()
    {
        // Act
        var error = Assert.Throws<ModelLoadException>(() => LabelMap.FromText([0x61, 0xFF, 0x0A], "labels.txt"));

        // Assert
        Assert.Equal("labels file 'labels.txt' is not valid UTF-8 text.", error.Message);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));
        return path;
    }
}
