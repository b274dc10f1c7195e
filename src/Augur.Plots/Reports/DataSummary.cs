using Augur.Data;

namespace Augur.Plots;

/// <summary>A summary of one column for the report's data section.</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">The column type's name (<c>float64</c>, <c>string</c>, …).</param>
/// <param name="Missing">The number of missing values.</param>
/// <param name="Distinct">The number of distinct non-missing values.</param>
/// <param name="Mean">The mean (numeric columns).</param>
/// <param name="StandardDeviation">The sample standard deviation (numeric columns).</param>
/// <param name="Min">The minimum (numeric columns).</param>
/// <param name="Max">The maximum (numeric columns).</param>
/// <param name="Top">The most frequent value (other columns).</param>
/// <param name="IsTarget">True for the target column.</param>
public sealed record ColumnSummary(string Name, string Type, int Missing, int Distinct, double? Mean, double? StandardDeviation, double? Min, double? Max, string? Top, bool IsTarget);

/// <summary>The report's data section: size and a summary of each column.</summary>
/// <param name="Rows">The number of rows.</param>
/// <param name="Columns">The per-column summaries (features, then the target).</param>
public sealed record DataSummary(int Rows, IReadOnlyList<ColumnSummary> Columns)
{
    /// <summary>Summarises the features and (optionally) the target.</summary>
    /// <param name="x">The features.</param>
    /// <param name="y">The target, if any.</param>
    public static DataSummary Of(Frame x, Column? y = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (y is not null && y.Length != x.RowCount)
            throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {x.RowCount}");
        var columns = x.Columns.Select(c => Summarise(c, false)).ToList();
        if (y is not null) columns.Add(Summarise(y, true));
        return new DataSummary(x.RowCount, columns);
    }

    /// <summary>The total number of missing values.</summary>
    public int MissingCells => Columns.Sum(c => c.Missing);

    private static ColumnSummary Summarise(Column column, bool target)
    {
        var missing = column.MissingCount;
        if (column.IsNumeric && column is not SparseColumn)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            var count = 0;
            var distinct = new HashSet<double>();
            for (var i = 0; i < column.Length; i++)
            {
                if (column.IsMissing(i)) continue;
                var v = column.GetDouble(i);
                if (double.IsNaN(v)) continue;
                sum += v;
                count++;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                if (distinct.Count <= 100_000) distinct.Add(v);
            }
            double? mean = count > 0 ? sum / count : null;
            double? sd = null;
            if (count > 1)
            {
                double ss = 0;
                for (var i = 0; i < column.Length; i++)
                {
                    if (column.IsMissing(i)) continue;
                    var v = column.GetDouble(i);
                    if (!double.IsNaN(v)) ss += (v - mean!.Value) * (v - mean.Value);
                }
                sd = Math.Sqrt(ss / (count - 1));
            }
            return new ColumnSummary(column.Name, column.Type.ToName(), missing, distinct.Count, mean, sd,
                count > 0 ? min : null, count > 0 ? max : null, null, target);
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < column.Length; i++)
        {
            if (column.IsMissing(i)) continue;
            var text = column.Format(i);
            counts[text] = counts.GetValueOrDefault(text) + 1;
        }
        string? top = null;
        if (counts.Count > 0)
        {
            var t = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First();
            top = $"{t.Key} ({t.Value})";
        }
        return new ColumnSummary(column.Name, column.Type.ToName(), missing, counts.Count, null, null, null, null, top, target);
    }
}
