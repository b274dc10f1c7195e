using System.Globalization;
using System.Text.Json;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Server.Protocols;

/// <summary>Writes prediction columns and probability matrices as JSON values.</summary>
internal static class JsonOutput
{
    /// <summary>Writes row <paramref name="row"/> of <paramref name="column"/> (null when missing).</summary>
    public static void WriteValue(Utf8JsonWriter w, Column column, int row)
    {
        switch (column)
        {
            case Float64Column f:
                WriteNumber(w, f[row]);
                break;
            case Int64Column l:
                if (l.IsMissing(row)) w.WriteNullValue(); else w.WriteNumberValue(l.Values[row]);
                break;
            case BoolColumn b:
                if (b.IsMissing(row)) w.WriteNullValue(); else w.WriteBooleanValue(b.Values[row]);
                break;
            case StringColumn s:
                if (s[row] is { } text) w.WriteStringValue(text); else w.WriteNullValue();
                break;
            case CategoricalColumn c:
                if (c[row] is { } cat) w.WriteStringValue(cat); else w.WriteNullValue();
                break;
            case DateTimeColumn d:
                if (d[row] is { } t) w.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); else w.WriteNullValue();
                break;
            default:
                if (column.IsMissing(row)) w.WriteNullValue();
                else if (column.IsNumeric) WriteNumber(w, column.GetDouble(row));
                else w.WriteStringValue(column.Format(row));
                break;
        }
    }

    /// <summary>Writes every value of <paramref name="column"/> (the caller writes the array brackets).</summary>
    public static void WriteValues(Utf8JsonWriter w, Column column)
    {
        if (column is Float64Column f)
        {
            foreach (var v in f.Values) WriteNumber(w, v);
            return;
        }
        for (var i = 0; i < column.Length; i++) WriteValue(w, column, i);
    }

    public static void WriteNumber(Utf8JsonWriter w, double v)
    {
        if (double.IsFinite(v)) w.WriteNumberValue(v);
        else w.WriteNullValue();
    }

    /// <summary>Writes row <paramref name="row"/> of <paramref name="m"/> as an array.</summary>
    public static void WriteRow(Utf8JsonWriter w, Matrix m, int row)
    {
        w.WriteStartArray();
        foreach (var v in m.Row(row)) WriteNumber(w, v);
        w.WriteEndArray();
    }

    /// <summary>Writes every value of <paramref name="m"/>, row-major (the caller writes the array brackets).</summary>
    public static void WriteFlat(Utf8JsonWriter w, Matrix m)
    {
        foreach (var v in m.Data.AsSpan(0, m.Rows * m.Cols)) WriteNumber(w, v);
    }
}
