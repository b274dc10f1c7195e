using System.Globalization;
using System.Text;

namespace Augur.Data;

public sealed partial class Frame
{
    /// <summary>The frame as an aligned text table: up to 20 rows (the first and last ten) and 24 characters per column.</summary>
    public override string ToString() => ToString(20, 24);

    /// <summary>
    /// The frame as an aligned text table: a header line with the column names, a line with their types, then the
    /// rows, each led by its row number. Numbers are right-aligned and text left-aligned; a value longer than
    /// <paramref name="maxColumnWidth"/> characters is cut with an ellipsis. When there are more than
    /// <paramref name="maxRows"/> rows, the first and last rows are shown around a line of "…". Missing values show
    /// as <c>NaN</c> in float columns and <c>&lt;NA&gt;</c> elsewhere. A footer gives the shape:
    /// <c>[n rows x m columns]</c>.
    /// </summary>
    public string ToString(int maxRows, int maxColumnWidth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxColumnWidth, 3);
        var n = RowCount;
        if (ColumnCount == 0) return "[0 rows x 0 columns]";
        int[] rows;
        var elided = n > maxRows;
        if (elided)
        {
            var head = (maxRows + 1) / 2;
            var tail = maxRows - head;
            rows = Enumerable.Range(0, head).Concat(Enumerable.Range(n - tail, tail)).ToArray();
        }
        else rows = Enumerable.Range(0, n).ToArray();
        var gap = elided ? (maxRows + 1) / 2 : -1;

        // Cells of every displayed column: the row-number column first.
        var table = new List<(string[] Cells, bool Right)>();
        var index = new string[rows.Length + 2];
        index[0] = "";
        index[1] = "";
        for (var r = 0; r < rows.Length; r++) index[r + 2] = rows[r].ToString(CultureInfo.InvariantCulture);
        table.Add((index, true));
        foreach (var c in _columns)
        {
            var cells = new string[rows.Length + 2];
            cells[0] = Truncate(c.Name, maxColumnWidth);
            cells[1] = Truncate(c.Type.ToName(), maxColumnWidth);
            for (var r = 0; r < rows.Length; r++) cells[r + 2] = Truncate(Display(c, rows[r]), maxColumnWidth);
            table.Add((cells, c.Type is ColumnType.Float64 or ColumnType.Int64 or ColumnType.Sparse));
        }
        var widths = table.Select(t => t.Cells.Max(s => s.Length)).ToArray();

        var sb = new StringBuilder();
        void Line(Func<int, string> cell)
        {
            var line = new StringBuilder();
            for (var k = 0; k < table.Count; k++)
            {
                if (k > 0) line.Append("  ");
                var s = cell(k);
                line.Append(table[k].Right ? s.PadLeft(widths[k]) : s.PadRight(widths[k]));
            }
            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
        for (var r = 0; r < rows.Length + 2; r++)
        {
            if (elided && r - 2 == gap) Line(_ => "…");
            Line(k => table[k].Cells[r]);
        }
        if (elided && gap == rows.Length) Line(_ => "…");
        sb.Append('[').Append(n.ToString(CultureInfo.InvariantCulture)).Append(n == 1 ? " row x " : " rows x ")
          .Append(ColumnCount.ToString(CultureInfo.InvariantCulture)).Append(ColumnCount == 1 ? " column]" : " columns]");
        return sb.ToString();
    }

    private static string Truncate(string s, int width)
    {
        s = s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        return s.Length <= width ? s : string.Concat(s.AsSpan(0, width - 1), "…");
    }

    private static string Display(Column c, int row)
    {
        if (c.IsMissing(row)) return c.Type == ColumnType.Float64 ? "NaN" : "<NA>";
        if (c.Type is ColumnType.Float64 or ColumnType.Sparse) return FormatNumber(c.GetDouble(row));
        return c.Format(row);
    }

    /// <summary>Up to six decimals for moderate magnitudes, scientific notation otherwise.</summary>
    private static string FormatNumber(double v)
    {
        if (double.IsPositiveInfinity(v)) return "inf";
        if (double.IsNegativeInfinity(v)) return "-inf";
        var a = Math.Abs(v);
        if (a == 0 || (a >= 1e-4 && a < 1e15))
        {
            var s = v.ToString("0.######", CultureInfo.InvariantCulture);
            return s.Contains('.') ? s : s + ".0";
        }
        return v.ToString("0.#####e+00", CultureInfo.InvariantCulture);
    }
}
