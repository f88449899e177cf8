using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ModelServing.Batch.Input;

/// <summary>Reads every input file in order as one numbered stream of records, one file open at a time.</summary>
internal sealed class InputReader(IReadOnlyList<string> files, BatchInputFormat format)
{
    /// <summary>The largest TFRecord record accepted; a longer length field is taken as corruption.</summary>
    public const long MaxRecordBytes = 256L << 20;

    private long _completedBytes;
    private FileStream? _current;

    /// <summary>The size of all input files.</summary>
    public long TotalBytes { get; } = files.Sum(f => new FileInfo(f).Length);

    /// <summary>Input bytes read so far (compressed bytes for gzip files).</summary>
    public long BytesRead => _completedBytes + (_current is { } stream ? SafePosition(stream) : 0);

    /// <summary>The records of every file, numbered from 0.</summary>
    public IEnumerable<InputRecord> Read()
    {
        long ordinal = 0;
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            _current = stream;
            var records = format switch
            {
                BatchInputFormat.TfRecord => ReadTfRecords(stream, file),
                BatchInputFormat.TfRecordGzip => ReadGzip(stream, file),
                _ => ReadLines(stream),
            };
            foreach (var (kind, payload, header, error) in records)
            {
                yield return new InputRecord(ordinal++, kind, payload, header, error);
            }

            _completedBytes += stream.Length;
            _current = null;
        }
    }

    private static long SafePosition(FileStream stream)
    {
        try
        {
            return stream.Position;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    private IEnumerable<(InputRecordKind, byte[], IReadOnlyList<string>?, string?)> ReadLines(Stream stream)
    {
        var reader = new LineReader(stream);
        IReadOnlyList<string>? header = null;
        if (format == BatchInputFormat.Csv)
        {
            var first = reader.ReadLine();
            if (first is null)
            {
                yield break;
            }

            header = CsvRowParser.TryParse(StripBom(first), out var cells, out _, header: true)
                ? [.. cells.Select(c => c.Text)]
                : [];
        }

        var kind = format switch
        {
            BatchInputFormat.Csv => InputRecordKind.CsvRow,
            BatchInputFormat.FileList => InputRecordKind.FileReference,
            _ => InputRecordKind.JsonLine,
        };
        var firstLine = header is null;
        while (reader.ReadLine() is { } line)
        {
            if (firstLine)
            {
                line = StripBom(line);
                firstLine = false;
            }

            if (line.AsSpan().IndexOfAnyExcept(" \t"u8) < 0)
            {
                continue;
            }

            yield return (kind, line, header, null);
        }
    }

    private static byte[] StripBom(byte[] line) =>
        line.AsSpan().StartsWith("\uFEFF"u8) ? line[3..] : line;

    private static IEnumerable<(InputRecordKind, byte[], IReadOnlyList<string>?, string?)> ReadGzip(Stream stream, string file)
    {
        using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var buffered = new BufferedStream(gzip, 1 << 16);
        foreach (var record in ReadTfRecords(buffered, file))
        {
            yield return record;
        }
    }

    private static IEnumerable<(InputRecordKind, byte[], IReadOnlyList<string>?, string?)> ReadTfRecords(Stream stream, string file)
    {
        var name = Path.GetFileName(file);
        var header = new byte[12];
        var footer = new byte[4];
        long index = 0;
        while (true)
        {
            int got;
            string? failure = null;
            try
            {
                got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            }
            catch (InvalidDataException)
            {
                got = -1;
                failure = $"{name}: the gzip stream is corrupt after record {index}";
            }

            if (got == 0)
            {
                yield break;
            }

            if (failure is not null || got < header.Length)
            {
                yield return Broken(failure ?? $"{name}: truncated TFRecord header after record {index}");
                yield break;
            }

            var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)) != Crc32C.Masked(header.AsSpan(0, 8)))
            {
                yield return Broken($"{name}: record {index} has a corrupt length (CRC mismatch); the rest of the file is skipped");
                yield break;
            }

            if (length > MaxRecordBytes)
            {
                yield return Broken($"{name}: record {index} is {length} bytes, more than the {MaxRecordBytes} allowed");
                yield break;
            }

            var data = new byte[length];
            bool complete;
            try
            {
                complete = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false) == data.Length
                    && stream.ReadAtLeast(footer, 4, throwOnEndOfStream: false) == 4;
            }
            catch (InvalidDataException)
            {
                complete = false;
            }

            if (!complete)
            {
                yield return Broken($"{name}: record {index} is truncated");
                yield break;
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(footer) != Crc32C.Masked(data))
            {
                yield return (InputRecordKind.Unreadable, data, null, $"{name}: record {index} has corrupt data (CRC mismatch)");
            }
            else
            {
                yield return (InputRecordKind.Binary, data, null, null);
            }

            index++;
        }
    }

    private static (InputRecordKind, byte[], IReadOnlyList<string>?, string?) Broken(string message) =>
        (InputRecordKind.Unreadable, Encoding.UTF8.GetBytes(message), null, message);
}
