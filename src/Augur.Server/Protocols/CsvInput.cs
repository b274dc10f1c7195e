using System.Text;
using Augur.Server.Inference;

namespace Augur.Server.Protocols;

/// <summary>
/// Reads a <c>text/csv</c> body (RFC 4180: comma-separated, double-quoted fields with <c>""</c> escapes, LF or CRLF
/// line ends) whose header names the input columns; each cell goes straight into its column buffer.
/// </summary>
internal static class CsvInput
{
    public static void Read(ReadOnlySpan<byte> body, FrameBuilder frame)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            throw ServingException.BadRequest("the CSV body is not valid UTF-8");
        }
        var pos = 0;
        if (text.StartsWith('\uFEFF')) pos = 1;
        var schema = frame.Schema;
        var header = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        if (!ReadRecord(text, ref pos, header, field, ref line) || header.Count == 0 || (header.Count == 1 && header[0].Length == 0))
            throw ServingException.BadRequest("the CSV body is empty; send a header row of column names, then the rows");
        var map = new ColumnBuffer[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            var j = schema.IndexOf(header[i].Trim());
            if (j < 0)
                throw ServingException.BadRequest($"CSV column '{Describe.Clip(header[i])}' is not an input of the model; its inputs are: {schema.NameList}");
            if (frame.Has(j)) throw ServingException.BadRequest($"CSV column '{schema.Names[j]}' appears twice in the header");
            map[i] = frame[j];
        }
        var cells = new List<string>(header.Count);
        var rows = 0;
        while (true)
        {
            var recordLine = line;
            if (!ReadRecord(text, ref pos, cells, field, ref line)) break;
            if (cells.Count == 1 && cells[0].Length == 0 && header.Count > 1) continue; // blank line
            if (cells.Count != header.Count)
                throw ServingException.BadRequest($"CSV line {recordLine} has {cells.Count} fields but the header has {header.Count}");
            frame.CheckRows(++rows);
            for (var i = 0; i < cells.Count; i++) map[i].AddText(cells[i]);
        }
        if (rows == 0) throw ServingException.BadRequest("the CSV body has a header but no rows");
    }

    /// <summary>Reads one record into <paramref name="cells"/>; false at the end of the text.</summary>
    private static bool ReadRecord(string text, ref int pos, List<string> cells, StringBuilder field, ref int line)
    {
        cells.Clear();
        if (pos >= text.Length) return false;
        while (true)
        {
            field.Clear();
            if (pos < text.Length && text[pos] == '"')
            {
                var startLine = line;
                pos++;
                while (true)
                {
                    if (pos >= text.Length) throw ServingException.BadRequest($"CSV line {startLine}: a quoted field is not closed");
                    var c = text[pos++];
                    if (c == '"')
                    {
                        if (pos < text.Length && text[pos] == '"') { field.Append('"'); pos++; }
                        else break;
                    }
                    else
                    {
                        if (c == '\n') line++;
                        field.Append(c);
                    }
                }
                if (pos < text.Length && text[pos] is not (',' or '\r' or '\n'))
                    throw ServingException.BadRequest($"CSV line {line}: unexpected character after a closing quote");
            }
            else
            {
                var start = pos;
                while (pos < text.Length && text[pos] is not (',' or '\r' or '\n'))
                {
                    if (text[pos] == '"') throw ServingException.BadRequest($"CSV line {line}: a quote inside an unquoted field");
                    pos++;
                }
                field.Append(text, start, pos - start);
            }
            cells.Add(field.ToString());
            if (pos >= text.Length) return true;
            var sep = text[pos++];
            if (sep == ',') continue;
            if (sep == '\r' && pos < text.Length && text[pos] == '\n') pos++;
            line++;
            return true;
        }
    }
}
