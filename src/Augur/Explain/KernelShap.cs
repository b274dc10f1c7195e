using Augur.Data;
using Augur.Numerics;

namespace Augur.Explain;

/// <summary>
/// Kernel SHAP for any classifier or regressor (Lundberg and Lee, 2017): Shapley values of the model's input columns,
/// with a column "absent" meaning its value is drawn from the background (interventional expectations over a weighted
/// background, features treated as independent). When all 2^M − 2 coalitions of the M varying columns fit in
/// <see cref="NSamples"/>, every coalition is evaluated and the values are exact; otherwise coalitions are sampled in
/// complementary pairs, with the small and large coalitions (which carry most of the Shapley kernel's weight) enumerated
/// first, as the SHAP package does. The weighted least-squares fit with the Shapley kernel weights enforces efficiency:
/// base value plus the values equals the model output exactly.
/// </summary>
/// <remarks>
/// Perturbations happen on the model's input columns (for a pipeline: the raw columns, before any preprocessing), so
/// categorical columns are explained as wholes. Columns whose value equals every background value get 0.
/// </remarks>
public sealed record KernelShap
{
    /// <summary>Coalitions to evaluate per explained row; null means 2·M + 2048 (SHAP's <c>auto</c>).</summary>
    public int? NSamples { get; init; }

    /// <summary>
    /// When the background has more rows than this, it is summarised with k-means into this many weighted centroids
    /// (<see cref="WeightedBackground.KMeans"/>); 0 keeps every background row.
    /// </summary>
    public int BackgroundClusters { get; init; } = 10;

    /// <summary>The scale to explain; null means probabilities for classifiers and values for regressors.</summary>
    public OutputSpace? OutputSpace { get; init; }

    /// <summary>Seed for coalition sampling and the k-means summary.</summary>
    public int RandomState { get; init; }

    private const int MaxRowsPerCall = 1 << 17;

    /// <summary>Explains <paramref name="rows"/> of <paramref name="x"/> (all rows when null) against <paramref name="background"/>.</summary>
    public ShapExplanation Explain(IPredictor model, Frame background, Frame x, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(background);
        var bg = FrameMixer.Inputs(model, background, "KernelShap");
        var summary = BackgroundClusters > 0 && bg.RowCount > BackgroundClusters
            ? WeightedBackground.KMeans(bg, BackgroundClusters, RandomState)
            : WeightedBackground.Uniform(bg);
        return Explain(model, summary, x, rows);
    }

    /// <summary>Explains <paramref name="rows"/> of <paramref name="x"/> (all rows when null) against a weighted background.</summary>
    public ShapExplanation Explain(IPredictor model, WeightedBackground background, Frame x, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(background);
        ArgumentNullException.ThrowIfNull(x);
        if (NSamples is < 1) throw new AugurException($"KernelShap option 'n_samples' must be positive, not {NSamples}");
        if (BackgroundClusters < 0) throw new AugurException($"KernelShap option 'background_clusters' must be at least 0, not {BackgroundClusters}");
        var f = ModelFunction.Create(model, OutputSpace, "KernelShap");
        var names = model.Signature.InputNames;
        var bg = FrameMixer.Inputs(model, background.Rows, "KernelShap");
        var weights = background.Weights;
        if (weights.Length != bg.RowCount) throw new AugurException("the background needs one weight per row");
        var wsum = weights.Sum();
        if (!(wsum > 0) || weights.Any(w => !(w >= 0))) throw new AugurException("background weights must be non-negative with a positive sum");
        var data = FrameMixer.Inputs(model, x, "KernelShap");
        var rowList = Explainers.ResolveRows(rows, data.RowCount, "KernelShap");
        var outputs = f.Outputs;
        var m = names.Count;
        var b = bg.RowCount;

        var bgOut = f.Evaluate(bg);
        var expected = new double[outputs];
        for (var i = 0; i < b; i++)
            for (var k = 0; k < outputs; k++) expected[k] += weights[i] / wsum * bgOut[i, k];
        var baseValues = expected.Select(f.Link).ToArray();

        var explained = data.Take(rowList.ToArray());
        var fx = f.Output(explained);
        var values = Enumerable.Range(0, outputs).Select(_ => new Matrix(rowList.Count, m)).ToArray();
        var pool = Frame.ConcatRows([bg, explained]);
        for (var r = 0; r < rowList.Count; r++)
        {
            var varying = new List<int>();
            for (var j = 0; j < m; j++)
            {
                var col = pool[j];
                for (var i = 0; i < b; i++)
                    if (!FrameMixer.SameValue(col, i, col, b + r)) { varying.Add(j); break; }
            }
            if (varying.Count == 0) continue;
            if (varying.Count == 1)
            {
                for (var k = 0; k < outputs; k++) values[k][r, varying[0]] = fx[r, k] - baseValues[k];
                continue;
            }
            var coalitions = Coalitions.Build(varying.Count, NSamples ?? 2 * varying.Count + 2048, Rng.Derive(RandomState, r));
            var ey = EvaluateCoalitions(f, pool, b, b + r, weights, wsum, varying, coalitions);
            for (var k = 0; k < outputs; k++)
            {
                var phi = SolveConstrained(coalitions, ey, k, fx[r, k] - baseValues[k], varying.Count, baseValues[k]);
                for (var v = 0; v < varying.Count; v++) values[k][r, varying[v]] = phi[v];
            }
        }
        return new ShapExplanation
        {
            Method = "kernel",
            OutputSpace = f.Space,
            FeatureNames = names.ToArray(),
            OutputNames = f.OutputNames,
            BaseValues = baseValues,
            Values = values,
            ModelOutput = fx,
            Rows = rowList.ToArray(),
            FeatureValues = ShapExplanation.NumericValues(explained, names),
        };
    }

    /// <summary>The linked expected model output of every coalition (coalitions × outputs).</summary>
    private static Matrix EvaluateCoalitions(ModelFunction f, Frame pool, int b, int instance, double[] weights, double wsum,
        List<int> varying, Coalitions coalitions)
    {
        var n = coalitions.Count;
        var m = pool.ColumnCount;
        var result = new Matrix(n, f.Outputs);
        var perCall = Math.Max(1, MaxRowsPerCall / b);
        var isVarying = new int[m];
        Array.Fill(isVarying, -1);
        for (var v = 0; v < varying.Count; v++) isVarying[varying[v]] = v;
        for (var start = 0; start < n; start += perCall)
        {
            var count = Math.Min(perCall, n - start);
            var idx = new int[m][];
            for (var j = 0; j < m; j++)
            {
                var a = new int[count * b];
                var v = isVarying[j];
                for (var c = 0; c < count; c++)
                {
                    var present = v < 0 || coalitions.Has(start + c, v);
                    for (var i = 0; i < b; i++) a[c * b + i] = present ? instance : i;
                }
                idx[j] = a;
            }
            var output = f.Evaluate(FrameMixer.Gather(pool, idx));
            for (var c = 0; c < count; c++)
                for (var k = 0; k < f.Outputs; k++)
                {
                    double s = 0;
                    for (var i = 0; i < b; i++) s += weights[i] * output[c * b + i, k];
                    result[start + c, k] = f.Link(s / wsum);
                }
        }
        return result;
    }

    /// <summary>
    /// Weighted least squares of (ey − base) on the coalition indicators, subject to Σφ = fx − base, by eliminating the
    /// last feature (as Lundberg and Lee's reference implementation).
    /// </summary>
    private static double[] SolveConstrained(Coalitions coalitions, Matrix ey, int k, double total, int m, double baseValue)
    {
        var p = m - 1;
        var a = new double[p * p];
        var rhs = new double[p];
        var xrow = new double[p];
        for (var c = 0; c < coalitions.Count; c++)
        {
            var w = coalitions.Weight(c);
            if (w == 0) continue;
            var zLast = coalitions.Has(c, m - 1) ? 1.0 : 0.0;
            var y = ey[c, k] - baseValue - zLast * total;
            for (var j = 0; j < p; j++) xrow[j] = (coalitions.Has(c, j) ? 1.0 : 0.0) - zLast;
            for (var i = 0; i < p; i++)
            {
                if (xrow[i] == 0) continue;
                var wi = w * xrow[i];
                rhs[i] += wi * y;
                for (var j = 0; j < p; j++) a[i * p + j] += wi * xrow[j];
            }
        }
        var phi = DenseSolve.Solve(a, rhs, p);
        var result = new double[m];
        double sum = 0;
        for (var j = 0; j < p; j++)
        {
            result[j] = phi[j];
            sum += phi[j];
        }
        result[m - 1] = total - sum;
        return result;
    }
}

/// <summary>Coalitions (subsets of the varying features) with their Shapley kernel weights.</summary>
internal sealed class Coalitions
{
    private readonly List<bool[]> _masks = [];
    private readonly List<double> _weights = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public int Count => _masks.Count;
    public bool Has(int coalition, int feature) => _masks[coalition][feature];
    public double Weight(int coalition) => _weights[coalition];

    private void Add(bool[] mask, double weight, bool accumulate)
    {
        var key = new string(mask.Select(z => z ? '1' : '0').ToArray());
        if (accumulate && _index.TryGetValue(key, out var at))
        {
            _weights[at] += weight;
            return;
        }
        _index[key] = _masks.Count;
        _masks.Add(mask);
        _weights.Add(weight);
    }

    private static double Choose(int n, int k)
    {
        double r = 1;
        for (var i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return Math.Round(r);
    }

    /// <summary>
    /// The coalitions for <paramref name="m"/> features under a budget of <paramref name="budget"/> evaluations: whole
    /// subset sizes (with their complements) are enumerated while the budget covers them at their kernel weight, the rest
    /// are sampled in complementary pairs with the remaining kernel weight (duplicates accumulate weight).
    /// </summary>
    public static Coalitions Build(int m, int budget, long seed)
    {
        var result = new Coalitions();
        var total = m >= 62 ? double.PositiveInfinity : Math.Pow(2, m) - 2;
        if (budget > total) budget = (int)total;
        var sizes = (m - 1 + 1) / 2; // ceil((m − 1) / 2)
        var paired = (m - 1) / 2;
        var weightVector = new double[sizes];
        for (var s = 1; s <= sizes; s++) weightVector[s - 1] = (m - 1.0) / (s * (m - s));
        for (var s = 0; s < paired; s++) weightVector[s] *= 2;
        var wsum = weightVector.Sum();
        for (var s = 0; s < sizes; s++) weightVector[s] /= wsum;

        var fullSizes = 0;
        double left = budget;
        var remaining = (double[])weightVector.Clone();
        for (var s = 1; s <= sizes; s++)
        {
            var subsets = Choose(m, s);
            if (s <= paired) subsets *= 2;
            if (left * remaining[s - 1] / subsets < 1.0 - 1e-8) break;
            fullSizes++;
            left -= subsets;
            if (remaining[s - 1] < 1)
            {
                var scale = 1 - remaining[s - 1];
                for (var t = 0; t < sizes; t++) remaining[t] /= scale;
            }
            var w = weightVector[s - 1] / Choose(m, s);
            if (s <= paired) w /= 2;
            foreach (var combo in Combinations(m, s))
            {
                var mask = new bool[m];
                foreach (var j in combo) mask[j] = true;
                result.Add(mask, w, false);
                if (s <= paired) result.Add(mask.Select(z => !z).ToArray(), w, false);
            }
        }
        var fixedCount = result.Count;
        var samplesLeft = budget - fixedCount;
        if (fullSizes != sizes && samplesLeft > 0)
        {
            var probs = (double[])weightVector.Clone();
            for (var s = 0; s < paired; s++) probs[s] /= 2;
            var tail = probs.Skip(fullSizes).ToArray();
            var tsum = tail.Sum();
            for (var t = 0; t < tail.Length; t++) tail[t] /= tsum;
            var rng = new Rng(seed);
            var draws = 4 * samplesLeft;
            var sampledStart = result.Count;
            for (var d = 0; d < draws && samplesLeft > 0; d++)
            {
                var u = rng.NextDouble();
                var idx = 0;
                for (double acc = tail[0]; idx < tail.Length - 1 && u >= acc; acc += tail[++idx]) { }
                var size = idx + fullSizes + 1;
                var perm = rng.Permutation(m);
                var mask = new bool[m];
                for (var t = 0; t < size; t++) mask[perm[t]] = true;
                var before = result.Count;
                result.Add(mask, 1.0, true);
                if (result.Count > before) samplesLeft--;
                if (samplesLeft > 0 && size <= paired)
                {
                    before = result.Count;
                    result.Add(mask.Select(z => !z).ToArray(), 1.0, true);
                    if (result.Count > before) samplesLeft--;
                }
            }
            var weightLeft = weightVector.Skip(fullSizes).Sum();
            double sampled = 0;
            for (var c = sampledStart; c < result.Count; c++) sampled += result._weights[c];
            if (sampled > 0)
                for (var c = sampledStart; c < result.Count; c++) result._weights[c] *= weightLeft / sampled;
        }
        return result;
    }

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var c = new int[k];
        for (var i = 0; i < k; i++) c[i] = i;
        while (true)
        {
            yield return (int[])c.Clone();
            var i2 = k - 1;
            while (i2 >= 0 && c[i2] == n - k + i2) i2--;
            if (i2 < 0) yield break;
            c[i2]++;
            for (var j = i2 + 1; j < k; j++) c[j] = c[j - 1] + 1;
        }
    }
}

/// <summary>Small dense linear solves (Gaussian elimination with partial pivoting; a tiny ridge when singular).</summary>
internal static class DenseSolve
{
    public static double[] Solve(double[] a, double[] b, int n)
    {
        if (n == 0) return [];
        var result = TrySolve((double[])a.Clone(), (double[])b.Clone(), n);
        if (result is not null) return result;
        double trace = 0;
        for (var i = 0; i < n; i++) trace += Math.Abs(a[i * n + i]);
        var ridge = Math.Max(trace / n, 1.0) * 1e-10;
        var reg = (double[])a.Clone();
        for (var i = 0; i < n; i++) reg[i * n + i] += ridge;
        return TrySolve(reg, (double[])b.Clone(), n) ?? new double[n];
    }

    private static double[]? TrySolve(double[] a, double[] b, int n)
    {
        double scale = 0;
        foreach (var v in a) scale = Math.Max(scale, Math.Abs(v));
        if (scale == 0) return null;
        for (var col = 0; col < n; col++)
        {
            var piv = col;
            for (var r = col + 1; r < n; r++)
                if (Math.Abs(a[r * n + col]) > Math.Abs(a[piv * n + col])) piv = r;
            if (Math.Abs(a[piv * n + col]) <= scale * 1e-13) return null;
            if (piv != col)
            {
                for (var c = 0; c < n; c++) (a[col * n + c], a[piv * n + c]) = (a[piv * n + c], a[col * n + c]);
                (b[col], b[piv]) = (b[piv], b[col]);
            }
            var d = a[col * n + col];
            for (var r = col + 1; r < n; r++)
            {
                var factor = a[r * n + col] / d;
                if (factor == 0) continue;
                for (var c = col; c < n; c++) a[r * n + c] -= factor * a[col * n + c];
                b[r] -= factor * b[col];
            }
        }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = b[r];
            for (var c = r + 1; c < n; c++) s -= a[r * n + c] * x[c];
            x[r] = s / a[r * n + r];
        }
        return x;
    }
}
