using System.Buffers.Text;
using System.Text;

namespace ModelServing.Batch.Input;

/// <summary>One CSV cell: a quoted string, or an unquoted value that must be a number.</summary>
/// <param name="Text">The cell's text (unescaped for quoted cells).</param>
/// <param name="Quoted">True for a double-quoted cell.</param>
/// <param name="Number">The value of an unquoted cell.</param>
internal readonly record struct CsvCell(string Text, bool Quoted, double Number);

/// <summary>Parses one CSV row as Vertex AI reads it: double-quoted strings (<c>""</c> escapes a quote), unquoted values as floats.</summary>
internal static class CsvRowParser
{
    /// <summary>Parses <paramref name="line"/>; false with a reason when it is malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out List<CsvCell> cells, out string? error, bool header = false)
    {
        cells = [];
        error = null;
        var position = 0;
        while (true)
        {
            if (position < line.Length && line[position] == (byte)'"')
            {
                if (!TryReadQuoted(line, ref position, out var text))
                {
                    error = $"column {cells.Count + 1}: unterminated quoted string";
                    return false;
                }

                cells.Add(new CsvCell(text, true, 0));
                if (position < line.Length && line[position] != (byte)',')
                {
                    error = $"column {cells.Count}: text after the closing quote";
                    return false;
                }
            }
            else
            {
                var end = line[position..].IndexOf((byte)',');
                var raw = end < 0 ? line[position..] : line.Slice(position, end);
                position += raw.Length;
                raw = raw.Trim(" \t"u8);
                if (header)
                {
                    cells.Add(new CsvCell(Encoding.UTF8.GetString(raw), false, 0));
                }
                else if (TryReadNumber(raw, cells.Count + 1, out var cell, out error))
                {
                    cells.Add(cell);
                }
                else
                {
                    return false;
                }
            }

            if (position >= line.Length)
            {
                return true;
            }

            position++;
        }
    }

    private static bool TryReadNumber(ReadOnlySpan<byte> raw, int column, out CsvCell cell, out string? error)
    {
        cell = default;
        error = null;
        if (!Utf8Parser.TryParse(raw, out double number, out var consumed) || consumed != raw.Length)
        {
            error = raw.IndexOf((byte)'"') >= 0
                ? $"column {column}: stray quote in an unquoted value"
                : $"column {column}: unquoted value \"{Encoding.UTF8.GetString(raw)}\" is not a number";
            return false;
        }

        if (!double.IsFinite(number))
        {
            error = $"column {column}: \"{Encoding.UTF8.GetString(raw)}\" is not a finite number";
            return false;
        }

        cell = new CsvCell(string.Empty, false, number);
        return true;
    }

    private static bool TryReadQuoted(ReadOnlySpan<byte> line, ref int position, out string text)
    {
        var builder = new List<byte>();
        var i = position + 1;
        while (i < line.Length)
        {
            if (line[i] == (byte)'"')
            {
                if (i + 1 < line.Length && line[i + 1] == (byte)'"')
                {
                    builder.Add((byte)'"');
                    i += 2;
                    continue;
                }

                position = i + 1;
                text = Encoding.UTF8.GetString([.. builder]);
                return true;
            }

            builder.Add(line[i]);
            i++;
        }

        text = string.Empty;
        return false;
    }
}
