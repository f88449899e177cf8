using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;
using ModelServing.Protocols.Json;

namespace ModelServing.Protocols.Scoring;

/// <summary>
/// Reads <c>{"data": [...], "method": ...}</c> in one pass with <see cref="Utf8JsonReader"/>. A row is a list of values in
/// signature input order, an object keyed by input name, or (for a one-input model) a bare value. BYTES inputs take base64
/// strings (or <c>{"b64": ...}</c>), so image models score with a base64 JPEG or PNG per row.
/// </summary>
public static partial class ScoreRequestReader
{
    /// <summary>Parses the request into one tensor per input with the rows along the first dimension.</summary>
    /// <exception cref="ServingException">Invalid input, naming the row and input.</exception>
    public static ScoreRequest Read(ReadOnlyMemory<byte> body, ModelSignature signature)
    {
        var columns = signature.Inputs.Select(Column.For).ToArray();
        var method = "predict";
        var sawData = false;
        try
        {
            var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw ServingException.Invalid("The request must be a JSON object like {\"data\": [[...]], \"method\": \"predict\"}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = JsonText.Read(ref reader, "A key of the request");
                reader.Read();
                switch (property)
                {
                    case "data" or "input_data":
                        ReadRows(ref reader, columns);
                        sawData = true;
                        break;
                    case "method":
                        method = reader.TokenType == JsonTokenType.String ? JsonText.Read(ref reader, "\"method\"") : throw ServingException.Invalid("\"method\" must be a string");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw ServingException.Invalid($"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})");
        }

        if (!sawData || columns[0].Rows == 0)
        {
            throw ServingException.Invalid("The request has no rows; send {\"data\": [[...]]} with one entry per row");
        }

        return new ScoreRequest(columns.ToDictionary(c => c.Spec.Name, c => c.Build()), method);
    }

    private static void ReadRows(ref Utf8JsonReader reader, Column[] columns)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw ServingException.Invalid("\"data\" must be a list of rows");
        }

        var row = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (index >= columns.Length)
                    {
                        throw ServingException.Invalid($"Row {row} has more than the model's {columns.Length} inputs ({Names(columns)})");
                    }

                    columns[index++].Add(ref reader, row);
                }
            }
            else if (reader.TokenType == JsonTokenType.StartObject && !(columns.Length == 1 && columns[0].AcceptsObjects))
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = JsonText.Read(ref reader, "A key of row {0}", row);
                    reader.Read();
                    var column = columns.FirstOrDefault(c => c.Spec.Name == name)
                        ?? throw ServingException.Invalid($"Row {row} names unknown input '{name}'; the model's inputs are: {Names(columns)}");
                    column.Add(ref reader, row);
                }
            }
            else if (columns.Length == 1)
            {
                columns[0].Add(ref reader, row);
            }
            else
            {
                throw ServingException.Invalid($"Row {row} must be a list of {columns.Length} values ({Names(columns)}) or an object keyed by input name");
            }

            foreach (var column in columns)
            {
                if (column.Rows != row + 1)
                {
                    throw ServingException.Invalid($"Row {row} has no value for input '{column.Spec.Name}'");
                }
            }

            row++;
        }
    }

    private static string Names(Column[] columns) => string.Join(", ", columns.Select(c => c.Spec.Name));
}
