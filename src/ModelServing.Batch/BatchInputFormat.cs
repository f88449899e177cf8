namespace ModelServing.Batch;

/// <summary>The Vertex AI batch prediction input formats (<c>instancesFormat</c>).</summary>
public enum BatchInputFormat
{
    /// <summary><c>jsonl</c>: each line is one instance, sent as is.</summary>
    JsonLines,

    /// <summary><c>csv</c>: a header row, then one instance per row as an array (quoted strings, unquoted floats).</summary>
    Csv,

    /// <summary><c>file-list</c>: each line names a local file (path or <c>file://</c> URI) whose bytes become <c>{"b64"}</c>.</summary>
    FileList,

    /// <summary><c>tf-record</c>: each TFRecord record becomes <c>{"b64"}</c>.</summary>
    TfRecord,

    /// <summary><c>tf-record-gzip</c>: a gzip-compressed TFRecord file.</summary>
    TfRecordGzip,
}

/// <summary>Names of <see cref="BatchInputFormat"/> as Vertex AI spells them.</summary>
public static class BatchInputFormats
{
    /// <summary>Every accepted name, for messages.</summary>
    public const string Names = "jsonl, csv, file-list, tf-record, tf-record-gzip";

    /// <summary>Parses a Vertex AI format name; false when unknown.</summary>
    public static bool TryParse(string? name, out BatchInputFormat format)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "jsonl":
                format = BatchInputFormat.JsonLines;
                return true;
            case "csv":
                format = BatchInputFormat.Csv;
                return true;
            case "file-list":
                format = BatchInputFormat.FileList;
                return true;
            case "tf-record":
                format = BatchInputFormat.TfRecord;
                return true;
            case "tf-record-gzip":
                format = BatchInputFormat.TfRecordGzip;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>The Vertex AI name of <paramref name="format"/>.</summary>
    public static string Name(BatchInputFormat format) => format switch
    {
        BatchInputFormat.JsonLines => "jsonl",
        BatchInputFormat.Csv => "csv",
        BatchInputFormat.FileList => "file-list",
        BatchInputFormat.TfRecord => "tf-record",
        _ => "tf-record-gzip",
    };
}
