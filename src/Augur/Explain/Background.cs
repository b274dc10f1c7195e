using Augur.Clustering;
using Augur.Data;

namespace Augur.Explain;

/// <summary>
/// Background data for interventional explanations: rows with a weight each (weights sum to 1). The expected model
/// output over it is the explanations' base value.
/// </summary>
/// <param name="Rows">The background rows (the model's input columns).</param>
/// <param name="Weights">One non-negative weight per row, summing to 1.</param>
public sealed record WeightedBackground(Frame Rows, double[] Weights)
{
    /// <summary>Every row of <paramref name="data"/> with equal weight.</summary>
    public static WeightedBackground Uniform(Frame data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.RowCount == 0) throw new AugurException("the background data has no rows");
        var w = new double[data.RowCount];
        Array.Fill(w, 1.0 / data.RowCount);
        return new WeightedBackground(data, w);
    }

    /// <summary>
    /// Summarises <paramref name="data"/> with k-means (as SHAP's <c>kmeans</c>): <paramref name="clusters"/> weighted
    /// centroids, each weighted by its cluster's share of the rows. Each numeric value of a centroid is snapped to the
    /// nearest value of that column in the data (so centroids hold real values), and each categorical value is the
    /// cluster's most frequent category. K-means runs on the numeric columns (missing values replaced by the column mean);
    /// with no numeric column, clusters are random groups of rows. Returns the data itself when it has at most
    /// <paramref name="clusters"/> rows.
    /// </summary>
    public static WeightedBackground KMeans(Frame data, int clusters, int randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (clusters < 1) throw new AugurException($"the background needs at least one cluster, not {clusters}");
        if (data.RowCount == 0) throw new AugurException("the background data has no rows");
        if (data.RowCount <= clusters) return Uniform(data);
        var n = data.RowCount;
        var numeric = data.Columns.Where(c => c.IsNumeric && c.Type != ColumnType.Sparse).ToArray();
        int[] labels;
        int k;
        if (numeric.Length > 0)
        {
            var cols = new Column[numeric.Length];
            for (var j = 0; j < numeric.Length; j++)
            {
                var v = numeric[j].ToDoubleArray();
                var mean = v.Where(d => !double.IsNaN(d)).DefaultIfEmpty(0).Average();
                for (var i = 0; i < n; i++) if (double.IsNaN(v[i])) v[i] = mean;
                cols[j] = new Float64Column("f" + j, v);
            }
            var distinct = new HashSet<string>();
            for (var i = 0; i < n && distinct.Count <= clusters; i++) distinct.Add(string.Join("|", cols.Select(c => c.GetDouble(i).ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
            k = Math.Min(clusters, distinct.Count);
            var model = new Clustering.KMeans { NClusters = k, RandomState = randomState }.Fit(new Frame(cols));
            labels = model.Labels.ToArray();
        }
        else
        {
            k = clusters;
            var perm = new Numerics.Rng(randomState).Permutation(n);
            labels = new int[n];
            for (var i = 0; i < n; i++) labels[perm[i]] = i % k;
        }
        var counts = new int[k];
        foreach (var l in labels) counts[l]++;
        var live = Enumerable.Range(0, k).Where(c => counts[c] > 0).ToArray();
        var weights = live.Select(c => counts[c] / (double)n).ToArray();
        var columns = new Column[data.ColumnCount];
        for (var j = 0; j < data.ColumnCount; j++)
        {
            var col = data[j];
            var pick = new int[live.Length];
            for (var ci = 0; ci < live.Length; ci++)
                pick[ci] = col.IsNumeric && col.Type != ColumnType.Sparse ? NearestToMean(col, labels, live[ci]) : ModalRow(col, labels, live[ci]);
            columns[j] = col.Take(pick);
        }
        return new WeightedBackground(new Frame(columns), weights);
    }

    private static int NearestToMean(Column col, int[] labels, int cluster)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] == cluster && !col.IsMissing(i)) { sum += col.GetDouble(i); count++; }
        if (count == 0) return Array.IndexOf(labels, cluster);
        var mean = sum / count;
        int best = -1;
        var bestDist = double.PositiveInfinity;
        for (var i = 0; i < labels.Length; i++)
        {
            if (col.IsMissing(i)) continue;
            var d = Math.Abs(col.GetDouble(i) - mean);
            if (d < bestDist) { bestDist = d; best = i; }
        }
        return best;
    }

    private static int ModalRow(Column col, int[] labels, int cluster)
    {
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] != cluster) continue;
            var key = col.IsMissing(i) ? "\0missing" : col.Format(i);
            counts[key] = counts.TryGetValue(key, out var e) ? (e.Count + 1, e.First) : (1, i);
        }
        return counts.Values.OrderByDescending(e => e.Count).ThenBy(e => e.First).First().First;
    }
}
