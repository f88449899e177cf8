namespace ModelServing.Batch.Input;

/// <summary>What an input record holds, before it becomes an instance.</summary>
internal enum InputRecordKind
{
    /// <summary>A JSON Lines line.</summary>
    JsonLine,

    /// <summary>A CSV row (the raw line).</summary>
    CsvRow,

    /// <summary>A file-list line: the file's path or URI.</summary>
    FileReference,

    /// <summary>Raw bytes (a TFRecord record).</summary>
    Binary,

    /// <summary>A record that could not be read; <see cref="InputRecord.Error"/> says why.</summary>
    Unreadable,
}

/// <summary>One record of the inputs, numbered across every input file in order.</summary>
/// <param name="Ordinal">Position across all inputs (0-based); decides the chunk and so the shard.</param>
/// <param name="Kind">What <paramref name="Payload"/> holds.</param>
/// <param name="Payload">The record's bytes.</param>
/// <param name="Header">The CSV header cells of the record's file, for CSV rows.</param>
/// <param name="Error">Why the record is unreadable.</param>
internal sealed record InputRecord(long Ordinal, InputRecordKind Kind, byte[] Payload, IReadOnlyList<string>? Header = null, string? Error = null);
