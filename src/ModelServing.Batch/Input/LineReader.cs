namespace ModelServing.Batch.Input;

/// <summary>Splits a stream into lines (LF or CRLF) without decoding them; memory stays at one buffer plus the longest line.</summary>
internal sealed class LineReader(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The next line without its terminator, or null at the end.</summary>
    public byte[]? ReadLine()
    {
        var scanned = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(scanned, _end - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var end = scanned + newline;
                var line = Take(end);
                _start = end + 1;
                return line;
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    return null;
                }

                var last = Take(_end);
                _start = _end;
                return last;
            }

            scanned = _end - _start;
            Fill();
            scanned += _start;
        }
    }

    private byte[] Take(int end)
    {
        var length = end - _start;
        if (length > 0 && _buffer[end - 1] == (byte)'\r')
        {
            length--;
        }

        return _buffer.AsSpan(_start, length).ToArray();
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
        BytesRead += read;
    }
}
