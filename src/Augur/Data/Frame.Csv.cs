using System.Text;

namespace Augur.Data;

public sealed partial class Frame
{
    /// <summary>
    /// Reads a CSV file. The delimiter is detected unless given; column types are inferred over the whole file
    /// (int64, float64, bool, ISO-8601 datetime, categorical for low-cardinality text, else string) unless
    /// <see cref="CsvReadOptions.Schema"/> fixes them. Malformed input (a record with too few or too many fields, a
    /// quote that is never closed, a value that does not fit its schema type) throws <see cref="CsvFormatException"/>
    /// naming the line and column. Large files are parsed on all cores.
    /// </summary>
    public static Frame ReadCsv(string path, CsvReadOptions? options = null) => CsvTableReader.Read(CsvSource.FromFile(path), options);

    /// <summary>
    /// Reads CSV from a stream (UTF-8 unless a byte-order mark says otherwise), from its current position. A stream
    /// that cannot seek is first copied to memory. The stream is left open.
    /// </summary>
    public static Frame ReadCsv(Stream stream, CsvReadOptions? options = null) => CsvTableReader.Read(CsvSource.FromStream(stream), options);

    /// <summary>Reads CSV from a text reader (its remaining text is read into memory first). The reader is left open.</summary>
    public static Frame ReadCsv(TextReader reader, CsvReadOptions? options = null) => CsvTableReader.Read(CsvSource.FromReader(reader), options);

    /// <summary>Parses CSV held in a string (see <see cref="ReadCsv(string, CsvReadOptions?)"/>).</summary>
    public static Frame ParseCsv(string text, CsvReadOptions? options = null) => CsvTableReader.Read(CsvSource.FromText(text), options);

    /// <summary>
    /// Writes the frame as CSV (UTF-8 without byte-order mark): numbers in round-trip form with the invariant
    /// culture (a float that holds a whole number is written with <c>.0</c>, infinities as <c>inf</c>/<c>-inf</c>),
    /// datetimes in ISO-8601, missing values as <see cref="CsvWriteOptions.MissingValue"/>. A text is quoted only
    /// when it must be: it holds a quote, a line break or a delimiter (any of comma, semicolon, tab and pipe, so that
    /// detection stays unambiguous), is empty, has spaces at either end, or would read back as missing.
    /// </summary>
    public void WriteCsv(string path, CsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        CsvFrameWriter.Write(this, writer, options ?? new CsvWriteOptions());
    }

    /// <summary>Writes the frame as CSV (UTF-8 without byte-order mark) to a stream, which is left open.</summary>
    public void WriteCsv(Stream stream, CsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), bufferSize: 1 << 16, leaveOpen: true);
        CsvFrameWriter.Write(this, writer, options ?? new CsvWriteOptions());
    }

    /// <summary>Writes the frame as CSV to a text writer (flushed, left open).</summary>
    public void WriteCsv(TextWriter writer, CsvWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CsvFrameWriter.Write(this, writer, options ?? new CsvWriteOptions());
    }

    /// <summary>The frame as CSV text.</summary>
    public string ToCsv(CsvWriteOptions? options = null)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteCsv(writer, options);
        return writer.ToString();
    }
}
