namespace Augur.Data;

public sealed partial class Frame
{
    /// <summary>
    /// Summary statistics, one row per column of this frame, as a frame with the columns <c>column</c>, <c>type</c>,
    /// <c>count</c> (non-missing values), <c>missing</c>, <c>mean</c>, <c>std</c> (sample, n − 1), <c>min</c>,
    /// <c>25%</c>, <c>50%</c>, <c>75%</c>, <c>max</c> (quartiles by linear interpolation, as pandas and NumPy compute
    /// them), <c>unique</c>, <c>top</c> (the most frequent value; ties go to the smallest value) and <c>freq</c> (its
    /// count). Float64, int64 and sparse columns get the numeric statistics (NaN where undefined) and missing
    /// unique/top/freq; bool, string, categorical and datetime columns get unique/top/freq and NaN numeric statistics,
    /// as pandas treats them.
    /// </summary>
    public Frame Describe()
    {
        var p = _columns.Length;
        var names = new string?[p];
        var types = new string?[p];
        var count = new long[p];
        var missing = new long[p];
        var stats = new double[7][];
        for (var s = 0; s < stats.Length; s++) stats[s] = new double[p];
        var unique = new long[p];
        var top = new string?[p];
        var freq = new long[p];
        var notCounted = new bool[p];
        for (var j = 0; j < p; j++)
        {
            var c = _columns[j];
            names[j] = c.Name;
            types[j] = c.Type.ToName();
            missing[j] = c.MissingCount;
            count[j] = c.Length - c.MissingCount;
            if (c.Type is ColumnType.Float64 or ColumnType.Int64 or ColumnType.Sparse)
            {
                var values = NonMissingSorted(c);
                stats[0][j] = Mean(values);
                stats[1][j] = SampleStd(values, stats[0][j]);
                stats[2][j] = values.Length > 0 ? values[0] : double.NaN;
                stats[3][j] = Quantile(values, 0.25);
                stats[4][j] = Quantile(values, 0.50);
                stats[5][j] = Quantile(values, 0.75);
                stats[6][j] = values.Length > 0 ? values[^1] : double.NaN;
                notCounted[j] = true;
            }
            else
            {
                for (var s = 0; s < stats.Length; s++) stats[s][j] = double.NaN;
                var counts = ValueCountsOf(c, dropMissing: true);
                unique[j] = counts.Count;
                if (counts.Count > 0)
                {
                    top[j] = c.Format(counts[0].Row);
                    freq[j] = counts[0].Count;
                }
                else notCounted[j] = true;
            }
        }
        return new Frame(
            new StringColumn("column", names),
            new StringColumn("type", types),
            new Int64Column("count", count),
            new Int64Column("missing", missing),
            new Float64Column("mean", stats[0]),
            new Float64Column("std", stats[1]),
            new Float64Column("min", stats[2]),
            new Float64Column("25%", stats[3]),
            new Float64Column("50%", stats[4]),
            new Float64Column("75%", stats[5]),
            new Float64Column("max", stats[6]),
            new Int64Column("unique", unique, _columns.Select(c => c.Type is ColumnType.Float64 or ColumnType.Int64 or ColumnType.Sparse).ToArray()),
            new StringColumn("top", top),
            new Int64Column("freq", freq, notCounted));
    }

    private static double[] NonMissingSorted(Column c)
    {
        var values = new double[c.Length - c.MissingCount];
        var k = 0;
        if (c is Float64Column f)
        {
            foreach (var v in f.Values)
                if (!double.IsNaN(v)) values[k++] = v;
        }
        else
        {
            for (var i = 0; i < c.Length; i++)
                if (!c.IsMissing(i)) values[k++] = c.GetDouble(i);
        }
        Array.Sort(values);
        return values;
    }

    /// <summary>The mean with Neumaier's compensated summation.</summary>
    private static double Mean(double[] values)
    {
        if (values.Length == 0) return double.NaN;
        double sum = 0, compensation = 0;
        foreach (var v in values)
        {
            var t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
        }
        // With infinities the compensation is meaningless (inf - inf); the plain sum is then the answer.
        return double.IsFinite(sum) ? (sum + compensation) / values.Length : sum / values.Length;
    }

    private static double SampleStd(double[] values, double mean)
    {
        if (values.Length < 2 || !double.IsFinite(mean)) return double.NaN;
        double ss = 0, s = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            ss += d * d;
            s += d;
        }
        // The second term corrects the rounding error of the mean (the corrected two-pass algorithm).
        return Math.Sqrt((ss - s * s / values.Length) / (values.Length - 1));
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, interpolating linearly between order statistics (NumPy's default).</summary>
    internal static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var position = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var t = position - lo;
        var a = sorted[lo];
        var b = sorted[hi];
        if (t == 0 || a == b) return a;
        return t < 0.5 ? a + (b - a) * t : b - (b - a) * (1 - t);
    }

    private readonly record struct ValueCount(int Row, long Count);

    /// <summary>
    /// Distinct values of <paramref name="c"/> with a representative row each and their counts, sorted by count
    /// (descending), then by value (ascending); the missing value, if kept, sorts after the others of equal count.
    /// </summary>
    private static List<ValueCount> ValueCountsOf(Column c, bool dropMissing)
    {
        var first = new List<int>();
        var counts = new List<long>();
        long missingCount = 0;
        var missingRow = -1;
        void Add(int group, int row)
        {
            if (group == first.Count)
            {
                first.Add(row);
                counts.Add(1);
            }
            else counts[group]++;
        }
        switch (c)
        {
            case CategoricalColumn cat:
            {
                var groupOf = new int[cat.Categories.Count];
                Array.Fill(groupOf, -1);
                var codes = cat.Codes;
                for (var i = 0; i < codes.Length; i++)
                {
                    var code = codes[i];
                    if (code < 0)
                    {
                        missingCount++;
                        if (missingRow < 0) missingRow = i;
                        continue;
                    }
                    if (groupOf[code] < 0) groupOf[code] = first.Count;
                    Add(groupOf[code], i);
                }
                break;
            }
            case StringColumn s:
            {
                var groups = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < s.Length; i++)
                {
                    var v = s[i];
                    if (v is null)
                    {
                        missingCount++;
                        if (missingRow < 0) missingRow = i;
                        continue;
                    }
                    if (!groups.TryGetValue(v, out var g)) groups[v] = g = first.Count;
                    Add(g, i);
                }
                break;
            }
            default:
            {
                // Numbers, booleans and datetimes group by value; -0 and 0 are the same value.
                var groups = new Dictionary<long, int>();
                for (var i = 0; i < c.Length; i++)
                {
                    if (c.IsMissing(i))
                    {
                        missingCount++;
                        if (missingRow < 0) missingRow = i;
                        continue;
                    }
                    var key = KeyOf(c, i);
                    if (!groups.TryGetValue(key, out var g)) groups[key] = g = first.Count;
                    Add(g, i);
                }
                break;
            }
        }
        var result = new List<ValueCount>(first.Count + 1);
        for (var g = 0; g < first.Count; g++) result.Add(new ValueCount(first[g], counts[g]));
        result.Sort((a, b) =>
        {
            var byCount = b.Count.CompareTo(a.Count);
            return byCount != 0 ? byCount : CompareValues(c, a.Row, b.Row);
        });
        if (!dropMissing && missingCount > 0)
        {
            var at = result.FindIndex(v => v.Count < missingCount);
            result.Insert(at < 0 ? result.Count : at, new ValueCount(missingRow, missingCount));
        }
        return result;
    }

    private static long KeyOf(Column c, int row) => c switch
    {
        Int64Column l => l.Values[row],
        BoolColumn b => b.Values[row] ? 1 : 0,
        DateTimeColumn d => d.Ticks[row],
        _ => BitConverter.DoubleToInt64Bits(c.GetDouble(row) + 0.0),
    };

    private static int CompareValues(Column c, int a, int b) => c switch
    {
        Int64Column l => l.Values[a].CompareTo(l.Values[b]),
        BoolColumn x => x.Values[a].CompareTo(x.Values[b]),
        DateTimeColumn d => d.Ticks[a].CompareTo(d.Ticks[b]),
        StringColumn or CategoricalColumn => string.CompareOrdinal(c.Format(a), c.Format(b)),
        _ => c.GetDouble(a).CompareTo(c.GetDouble(b)),
    };

    /// <summary>
    /// The distinct values of column <paramref name="column"/> and how often each occurs, as a frame with a
    /// <c>value</c> column (of the column's own type) and a <c>count</c> column (int64), or a <c>proportion</c> column
    /// (float64, the share of the counted rows) when <paramref name="normalize"/> is set. Sorted by count, most frequent
    /// first, then by value. Missing values are left out unless <paramref name="dropMissing"/> is false, in which case
    /// they are counted as one more (missing) value.
    /// </summary>
    public Frame ValueCounts(string column, bool normalize = false, bool dropMissing = true)
    {
        var c = this[column];
        var counts = ValueCountsOf(c, dropMissing);
        var rows = counts.Select(v => v.Row).ToArray();
        var value = c.Take(rows).Rename("value");
        if (!normalize) return new Frame(value, new Int64Column("count", counts.Select(v => v.Count).ToArray()));
        double total = counts.Sum(v => v.Count);
        return new Frame(value, new Float64Column("proportion", counts.Select(v => v.Count / total).ToArray()));
    }
}
