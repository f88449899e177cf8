using System.Text;
using ModelServing.Core.PostProcessing;
using ModelServing.Core.Runtime;

namespace ModelServing.Core.Tests.PostProcessing;

public sealed class CtcGreedyTests : IDisposable
{
    // Classes: 0 blank, 1 "a", 2 "b", 3 " " (the space PaddleOCR appends).
    private static readonly CtcDictionary s_dictionary = CtcDictionary.Create(["a", "b"], appendSpace: true, "keys.txt");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ctc-tests-" + Guid.NewGuid().ToString("N"));

    public CtcGreedyTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>One row per step: probability Top on the class, the rest spread evenly.</summary>
    private static float[] Steps(params (int Class, float Top)[] steps)
    {
        var rows = new float[steps.Length * 4];
        for (var t = 0; t < steps.Length; t++)
        {
            for (var c = 0; c < 4; c++)
            {
                rows[(t * 4) + c] = c == steps[t].Class ? steps[t].Top : (1 - steps[t].Top) / 3;
            }
        }

        return rows;
    }

    [Fact]
    public void Decode_RepeatsAndBlanks_CollapseRepeatsAndKeepLettersTheBlankSeparates()
    {
        var rows = Steps((1, 0.9f), (1, 0.8f), (0, 0.9f), (1, 0.7f), (3, 0.6f), (2, 0.5f), (2, 0.9f), (0, 0.9f));

        var (text, confidence) = CtcGreedy.Decode(rows, 8, s_dictionary);

        Assert.Equal("aa b", text);
        // The kept steps are the first of each run: 0.9 (a), 0.7 (a), 0.6 (space), 0.5 (b).
        Assert.Equal((0.9f + 0.7f + 0.6f + 0.5f) / 4, confidence, 1e-6f);
    }

    [Fact]
    public void Decode_OnlyBlanks_IsEmptyWithZeroConfidence()
    {
        var (text, confidence) = CtcGreedy.Decode(Steps((0, 0.99f), (0, 0.98f)), 2, s_dictionary);

        Assert.Equal(string.Empty, text);
        Assert.Equal(0f, confidence);
    }

    [Fact]
    public void Decode_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => CtcGreedy.Decode(new float[7], 2, s_dictionary));
    }

    [Fact]
    public void Create_SpaceCharacter_IsTheLastClassAfterTheBlankAndTheLines()
    {
        Assert.Equal(4, s_dictionary.ClassCount);
        Assert.Equal(["", "a", "b", " "], Enumerable.Range(0, 4).Select(i => s_dictionary[i]));
        Assert.Equal(3, CtcDictionary.Create(["a", "b"], appendSpace: false, "keys.txt").ClassCount);
    }

    [Fact]
    public void Load_EmptyLine_IsALoadErrorNamingTheLine()
    {
        var path = Write("keys.txt", "a\n\nb\n"u8.ToArray());

        var ex = Assert.Throws<ModelLoadException>(() => CtcDictionary.Load(path, appendSpace: true));

        Assert.Equal("dictionary 'keys.txt' line 2 is empty; every line must hold the text of one class.", ex.Message);
    }

    [Fact]
    public void Load_InvalidUtf8_IsALoadErrorNamingTheDictionaryNotItsPath()
    {
        var path = Write("keys.txt", [0x61, 0x0A, 0xFF, 0xFE, 0x0A]);

        var ex = Assert.Throws<ModelLoadException>(() => CtcDictionary.Load(path, appendSpace: true));

        Assert.Equal("dictionary 'keys.txt' is not valid UTF-8 text.", ex.Message);
        Assert.DoesNotContain(_directory, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PaddleOcrStyleFile_KeepsCrLfFreeLinesInOrder()
    {
        var path = Write("keys.txt", Encoding.UTF8.GetBytes("'\r\n疗\r\n0\n"));

        var dictionary = CtcDictionary.Load(path, appendSpace: false);

        Assert.Equal(["", "'", "疗", "0"], Enumerable.Range(0, dictionary.ClassCount).Select(i => dictionary[i]));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
