using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>How <see cref="KBinsDiscretizer"/> writes the bin of each value.</summary>
public enum KBinsEncode
{
    /// <summary>One sparse 0/1 column per bin (scikit-learn's <c>onehot</c>).</summary>
    Onehot,
    /// <summary>One dense 0/1 column per bin (<c>onehot-dense</c>).</summary>
    OnehotDense,
    /// <summary>One column holding the bin index (<c>ordinal</c>).</summary>
    Ordinal,
}

/// <summary>How <see cref="KBinsDiscretizer"/> places the bin edges.</summary>
public enum KBinsStrategy
{
    /// <summary>Bins of equal width (<c>uniform</c>).</summary>
    Uniform,
    /// <summary>Bins holding equal numbers of values, at the quantiles (<c>quantile</c>).</summary>
    Quantile,
    /// <summary>Bins around the centres of a one-dimensional k-means (<c>kmeans</c>).</summary>
    Kmeans,
}

/// <summary>
/// Bins each numeric feature into <see cref="NBins"/> intervals, as scikit-learn 1.2's <c>KBinsDiscretizer</c>. Quantile
/// and k-means bins narrower than 1e-8 are merged; a constant feature gets a single bin. A value on an inner edge goes to
/// the bin on its right. The one-hot outputs are named <c>column_0.0</c>, <c>column_1.0</c>, … as scikit-learn names them.
/// </summary>
public sealed record KBinsDiscretizer : IEstimator<KBinsDiscretizerModel>
{
    /// <summary>The number of bins per feature (at least 2; default 5).</summary>
    public int NBins { get; init; } = 5;

    /// <summary>How the bins are written (default one-hot, sparse).</summary>
    public KBinsEncode Encode { get; init; } = KBinsEncode.Onehot;

    /// <summary>How the bin edges are placed (default quantile).</summary>
    public KBinsStrategy Strategy { get; init; } = KBinsStrategy.Quantile;

    /// <inheritdoc />
    public KBinsDiscretizerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "KBinsDiscretizer";
        if (NBins < 2) throw new AugurException($"KBinsDiscretizer option 'n_bins' must be at least 2, not {NBins}");
        TransformerSupport.RequireData(x, who);
        TransformerSupport.RequireNumeric(x, who);
        var edges = new double[x.ColumnCount][];
        TransformerSupport.For(x.ColumnCount, x.RowCount, j =>
        {
            var c = x[j];
            var values = c.ToDoubleArray();
            foreach (var v in values)
                if (!double.IsFinite(v))
                    throw new AugurException(double.IsNaN(v)
                        ? $"column '{c.Name}' has missing values, which KBinsDiscretizer does not accept; impute them first (for example with SimpleImputer)"
                        : $"column '{c.Name}' holds an infinite value, which KBinsDiscretizer does not accept");
            edges[j] = Edges(values);
        });
        return new KBinsDiscretizerModel(this, TransformerSupport.Signature(x, allowsMissing: false), edges);
    }

    private double[] Edges(double[] values)
    {
        var min = values.Min();
        var max = values.Max();
        if (min == max) return [double.NegativeInfinity, double.PositiveInfinity];
        double[] edges;
        switch (Strategy)
        {
            case KBinsStrategy.Uniform:
                return Linspace(min, max, NBins + 1);
            case KBinsStrategy.Quantile:
            {
                var sorted = (double[])values.Clone();
                Array.Sort(sorted);
                var levels = Linspace(0, 100, NBins + 1);
                edges = levels.Select(q => TransformerSupport.Quantile(sorted, q / 100)).ToArray();
                break;
            }
            default:
            {
                var uniform = Linspace(min, max, NBins + 1);
                var init = new double[NBins];
                for (var k = 0; k < NBins; k++) init[k] = (uniform[k + 1] + uniform[k]) * 0.5;
                var centers = KMeans1D.Fit(values, init);
                Array.Sort(centers);
                edges = new double[NBins + 1];
                edges[0] = min;
                edges[NBins] = max;
                for (var k = 1; k < NBins; k++) edges[k] = (centers[k] + centers[k - 1]) * 0.5;
                break;
            }
        }
        // Remove bins narrower than 1e-8 (the first edge always stays).
        var kept = new List<double> { edges[0] };
        for (var k = 1; k < edges.Length; k++) if (edges[k] - edges[k - 1] > 1e-8) kept.Add(edges[k]);
        return kept.ToArray();
    }

    /// <summary>NumPy's <c>linspace</c>: evenly spaced values with both ends exact.</summary>
    internal static double[] Linspace(double start, double stop, int count)
    {
        var result = new double[count];
        var div = count - 1;
        var delta = stop - start;
        var step = delta / div;
        for (var i = 0; i < count; i++) result[i] = step == 0 ? i / (double)div * delta + start : i * step + start;
        result[count - 1] = stop;
        return result;
    }
}

/// <summary>
/// One-dimensional k-means (Lloyd's algorithm) from given initial centres, as scikit-learn's <c>KMeans</c> runs it for
/// <see cref="KBinsDiscretizer"/>: at most 300 iterations, stopping when the labels stop changing or the squared centre
/// shift falls to 1e-4 times the variance; an empty cluster moves to the point farthest from its centre.
/// </summary>
internal static class KMeans1D
{
    public static double[] Fit(ReadOnlySpan<double> data, double[] init, int maxIter = 300, double tol = 1e-4)
    {
        var n = data.Length;
        var k = init.Length;
        // scikit-learn centres the data before clustering; do the same so rounding matches closely.
        var mean = 0.0;
        foreach (var v in data) mean += v;
        mean /= n;
        var x = new double[n];
        var variance = 0.0;
        for (var i = 0; i < n; i++)
        {
            x[i] = data[i] - mean;
            variance += x[i] * x[i];
        }
        variance /= n;
        var threshold = variance * tol;
        var centers = new double[k];
        for (var c = 0; c < k; c++) centers[c] = init[c] - mean;
        var labels = new int[n];
        var oldLabels = new int[n];
        Array.Fill(oldLabels, -1);
        var sums = new double[k];
        var weights = new double[k];
        for (var iter = 0; iter < maxIter; iter++)
        {
            Assign(x, centers, labels);
            Array.Clear(sums);
            Array.Clear(weights);
            for (var i = 0; i < n; i++)
            {
                sums[labels[i]] += x[i];
                weights[labels[i]] += 1;
            }
            RelocateEmpty(x, centers, labels, sums, weights);
            var shift = 0.0;
            for (var c = 0; c < k; c++)
            {
                var updated = weights[c] > 0 ? sums[c] / weights[c] : centers[c];
                shift += (updated - centers[c]) * (updated - centers[c]);
                centers[c] = updated;
            }
            if (labels.AsSpan().SequenceEqual(oldLabels)) break;
            if (shift <= threshold) break;
            Array.Copy(labels, oldLabels, n);
        }
        for (var c = 0; c < k; c++) centers[c] += mean;
        return centers;
    }

    private static void Assign(double[] x, double[] centers, int[] labels)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var best = 0;
            var bestDistance = double.PositiveInfinity;
            for (var c = 0; c < centers.Length; c++)
            {
                // scikit-learn ranks centres by |c|² - 2·x·c (the squared distance less |x|²); using the same expression
                // keeps its choice for points that sit (up to rounding) midway between two centres.
                var d = centers[c] * centers[c] - 2 * x[i] * centers[c];
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = c;
                }
            }
            labels[i] = best;
        }
    }

    private static void RelocateEmpty(double[] x, double[] centers, int[] labels, double[] sums, double[] weights)
    {
        var empty = new List<int>();
        for (var c = 0; c < centers.Length; c++) if (weights[c] == 0) empty.Add(c);
        if (empty.Count == 0) return;
        var far = Enumerable.Range(0, x.Length)
            .OrderByDescending(i => (x[i] - centers[labels[i]]) * (x[i] - centers[labels[i]]))
            .Take(empty.Count)
            .ToArray();
        for (var e = 0; e < empty.Count && e < far.Length; e++)
        {
            var i = far[e];
            var old = labels[i];
            sums[old] -= x[i];
            weights[old] -= 1;
            sums[empty[e]] = x[i];
            weights[empty[e]] = 1;
        }
    }
}

/// <summary>A fitted <see cref="KBinsDiscretizer"/>.</summary>
public sealed class KBinsDiscretizerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "kbins_discretizer";

    private readonly double[][] _edges;

    internal KBinsDiscretizerModel(KBinsDiscretizer options, ModelSignature signature, double[][] edges)
    {
        Options = options;
        Signature = signature;
        _edges = edges;
        if (options.Encode == KBinsEncode.Ordinal) FeatureNamesOut = signature.InputNames;
        else
        {
            var names = new List<string>();
            for (var j = 0; j < edges.Length; j++)
                for (var b = 0; b < edges[j].Length - 1; b++) names.Add($"{signature.Inputs[j].Name}_{TransformerSupport.PythonFloat(b)}");
            FeatureNamesOut = names.ToArray();
            TransformerSupport.RequireDistinct(FeatureNamesOut, "KBinsDiscretizer");
        }
    }

    /// <summary>The options the discretizer was fitted with.</summary>
    public KBinsDiscretizer Options { get; }

    /// <summary>The bin edges of each feature, ascending (<c>bin_edges_</c>).</summary>
    public IReadOnlyList<IReadOnlyList<double>> BinEdges => _edges;

    /// <summary>The number of bins of each feature (<c>n_bins_</c>).</summary>
    public IReadOnlyList<int> BinCounts => _edges.Select(e => e.Length - 1).ToArray();

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <summary>The bin index of every row of every feature.</summary>
    private int[][] Bins(Frame input)
    {
        var bins = new int[_edges.Length][];
        TransformerSupport.For(_edges.Length, input.RowCount, j =>
        {
            var v = input[j].ToDoubleArray();
            var edges = _edges[j];
            var nb = edges.Length - 1;
            var b = new int[v.Length];
            for (var i = 0; i < v.Length; i++)
            {
                if (!double.IsFinite(v[i]))
                    throw new AugurException($"column '{input[j].Name}' holds a {(double.IsNaN(v[i]) ? "missing" : "infinite")} value in row {i}, which KBinsDiscretizer does not accept");
                // The number of inner edges (edges[1..nb-1]) at or below the value, as NumPy's searchsorted(side='right').
                var count = 0;
                int l = 1, r = nb - 1;
                while (l <= r)
                {
                    var m = (l + r) >> 1;
                    if (edges[m] <= v[i]) { count = m; l = m + 1; }
                    else r = m - 1;
                }
                b[i] = count;
            }
            bins[j] = b;
        });
        return bins;
    }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var input = Signature.Conform(x, "KBinsDiscretizer");
        var n = input.RowCount;
        var bins = Bins(input);
        if (Options.Encode == KBinsEncode.Ordinal)
            return new Frame(bins.Select((b, j) => (Column)new Float64Column(input[j].Name, b.Select(v => (double)v).ToArray())));
        var output = new List<Column>(FeatureNamesOut.Count);
        var k = 0;
        for (var j = 0; j < bins.Length; j++)
        {
            var nb = _edges[j].Length - 1;
            for (var bin = 0; bin < nb; bin++, k++)
            {
                if (Options.Encode == KBinsEncode.OnehotDense)
                {
                    var dense = new double[n];
                    for (var i = 0; i < n; i++) if (bins[j][i] == bin) dense[i] = 1.0;
                    output.Add(new Float64Column(FeatureNamesOut[k], dense));
                }
                else
                {
                    var rows = new List<int>();
                    for (var i = 0; i < n; i++) if (bins[j][i] == bin) rows.Add(i);
                    var ones = new double[rows.Count];
                    Array.Fill(ones, 1.0);
                    output.Add(new SparseColumn(FeatureNamesOut[k], n, rows.ToArray(), ones));
                }
            }
        }
        return new Frame(output);
    }

    /// <summary>
    /// Maps ordinal bin indices back to the centre of each bin (columns matched by name). Only for the ordinal encoding.
    /// </summary>
    public Frame InverseTransform(Frame x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Options.Encode != KBinsEncode.Ordinal)
            throw new AugurException("KBinsDiscretizer's InverseTransform needs the ordinal encoding");
        var result = new Column[_edges.Length];
        for (var j = 0; j < result.Length; j++)
        {
            var name = FeatureNamesOut[j];
            if (!x.TryGetColumn(name, out var c)) throw new ColumnNotFoundException(name, x.ColumnNames);
            var edges = _edges[j];
            var v = c.ToDoubleArray();
            for (var i = 0; i < v.Length; i++)
            {
                var b = (int)Math.Clamp(Math.Round(v[i]), 0, edges.Length - 2);
                v[i] = double.IsNaN(v[i]) ? double.NaN : (edges[b] + edges[b + 1]) * 0.5;
            }
            result[j] = new Float64Column(name, v);
        }
        return new Frame(result);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        for (var j = 0; j < _edges.Length; j++) writer.Write($"edges{j}", _edges[j]);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static KBinsDiscretizerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<KBinsDiscretizer>();
        var signature = TransformerSupport.ReadSignature(reader);
        var edges = new double[signature.Inputs.Count][];
        for (var j = 0; j < edges.Length; j++)
        {
            edges[j] = reader.ReadDoubles($"edges{j}");
            var e = edges[j];
            var ascending = e.Length >= 2;
            for (var k = 1; k < e.Length && ascending; k++) ascending = e[k] > e[k - 1];
            reader.Require(ascending, $"edges{j}", "bin edges must be at least two ascending numbers");
        }
        return new KBinsDiscretizerModel(options, signature, edges);
    }
}
