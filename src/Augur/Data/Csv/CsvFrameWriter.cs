using System.Globalization;

namespace Augur.Data;

/// <summary>Writes frames as CSV that <see cref="CsvTableReader"/> reads back to the same values.</summary>
internal static class CsvFrameWriter
{
    private static readonly NaMatcher s_defaultNa = new(CsvReadOptions.DefaultNaTokens);
    private static readonly System.Buffers.SearchValues<char> s_special = System.Buffers.SearchValues.Create("\"\r\n,;\t|");

    public static void Write(Frame frame, TextWriter writer, CsvWriteOptions options)
    {
        var delimiter = options.Delimiter;
        if (delimiter is '"' or '\r' or '\n') throw new AugurException($"'{delimiter}' cannot be a CSV delimiter");
        var missing = options.MissingValue ?? "";
        if (missing.AsSpan().IndexOfAny(['"', '\r', '\n', delimiter]) >= 0)
            throw new AugurException("CsvWriteOptions.MissingValue cannot contain the delimiter, a quote or a line break");
        var newLine = options.NewLine ?? "\n";
        var columns = frame.Columns;
        if (columns.Count == 0) return;

        if (options.WriteHeader)
        {
            for (var j = 0; j < columns.Count; j++)
            {
                if (j > 0) writer.Write(delimiter);
                WriteText(writer, columns[j].Name, delimiter, missing, header: true);
            }
            writer.Write(newLine);
        }

        Span<char> buffer = stackalloc char[64];
        var rows = frame.RowCount;
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns.Count; j++)
            {
                if (j > 0) writer.Write(delimiter);
                var c = columns[j];
                if (c.IsMissing(i))
                {
                    writer.Write(missing);
                    continue;
                }
                switch (c)
                {
                    case Float64Column f:
                        writer.Write(FormatDouble(f[i], buffer));
                        break;
                    case SparseColumn s:
                        writer.Write(FormatDouble(s.GetDouble(i), buffer));
                        break;
                    case Int64Column l:
                    {
                        l.Values[i].TryFormat(buffer, out var n, default, CultureInfo.InvariantCulture);
                        writer.Write(buffer[..n]);
                        break;
                    }
                    case BoolColumn b:
                        writer.Write(b.Values[i] ? "true" : "false");
                        break;
                    case DateTimeColumn d:
                        writer.Write(FormatDateTime(d.Ticks[i], buffer));
                        break;
                    case StringColumn s:
                        WriteText(writer, s[i]!, delimiter, missing, header: false);
                        break;
                    case CategoricalColumn k:
                        WriteText(writer, k[i]!, delimiter, missing, header: false);
                        break;
                    default:
                        WriteText(writer, c.Format(i), delimiter, missing, header: false);
                        break;
                }
            }
            writer.Write(newLine);
        }
        writer.Flush();
    }

    /// <summary>Round-trip form; whole numbers keep a <c>.0</c> so that they read back as floats.</summary>
    internal static ReadOnlySpan<char> FormatDouble(double v, Span<char> buffer)
    {
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        v.TryFormat(buffer, out var n, "R", CultureInfo.InvariantCulture);
        if (buffer[..n].IndexOfAny('.', 'E', 'e') < 0)
        {
            buffer[n++] = '.';
            buffer[n++] = '0';
        }
        return buffer[..n];
    }

    internal static ReadOnlySpan<char> FormatDateTime(long ticks, Span<char> buffer)
    {
        var d = new DateTime(ticks);
        d.TryFormat(buffer, out var n,
            d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        if (buffer[n - 1] == '.') n--;
        return buffer[..n];
    }

    private static void WriteText(TextWriter writer, string value, char delimiter, string missing, bool header)
    {
        // Fields holding any delimiter that a reader might detect are quoted too, so detection stays unambiguous.
        var quote = value.Length == 0
            || value.AsSpan().IndexOfAny(s_special) >= 0
            || value.Contains(delimiter)
            || value == missing
            || (!header && s_defaultNa.Contains(value))
            || value[0] == ' ' || value[^1] == ' ' || value[0] == '\uFEFF';
        if (!quote)
        {
            writer.Write(value);
            return;
        }
        writer.Write('"');
        var span = value.AsSpan();
        while (true)
        {
            var k = span.IndexOf('"');
            if (k < 0)
            {
                writer.Write(span);
                break;
            }
            writer.Write(span[..(k + 1)]);
            writer.Write('"');
            span = span[(k + 1)..];
        }
        writer.Write('"');
    }
}
