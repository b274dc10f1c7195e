using Augur.Data;

namespace Augur.Profiling;

/// <summary>A histogram: <see cref="Edges"/> has one more entry than <see cref="Counts"/>.</summary>
/// <param name="Edges">Bin edges, ascending.</param>
/// <param name="Counts">Values per bin (the last bin includes its right edge).</param>
public sealed record Histogram(double[] Edges, long[] Counts);

/// <summary>Summary statistics of one column, kept in a model file so that serving and monitoring can compare new data with training data.</summary>
public sealed record ColumnProfile
{
    /// <summary>Column name.</summary>
    public required string Name { get; init; }

    /// <summary>Column type name (<c>float64</c>, <c>categorical</c>, …).</summary>
    public required string Type { get; init; }

    /// <summary>Number of non-missing values.</summary>
    public long Count { get; init; }

    /// <summary>Number of missing values.</summary>
    public long Missing { get; init; }

    /// <summary>Mean of numeric values.</summary>
    public double? Mean { get; init; }

    /// <summary>Sample standard deviation (n − 1) of numeric values.</summary>
    public double? Std { get; init; }

    /// <summary>Smallest numeric value.</summary>
    public double? Min { get; init; }

    /// <summary>Largest numeric value.</summary>
    public double? Max { get; init; }

    /// <summary>Quantiles of numeric values at <see cref="ReferenceProfile.QuantileLevels"/> (linear interpolation, as NumPy).</summary>
    public double[]? Quantiles { get; init; }

    /// <summary>Equal-width histogram of numeric values.</summary>
    public Histogram? Histogram { get; init; }

    /// <summary>Number of distinct non-missing values (for text, categorical and bool columns).</summary>
    public long? Unique { get; init; }

    /// <summary>The most frequent categories and their counts, most frequent first.</summary>
    public IReadOnlyDictionary<string, long>? TopCategories { get; init; }

    /// <summary>Count of values outside <see cref="TopCategories"/>.</summary>
    public long? OtherCount { get; init; }
}

/// <summary>
/// A profile of the training data (per column, and of the model's predictions): quantiles, histograms and category
/// frequencies. Stored in the model file; drift monitoring compares live data against it.
/// </summary>
public sealed record ReferenceProfile
{
    /// <summary>The quantile levels of <see cref="ColumnProfile.Quantiles"/>.</summary>
    public static readonly double[] QuantileLevels = [0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0];

    /// <summary>Number of rows profiled.</summary>
    public int Rows { get; init; }

    /// <summary>One profile per input column.</summary>
    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>The profile of the model's predictions on the training data, when known.</summary>
    public ColumnProfile? Predictions { get; init; }

    /// <summary>Profiles every column of <paramref name="x"/> (and <paramref name="predictions"/>, when given).</summary>
    public static ReferenceProfile Compute(Frame x, Column? predictions = null, int bins = 20, int maxCategories = 50)
    {
        ArgumentNullException.ThrowIfNull(x);
        var columns = new ColumnProfile[x.ColumnCount];
        Parallel.For(0, columns.Length, j => columns[j] = ProfileColumn(x[j], bins, maxCategories));
        return new ReferenceProfile
        {
            Rows = x.RowCount,
            Columns = columns,
            Predictions = predictions is null ? null : ProfileColumn(predictions, bins, maxCategories),
        };
    }

    /// <summary>Profiles one column.</summary>
    public static ColumnProfile ProfileColumn(Column c, int bins = 20, int maxCategories = 50)
    {
        var missing = c.MissingCount;
        if (c.IsNumeric && c.Type != ColumnType.Bool)
        {
            var values = new double[c.Length - missing];
            var k = 0;
            for (var i = 0; i < c.Length; i++)
            {
                var v = c.GetDouble(i);
                if (!double.IsNaN(v)) values[k++] = v;
            }
            Array.Sort(values);
            var finite = values.Where(double.IsFinite).ToArray();
            double? mean = null, std = null;
            if (finite.Length > 0)
            {
                var m = 0.0;
                foreach (var v in finite) m += v;
                m /= finite.Length;
                mean = m;
                if (finite.Length > 1)
                {
                    var ss = 0.0;
                    foreach (var v in finite) ss += (v - m) * (v - m);
                    std = Math.Sqrt(ss / (finite.Length - 1));
                }
            }
            return new ColumnProfile
            {
                Name = c.Name,
                Type = c.Type.ToName(),
                Count = values.Length,
                Missing = missing,
                Mean = mean,
                Std = std,
                Min = values.Length > 0 ? values[0] : null,
                Max = values.Length > 0 ? values[^1] : null,
                Quantiles = finite.Length > 0 ? QuantileLevels.Select(q => QuantileSorted(finite, q)).ToArray() : null,
                Histogram = finite.Length > 0 ? BuildHistogram(finite, bins) : null,
            };
        }
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < c.Length; i++)
        {
            if (c.IsMissing(i)) continue;
            var s = c.Format(i);
            counts[s] = counts.GetValueOrDefault(s) + 1;
        }
        var top = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(maxCategories).ToList();
        var topDict = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var kv in top) topDict[kv.Key] = kv.Value;
        return new ColumnProfile
        {
            Name = c.Name,
            Type = c.Type.ToName(),
            Count = c.Length - missing,
            Missing = missing,
            Unique = counts.Count,
            TopCategories = topDict,
            OtherCount = counts.Values.Sum() - top.Sum(kv => kv.Value),
        };
    }

    /// <summary>The <paramref name="q"/>-quantile of sorted values, interpolating linearly (NumPy's default method).</summary>
    public static double QuantileSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var frac = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }

    private static Histogram BuildHistogram(double[] sorted, int bins)
    {
        var min = sorted[0];
        var max = sorted[^1];
        if (min == max) return new Histogram([min, max], [sorted.Length]);
        var edges = new double[bins + 1];
        for (var i = 0; i <= bins; i++) edges[i] = min + (max - min) * i / bins;
        edges[bins] = max;
        var counts = new long[bins];
        foreach (var v in sorted)
        {
            var b = (int)((v - min) / (max - min) * bins);
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        return new Histogram(edges, counts);
    }
}
