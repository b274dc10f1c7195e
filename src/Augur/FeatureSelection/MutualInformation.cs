using Augur.Data;
using Augur.Numerics;
using MathNet.Numerics;

namespace Augur.FeatureSelection;

/// <summary>
/// Mutual information between each feature and a target, as scikit-learn's <c>mutual_info_classif</c> and
/// <c>mutual_info_regression</c> estimate it (natural logarithm, nats):
/// <list type="bullet">
/// <item>discrete feature, discrete target: the plug-in estimate from the contingency table (exact);</item>
/// <item>continuous feature, continuous target: Kraskov, Stögbauer and Grassberger's k-nearest-neighbour estimator
/// (Phys. Rev. E 69, 2004; their first algorithm, max-norm in the joint space);</item>
/// <item>one continuous and one discrete variable: Ross's k-nearest-neighbour estimator (PLoS ONE 9(2), 2014).</item>
/// </list>
/// As scikit-learn, continuous variables are divided by their standard deviation and receive noise of 1e-10 times
/// max(1, mean absolute value) to break ties; the noise comes from Augur's seeded generator, so continuous estimates
/// agree with scikit-learn's closely but not bit for bit (ties broken differently). Negative estimates are clipped to 0.
/// </summary>
public static class MutualInformation
{
    /// <summary>Mutual information between each feature and the class labels of <paramref name="y"/>.</summary>
    /// <param name="x">Numeric features.</param>
    /// <param name="y">Class labels (any type).</param>
    /// <param name="discreteFeatures">True: every feature is discrete; false: every feature is continuous; null (scikit-learn's
    /// <c>auto</c>): sparse columns are discrete, dense ones continuous.</param>
    /// <param name="nNeighbors">The k of the k-nearest-neighbour estimators (default 3).</param>
    /// <param name="randomState">Seed of the tie-breaking noise.</param>
    public static double[] Classif(Frame x, Column y, bool? discreteFeatures = null, int nNeighbors = 3, int randomState = 0)
    {
        ScoreFunctions.CheckFeatures(x, y, "mutual_info_classif");
        var (_, labels) = ModelInputs.ClassificationTarget(y, x.RowCount, "mutual_info_classif", minClasses: 1);
        return Estimate(x, null, labels, discreteFeatures, nNeighbors, randomState);
    }

    /// <summary>Mutual information between each feature and the numeric target <paramref name="y"/> (see <see cref="Classif"/> for the options).</summary>
    public static double[] Regression(Frame x, Column y, bool? discreteFeatures = null, int nNeighbors = 3, int randomState = 0)
    {
        ScoreFunctions.CheckFeatures(x, y, "mutual_info_regression");
        var target = ModelInputs.RegressionTarget(y, x.RowCount, "mutual_info_regression");
        return Estimate(x, target, null, discreteFeatures, nNeighbors, randomState);
    }

    private static double[] Estimate(Frame x, double[]? yContinuous, int[]? yLabels, bool? discreteFeatures, int k, int seed)
    {
        if (k < 1) throw new AugurException($"mutual information needs n_neighbors of at least 1, not {k}");
        var n = x.RowCount;
        double[]? target = null;
        if (yContinuous is not null)
        {
            target = ScaleWithNoise(yContinuous, new Rng(Rng.Derive(seed, -1)));
        }
        var scores = new double[x.ColumnCount];
        ScoreFunctions.ForColumns(x, j =>
        {
            var c = x[j];
            var discrete = discreteFeatures ?? c is SparseColumn;
            var values = c.ToDoubleArray();
            if (!discrete)
            {
                if (k >= n) throw new AugurException($"mutual information needs more rows ({n}) than n_neighbors ({k})");
                values = ScaleWithNoise(values, new Rng(Rng.Derive(seed, j)));
            }
            if (yLabels is not null)
                scores[j] = discrete ? Contingency(Labels(values), yLabels) : ContinuousDiscrete(values, yLabels, k);
            else
                scores[j] = discrete ? ContinuousDiscrete(target!, Labels(values), k) : ContinuousContinuous(values, target!, k);
        });
        return scores;
    }

    /// <summary>Divides by the standard deviation (1 when it is zero) and adds scikit-learn's tie-breaking noise.</summary>
    private static double[] ScaleWithNoise(ReadOnlySpan<double> values, Rng rng)
    {
        var n = values.Length;
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= n;
        double correction = 0, squares = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            correction += d;
            squares += d * d;
        }
        var variance = (squares - correction * correction / n) / n;
        var std = Math.Sqrt(Math.Max(variance, 0));
        if (std < 10 * 2.220446049250313e-16) std = 1;
        var result = new double[n];
        var meanAbs = 0.0;
        for (var i = 0; i < n; i++)
        {
            result[i] = values[i] / std;
            meanAbs += Math.Abs(result[i]);
        }
        var amplitude = 1e-10 * Math.Max(1, meanAbs / n);
        for (var i = 0; i < n; i++) result[i] += amplitude * rng.NextGaussian();
        return result;
    }

    /// <summary>Integer labels for the distinct values of a discrete feature.</summary>
    private static int[] Labels(double[] values)
    {
        var map = new Dictionary<double, int>();
        var labels = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i] == 0 ? 0.0 : values[i];
            if (!map.TryGetValue(v, out var l))
            {
                l = map.Count;
                map.Add(v, l);
            }
            labels[i] = l;
        }
        return labels;
    }

    /// <summary>The plug-in mutual information of two labelings (scikit-learn's <c>mutual_info_score</c>).</summary>
    internal static double Contingency(int[] a, int[] b)
    {
        var n = a.Length;
        var counts = new Dictionary<(int, int), long>();
        var ka = a.Max() + 1;
        var kb = b.Max() + 1;
        var pa = new long[ka];
        var pb = new long[kb];
        for (var i = 0; i < n; i++)
        {
            counts[(a[i], b[i])] = counts.GetValueOrDefault((a[i], b[i])) + 1;
            pa[a[i]]++;
            pb[b[i]]++;
        }
        if (ka == 1 || kb == 1) return 0;
        var logN = Math.Log(n);
        var sum = 0.0;
        foreach (var ((i, j), count) in counts.OrderBy(e => e.Key.Item1).ThenBy(e => e.Key.Item2))
        {
            var share = count / (double)n;
            var logOuter = -Math.Log((double)(pa[i] * pb[j])) + logN + logN;
            var term = share * (Math.Log(count) - logN) + share * logOuter;
            if (Math.Abs(term) < 2.220446049250313e-16) term = 0;
            sum += term;
        }
        return Math.Max(sum, 0);
    }

    /// <summary>The largest double below <paramref name="v"/> (0 stays 0), as NumPy's <c>nextafter(v, 0)</c> for v ≥ 0.</summary>
    private static double Below(double v) => v > 0 ? Math.BitDecrement(v) : v;

    /// <summary>Kraskov's estimator between two continuous variables.</summary>
    internal static double ContinuousContinuous(double[] x, double[] y, int k)
    {
        var n = x.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var xs = (double[])x.Clone();
        Array.Sort(xs, order);
        var ys = new double[n];
        for (var i = 0; i < n; i++) ys[i] = y[order[i]];
        var ySorted = (double[])y.Clone();
        Array.Sort(ySorted);
        var best = new double[k];
        double sumX = 0, sumY = 0;
        for (var p = 0; p < n; p++)
        {
            // The k smallest max-norm distances to the other points, scanning outward in x order.
            var filled = 0;
            int l = p - 1, r = p + 1;
            while (l >= 0 || r < n)
            {
                var dl = l >= 0 ? xs[p] - xs[l] : double.PositiveInfinity;
                var dr = r < n ? xs[r] - xs[p] : double.PositiveInfinity;
                var useLeft = dl <= dr;
                var dx = useLeft ? dl : dr;
                if (filled == k && dx >= best[k - 1]) break;
                var q = useLeft ? l-- : r++;
                var d = Math.Max(dx, Math.Abs(ys[q] - ys[p]));
                if (filled < k) Insert(best, filled++, d);
                else if (d < best[k - 1]) Insert(best, k - 1, d);
            }
            var radius = Below(best[k - 1]);
            sumX += Digamma(CountWithin(xs, xs[p], radius, squared: false));
            sumY += Digamma(CountWithin(ySorted, ys[p], radius, squared: false));
        }
        var mi = Digamma(n) + Digamma(k) - sumX / n - sumY / n;
        return Math.Max(0, mi);
    }

    /// <summary>Inserts <paramref name="value"/> into the ascending <paramref name="best"/>[0..<paramref name="count"/>] (overwriting slot <paramref name="count"/>).</summary>
    private static void Insert(double[] best, int count, double value)
    {
        var i = count;
        while (i > 0 && best[i - 1] > value)
        {
            best[i] = best[i - 1];
            i--;
        }
        best[i] = value;
    }

    /// <summary>
    /// The number of values of ascending <paramref name="sorted"/> within <paramref name="radius"/> of <paramref name="center"/>
    /// (the center itself included), comparing |v − c| ≤ r or, with <paramref name="squared"/>, (v − c)² ≤ r² as the
    /// Euclidean k-d tree does.
    /// </summary>
    private static int CountWithin(double[] sorted, double center, double radius, bool squared)
    {
        var rr = radius * radius;
        bool Inside(double v)
        {
            var d = v - center;
            return squared ? d * d <= rr : Math.Abs(d) <= radius;
        }
        // Values below the center, then values at or above it; inside values form a suffix of the first part and a
        // prefix of the second (the distance is monotone on each side, rounding included).
        int a = 0, b = sorted.Length;
        while (a < b)
        {
            var m = (a + b) >>> 1;
            if (sorted[m] < center) a = m + 1;
            else b = m;
        }
        var split = a;
        a = 0;
        b = split;
        while (a < b)
        {
            var m = (a + b) >>> 1;
            if (Inside(sorted[m])) b = m;
            else a = m + 1;
        }
        var left = split - a;
        a = split;
        b = sorted.Length;
        while (a < b)
        {
            var m = (a + b) >>> 1;
            if (Inside(sorted[m])) a = m + 1;
            else b = m;
        }
        return left + (a - split);
    }

    /// <summary>Ross's estimator between a continuous variable <paramref name="c"/> and discrete labels <paramref name="d"/>.</summary>
    internal static double ContinuousDiscrete(double[] c, int[] d, int k)
    {
        var n = c.Length;
        var groups = new Dictionary<int, List<int>>();
        for (var i = 0; i < n; i++)
        {
            if (!groups.TryGetValue(d[i], out var g)) groups[d[i]] = g = [];
            g.Add(i);
        }
        var radius = new double[n];
        var kAll = new int[n];
        var labelCount = new int[n];
        foreach (var g in groups.Values)
        {
            foreach (var i in g) labelCount[i] = g.Count;
            if (g.Count <= 1) continue;
            var kk = Math.Min(k, g.Count - 1);
            var values = g.Select(i => c[i]).ToArray();
            var members = g.ToArray();
            Array.Sort(values, members);
            for (var p = 0; p < values.Length; p++)
            {
                int l = p - 1, r = p + 1;
                var dist = 0.0;
                for (var step = 0; step < kk; step++)
                {
                    var dl = l >= 0 ? values[p] - values[l] : double.PositiveInfinity;
                    var dr = r < values.Length ? values[r] - values[p] : double.PositiveInfinity;
                    if (dl <= dr) { dist = dl; l--; }
                    else { dist = dr; r++; }
                }
                // The Euclidean distance of the k-d tree, sqrt of the square, then just below it.
                radius[members[p]] = Below(Math.Sqrt(dist * dist));
                kAll[members[p]] = kk;
            }
        }
        var kept = new List<int>(n);
        for (var i = 0; i < n; i++) if (labelCount[i] > 1) kept.Add(i);
        var m = kept.Count;
        if (m == 0) return 0;
        var sortedKept = kept.Select(i => c[i]).ToArray();
        Array.Sort(sortedKept);
        double sumK = 0, sumLabels = 0, sumM = 0;
        foreach (var i in kept)
        {
            sumK += Digamma(kAll[i]);
            sumLabels += Digamma(labelCount[i]);
            sumM += Digamma(CountWithin(sortedKept, c[i], radius[i], squared: true));
        }
        var mi = Digamma(m) + sumK / m - sumLabels / m - sumM / m;
        return Math.Max(0, mi);
    }

    private static double Digamma(double v) => SpecialFunctions.DiGamma(v);
}
