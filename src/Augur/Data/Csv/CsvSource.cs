using System.Text;

namespace Augur.Data;

/// <summary>Where CSV text comes from. A source can be opened more than once (the reader may need a second pass).</summary>
internal abstract class CsvSource
{
    /// <summary>The size of the input in bytes, or in characters when <see cref="SizeInChars"/>.</summary>
    public abstract long Size { get; }

    /// <summary>True when <see cref="Size"/> counts characters rather than bytes.</summary>
    public virtual bool SizeInChars => false;

    /// <summary>About how many bytes the input takes (for choosing sequential or parallel reading).</summary>
    public long ApproximateBytes => SizeInChars ? Size * 2 : Size;

    /// <summary>
    /// An estimate of the number of records (a little above the likely count) from the lengths of the lines in
    /// <paramref name="prefix"/> and the size of the whole input.
    /// </summary>
    public int EstimateRows(string prefix, bool complete)
    {
        var lines = prefix.AsSpan().Count('\n');
        if (lines == 0) lines = prefix.AsSpan().Count('\r');
        if (complete) return lines + 2;
        if (lines == 0) return 1024;
        var last = Math.Max(prefix.LastIndexOf('\n'), prefix.LastIndexOf('\r'));
        var head = prefix.AsSpan(0, last + 1);
        double units = SizeInChars ? head.Length : Encoding.UTF8.GetByteCount(head);
        var estimate = Size / (units / lines) * 1.02 + 16;
        return (int)Math.Clamp(estimate, 16, Array.MaxLength - 1);
    }

    /// <summary>A reader positioned at the start of the text, with any byte-order mark removed.</summary>
    public abstract TextReader Open();

    /// <summary>Up to <paramref name="maxChars"/> characters from the start; <paramref name="complete"/> when that is all of it.</summary>
    public string Prefix(int maxChars, out bool complete)
    {
        using var reader = Open();
        var buffer = new char[maxChars];
        var n = 0;
        while (n < maxChars)
        {
            var r = reader.Read(buffer, n, maxChars - n);
            if (r == 0) break;
            n += r;
        }
        complete = n < maxChars || reader.Peek() < 0;
        return new string(buffer, 0, n);
    }

    public static CsvSource FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new AugurException($"CSV file '{path}' does not exist");
        return new FileSource(path);
    }

    public static CsvSource FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TextSource(text);
    }

    public static CsvSource FromStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead) throw new ArgumentException("the stream cannot be read", nameof(stream));
        if (stream.CanSeek) return new SeekableStreamSource(stream);
        // A forward-only stream is buffered (as bytes) so that it can be read twice when needed.
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return new SeekableStreamSource(copy);
    }

    public static CsvSource FromReader(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new TextSource(reader.ReadToEnd());
    }

    private sealed class FileSource(string path) : CsvSource
    {
        public override long Size => new FileInfo(path).Length;

        public override TextReader Open()
        {
            try
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            }
            catch (IOException e)
            {
                throw new AugurException($"cannot open CSV file '{path}': {e.Message}", e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new AugurException($"cannot open CSV file '{path}': {e.Message}", e);
            }
        }
    }

    private sealed class TextSource(string text) : CsvSource
    {
        public override long Size => text.Length;

        public override bool SizeInChars => true;

        public override TextReader Open() => new OffsetStringReader(text, text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0);
    }

    private sealed class SeekableStreamSource(Stream stream) : CsvSource
    {
        private readonly long _start = stream.Position;

        public override long Size => stream.Length - _start;

        public override TextReader Open()
        {
            stream.Position = _start;
            return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        }
    }

    /// <summary>A string reader that starts at an offset (to skip a byte-order mark without copying the text).</summary>
    private sealed class OffsetStringReader(string text, int offset) : TextReader
    {
        private int _position = offset;

        public override int Peek() => _position < text.Length ? text[_position] : -1;

        public override int Read() => _position < text.Length ? text[_position++] : -1;

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var n = Math.Min(buffer.Length, text.Length - _position);
            text.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int ReadBlock(Span<char> buffer) => Read(buffer);

        public override string ReadToEnd()
        {
            var s = text[_position..];
            _position = text.Length;
            return s;
        }
    }
}
