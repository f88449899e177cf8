using ModelServing.Core.Runtime;

namespace ModelServing.Core.PostProcessing;

/// <summary>
/// The characters of a CTC recognizer's classes, as PaddleOCR's <c>CTCLabelDecode</c> builds them: class 0 is the blank,
/// then one class per line of the dictionary file, then a space when <c>use_space_char</c> is on.
/// </summary>
/// <remarks>Immutable and thread-safe once built.</remarks>
internal sealed class CtcDictionary
{
    private readonly string[] _classes;

    private CtcDictionary(string[] classes)
    {
        _classes = classes;
    }

    /// <summary>Number of classes the model must output: the blank, the characters and the optional space.</summary>
    public int ClassCount => _classes.Length;

    /// <summary>The text of class <paramref name="index"/> (1..ClassCount-1; the blank, 0, is the empty string).</summary>
    public string this[int index] => _classes[index];

    /// <summary>Builds the classes from the dictionary's characters (one per entry).</summary>
    /// <param name="characters">The dictionary entries in file order.</param>
    /// <param name="appendSpace">Adds a space as the last class (PaddleOCR's <c>use_space_char</c>).</param>
    /// <param name="displayName">How errors name the dictionary (a file name, never a path).</param>
    /// <exception cref="ModelLoadException">An entry is empty (it would shift every later class).</exception>
    public static CtcDictionary Create(IReadOnlyList<string> characters, bool appendSpace, string displayName)
    {
        ArgumentNullException.ThrowIfNull(characters);
        ArgumentNullException.ThrowIfNull(displayName);
        var classes = new string[characters.Count + 1 + (appendSpace ? 1 : 0)];
        classes[0] = string.Empty;
        for (var i = 0; i < characters.Count; i++)
        {
            if (characters[i].Length == 0)
            {
                throw new ModelLoadException($"dictionary '{displayName}' line {i + 1} is empty; every line must hold the text of one class.");
            }

            classes[i + 1] = characters[i];
        }

        if (appendSpace)
        {
            classes[^1] = " ";
        }

        return new CtcDictionary(classes);
    }

    /// <summary>Loads a dictionary file (UTF-8, one character per line, as PaddleOCR's <c>ppocr_keys_v1.txt</c>).</summary>
    /// <param name="path">The file.</param>
    /// <param name="appendSpace">Adds a space as the last class.</param>
    /// <exception cref="ModelLoadException">The file is missing, unreadable, not UTF-8, empty, or has an empty line.</exception>
    public static CtcDictionary Load(string path, bool appendSpace)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path);
        LabelMap lines;
        try
        {
            lines = LabelMap.Load(path, name);
        }
        catch (ModelLoadException ex)
        {
            // LabelMap names the file a labels file; here it is the dictionary.
            throw new ModelLoadException(ex.Message.Replace($"labels file '{name}'", $"dictionary '{name}'", StringComparison.Ordinal), ex);
        }

        return Create(lines.Labels, appendSpace, name);
    }
}
