using System.Globalization;
using Augur.Data;
using Augur.Numerics;
using MathNet.Numerics.Distributions;

namespace Augur.Explain;

/// <summary>How <see cref="LimeTabular"/> picks the features of its local surrogate.</summary>
public enum LimeFeatureSelection
{
    /// <summary>Forward selection when at most 6 features are asked for, highest weights otherwise (the lime package's <c>auto</c>).</summary>
    Auto,
    /// <summary>Greedily add the feature that most improves the weighted R² of an unpenalised surrogate.</summary>
    ForwardSelection,
    /// <summary>The features with the largest |weight| in a lightly penalised (α = 0.01) surrogate on every feature.</summary>
    HighestWeights,
    /// <summary>Every feature.</summary>
    None,
}

/// <summary>One feature of a LIME explanation.</summary>
/// <param name="Feature">The input column.</param>
/// <param name="Condition">The interpretable feature: the instance's bin or category (<c>alcohol &lt;= 12.36</c>, <c>colour=red</c>).</param>
/// <param name="Weight">The surrogate's weight: the local effect of being in that bin or category.</param>
public sealed record LimeFeatureWeight(string Feature, string Condition, double Weight);

/// <summary>A LIME explanation of one row (Ribeiro, Singh and Guestrin, 2016).</summary>
public sealed record LimeExplanation
{
    /// <summary>The explained row's position in the frame passed to the explainer.</summary>
    public required int Row { get; init; }

    /// <summary>The explained output: a class label, or <c>value</c> for regressors.</summary>
    public required string Output { get; init; }

    /// <summary>The scale of the explained output (probability or value).</summary>
    public required OutputSpace OutputSpace { get; init; }

    /// <summary>The selected features with their weights, by decreasing |weight|.</summary>
    public required IReadOnlyList<LimeFeatureWeight> Weights { get; init; }

    /// <summary>The surrogate's intercept.</summary>
    public required double Intercept { get; init; }

    /// <summary>The surrogate's weighted R² on the perturbed samples (local fidelity).</summary>
    public required double Score { get; init; }

    /// <summary>The surrogate's prediction for the row (intercept plus the selected weights).</summary>
    public required double LocalPrediction { get; init; }

    /// <summary>The model's prediction for the row.</summary>
    public required double ModelPrediction { get; init; }
}

/// <summary>
/// LIME for tabular data, as the lime package's <c>LimeTabularExplainer</c> with its defaults: numeric features are
/// discretised into quartiles of the training data; perturbed samples draw each feature's bin (or category) with its
/// training frequency, and numeric values from a normal distribution truncated to the bin with the bin's training mean
/// and standard deviation; the interpretable representation is "same bin/category as the row"; samples are weighted by
/// the exponential kernel <c>sqrt(exp(−d²/w²))</c> of their Euclidean distance in that representation with width
/// <c>w = 0.75·sqrt(features)</c>; a weighted ridge regression (α = 1) on the selected features is the local surrogate.
/// </summary>
public sealed record LimeTabular
{
    /// <summary>Features in each explanation.</summary>
    public int NumFeatures { get; init; } = 10;

    /// <summary>Perturbed samples per explained row (the row itself is the first).</summary>
    public int NumSamples { get; init; } = 5000;

    /// <summary>Kernel width; null means 0.75·sqrt(number of features).</summary>
    public double? KernelWidth { get; init; }

    /// <summary>How features are selected.</summary>
    public LimeFeatureSelection FeatureSelection { get; init; } = LimeFeatureSelection.Auto;

    /// <summary>Numeric input columns to treat as categories (text, categorical and boolean columns always are).</summary>
    public IReadOnlyList<string>? CategoricalFeatures { get; init; }

    /// <summary>The class to explain; null explains each row's predicted class. Ignored for regressors.</summary>
    public string? Label { get; init; }

    /// <summary>Seed for the perturbations.</summary>
    public int RandomState { get; init; }

    /// <summary>Explains <paramref name="rows"/> of <paramref name="x"/> (all rows when null), with statistics from <paramref name="training"/>.</summary>
    public IReadOnlyList<LimeExplanation> Explain(IPredictor model, Frame training, Frame x, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(x);
        if (NumFeatures < 1) throw new AugurException($"LimeTabular option 'num_features' must be at least 1, not {NumFeatures}");
        if (NumSamples < 2) throw new AugurException($"LimeTabular option 'num_samples' must be at least 2, not {NumSamples}");
        if (KernelWidth is { } kw && !(kw > 0)) throw new AugurException($"LimeTabular option 'kernel_width' must be positive, not {kw}");
        var train = FrameMixer.Inputs(model, training, "LimeTabular");
        if (train.RowCount == 0) throw new AugurException("LIME needs training rows to take statistics from");
        var data = FrameMixer.Inputs(model, x, "LimeTabular");
        var rowList = Explainers.ResolveRows(rows, data.RowCount, "LimeTabular");
        if (CategoricalFeatures is not null)
            foreach (var c in CategoricalFeatures)
                if (!train.Contains(c)) throw new AugurException($"categorical feature '{c}' is not an input column of the model");
        var fn = ModelFunction.Create(model, null, "LimeTabular");
        var p = train.ColumnCount;
        var stats = new FeatureStats[p];
        for (var j = 0; j < p; j++) stats[j] = FeatureStats.From(train[j], CategoricalFeatures?.Contains(train[j].Name) ?? false);
        var width = KernelWidth ?? 0.75 * Math.Sqrt(p);
        var result = new LimeExplanation[rowList.Count];
        var pool = Frame.ConcatRows([train, data]);
        for (var r = 0; r < rowList.Count; r++)
            result[r] = ExplainRow(fn, pool, train.RowCount + rowList[r], rowList[r], stats, width, Rng.Derive(RandomState, r));
        return result;
    }

    private LimeExplanation ExplainRow(ModelFunction fn, Frame pool, int poolRow, int row, FeatureStats[] stats, double width, long seed)
    {
        var p = stats.Length;
        var s = NumSamples;
        var rng = new Rng(seed);
        var binary = new Matrix(s, p);
        var columns = new Column[p];
        var descriptions = new string[p];
        for (var j = 0; j < p; j++)
        {
            var st = stats[j];
            var col = pool[j];
            var own = st.BinOf(col, poolRow);
            descriptions[j] = st.Describe(own, col, poolRow);
            var bins = new int[s];
            bins[0] = own;
            for (var i = 1; i < s; i++) bins[i] = st.SampleBin(rng);
            for (var i = 0; i < s; i++) binary[i, j] = i == 0 || bins[i] == own ? 1 : 0;
            if (st.Numeric)
            {
                var v = new double[s];
                v[0] = col.IsMissing(poolRow) ? double.NaN : col.GetDouble(poolRow);
                for (var i = 1; i < s; i++) v[i] = st.SampleValue(bins[i], rng);
                columns[j] = new Float64Column(col.Name, v);
            }
            else
            {
                var take = new int[s];
                take[0] = poolRow;
                for (var i = 1; i < s; i++) take[i] = st.RepresentativeRow(bins[i]);
                columns[j] = col.Take(take);
            }
        }
        var predictions = fn.Output(new Frame(columns));
        int label;
        if (fn.Space == OutputSpace.Value) label = 0;
        else if (Label is not null)
        {
            label = Array.IndexOf(fn.OutputNames, Label);
            if (label < 0) throw new AugurException($"LIME label '{Label}' is not a class of the model; the classes are: {string.Join(", ", fn.OutputNames)}");
        }
        else
        {
            label = 0;
            for (var k = 1; k < fn.Outputs; k++) if (predictions[0, k] > predictions[0, label]) label = k;
        }
        var y = new double[s];
        for (var i = 0; i < s; i++) y[i] = predictions[i, label];
        var weights = new double[s];
        for (var i = 0; i < s; i++)
        {
            double d2 = 0;
            for (var j = 0; j < p; j++) d2 += (binary[i, j] - 1) * (binary[i, j] - 1);
            weights[i] = Math.Sqrt(Math.Exp(-d2 / (width * width)));
        }
        var k2 = Math.Min(NumFeatures, p);
        var selected = FeatureSelection switch
        {
            LimeFeatureSelection.None => Enumerable.Range(0, p).ToArray(),
            LimeFeatureSelection.ForwardSelection => Forward(binary, y, weights, k2),
            LimeFeatureSelection.HighestWeights => Highest(binary, y, weights, k2),
            _ => NumFeatures <= 6 ? Forward(binary, y, weights, k2) : Highest(binary, y, weights, k2),
        };
        var fit = WeightedRidge.Fit(binary, selected, y, weights, 1.0);
        var local = fit.Intercept;
        for (var t = 0; t < selected.Length; t++) local += fit.Coefficients[t] * binary[0, selected[t]];
        var list = selected.Select((j, t) => new LimeFeatureWeight(pool[j].Name, descriptions[j], fit.Coefficients[t]))
            .OrderByDescending(w => Math.Abs(w.Weight)).ToArray();
        return new LimeExplanation
        {
            Row = row,
            Output = fn.OutputNames[label],
            OutputSpace = fn.Space,
            Weights = list,
            Intercept = fit.Intercept,
            Score = fit.Score(binary, selected, y, weights),
            LocalPrediction = local,
            ModelPrediction = y[0],
        };
    }

    private static int[] Forward(Matrix x, double[] y, double[] w, int k)
    {
        var used = new List<int>();
        for (var step = 0; step < k; step++)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var j = 0; j < x.Cols; j++)
            {
                if (used.Contains(j)) continue;
                var trial = used.Append(j).ToArray();
                var score = WeightedRidge.Fit(x, trial, y, w, 0).Score(x, trial, y, w);
                if (score > bestScore) { bestScore = score; best = j; }
            }
            used.Add(best);
        }
        return used.ToArray();
    }

    private static int[] Highest(Matrix x, double[] y, double[] w, int k)
    {
        var all = Enumerable.Range(0, x.Cols).ToArray();
        var fit = WeightedRidge.Fit(x, all, y, w, 0.01);
        return all.OrderByDescending(j => Math.Abs(fit.Coefficients[j] * x[0, j])).ThenBy(j => j).Take(k).ToArray();
    }

    /// <summary>Training statistics of one feature: its bins (quartiles) or categories, their frequencies and value statistics.</summary>
    private sealed class FeatureStats
    {
        public bool Numeric { get; private init; }
        private double[] _edges = [];
        private double[] _means = [], _stds = [], _mins = [], _maxs = [];
        private int[] _present = [];
        private double[] _cumulative = [];
        private Dictionary<string, int> _categories = new(StringComparer.Ordinal);
        private int[] _representative = [];

        public static FeatureStats From(Column column, bool forceCategorical)
        {
            var n = column.Length;
            if (column.IsNumeric && column.Type is not (ColumnType.Sparse or ColumnType.Bool) && !forceCategorical)
            {
                var values = column.ToDoubleArray();
                var present = values.Where(v => !double.IsNaN(v)).Order().ToArray();
                if (present.Length > 0)
                {
                    var edges = new[] { 0.25, 0.5, 0.75 }.Select(q => Percentile(present, q)).Distinct().ToArray();
                    var nb = edges.Length + 2; // bins 0…edges, plus one for missing values
                    var count = new int[nb];
                    var sum = new double[nb];
                    var bins = new int[n];
                    for (var i = 0; i < n; i++)
                    {
                        bins[i] = double.IsNaN(values[i]) ? nb - 1 : SearchLeft(edges, values[i]);
                        count[bins[i]]++;
                        if (!double.IsNaN(values[i])) sum[bins[i]] += values[i];
                    }
                    var means = new double[nb];
                    var stds = new double[nb];
                    for (var b = 0; b < nb - 1; b++) means[b] = count[b] == 0 ? 0 : sum[b] / count[b];
                    for (var i = 0; i < n; i++)
                        if (bins[i] < nb - 1) stds[bins[i]] += (values[i] - means[bins[i]]) * (values[i] - means[bins[i]]);
                    for (var b = 0; b < nb - 1; b++) stds[b] = (count[b] == 0 ? 0 : Math.Sqrt(stds[b] / count[b])) + 1e-11;
                    var mins = new double[nb];
                    var maxs = new double[nb];
                    for (var b = 0; b < nb - 1; b++)
                    {
                        mins[b] = b == 0 ? present[0] : edges[b - 1];
                        maxs[b] = b == nb - 2 ? present[^1] : edges[b];
                    }
                    var st = new FeatureStats { Numeric = true, _edges = edges, _means = means, _stds = stds, _mins = mins, _maxs = maxs };
                    st.SetFrequencies(count, n);
                    return st;
                }
            }
            var cats = new Dictionary<string, int>(StringComparer.Ordinal);
            var reps = new List<int>();
            var counts = new List<int>();
            for (var i = 0; i < n; i++)
            {
                var key = Key(column, i);
                if (!cats.TryGetValue(key, out var c))
                {
                    c = cats.Count;
                    cats[key] = c;
                    reps.Add(i);
                    counts.Add(0);
                }
                counts[c]++;
            }
            var result = new FeatureStats { Numeric = false, _categories = cats, _representative = reps.ToArray() };
            result.SetFrequencies(counts.ToArray(), n);
            return result;
        }

        private static string Key(Column c, int i) => c.IsMissing(i) ? "\0missing" : c.Format(i);

        private void SetFrequencies(int[] counts, int n)
        {
            _present = Enumerable.Range(0, counts.Length).Where(b => counts[b] > 0).ToArray();
            _cumulative = new double[_present.Length];
            double acc = 0;
            for (var t = 0; t < _present.Length; t++)
            {
                acc += counts[_present[t]] / (double)n;
                _cumulative[t] = acc;
            }
        }

        public int SampleBin(Rng rng)
        {
            var u = rng.NextDouble() * _cumulative[^1];
            var t = 0;
            while (t < _cumulative.Length - 1 && u >= _cumulative[t]) t++;
            return _present[t];
        }

        public int BinOf(Column c, int row)
        {
            if (Numeric) return c.IsMissing(row) ? _edges.Length + 1 : SearchLeft(_edges, c.GetDouble(row));
            return _categories.TryGetValue(Key(c, row), out var k) ? k : -1;
        }

        public int RepresentativeRow(int bin) => _representative[bin];

        public double SampleValue(int bin, Rng rng)
        {
            if (bin == _edges.Length + 1) return double.NaN;
            double mean = _means[bin], sd = _stds[bin];
            var a = (_mins[bin] - mean) / sd;
            var b = (_maxs[bin] - mean) / sd;
            if (!(b > a)) return mean;
            var lo = Normal.CDF(0, 1, a);
            var hi = Normal.CDF(0, 1, b);
            var u = lo + rng.NextDouble() * (hi - lo);
            var z = u <= 0 || u >= 1 || hi - lo < 1e-12 ? (a + b) / 2 : Normal.InvCDF(0, 1, u);
            return mean + sd * Math.Clamp(z, a, b);
        }

        public string Describe(int bin, Column c, int row)
        {
            var name = c.Name;
            if (!Numeric) return c.IsMissing(row) ? $"{name} is missing" : $"{name}={c.Format(row)}";
            if (bin == _edges.Length + 1) return $"{name} is missing";
            static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
            if (bin == 0) return $"{name} <= {F(_edges[0])}";
            if (bin == _edges.Length) return $"{name} > {F(_edges[^1])}";
            return $"{F(_edges[bin - 1])} < {name} <= {F(_edges[bin])}";
        }

        private static int SearchLeft(double[] edges, double v)
        {
            var k = 0;
            while (k < edges.Length && edges[k] < v) k++;
            return k;
        }

        /// <summary>NumPy's default (linear) percentile of sorted data.</summary>
        private static double Percentile(double[] sorted, double q)
        {
            var pos = q * (sorted.Length - 1);
            var lo = (int)Math.Floor(pos);
            var hi = Math.Min(lo + 1, sorted.Length - 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
    }
}

/// <summary>Weighted ridge regression with an intercept (scikit-learn's <c>Ridge</c> with sample weights) on chosen columns.</summary>
internal sealed class WeightedRidge
{
    private WeightedRidge(double[] coefficients, double intercept)
    {
        Coefficients = coefficients;
        Intercept = intercept;
    }

    public double[] Coefficients { get; }
    public double Intercept { get; }

    public static WeightedRidge Fit(Matrix x, int[] columns, double[] y, double[] w, double alpha)
    {
        var n = x.Rows;
        var p = columns.Length;
        double wsum = 0, ymean = 0;
        var xmean = new double[p];
        for (var i = 0; i < n; i++)
        {
            wsum += w[i];
            ymean += w[i] * y[i];
            for (var t = 0; t < p; t++) xmean[t] += w[i] * x[i, columns[t]];
        }
        ymean /= wsum;
        for (var t = 0; t < p; t++) xmean[t] /= wsum;
        var a = new double[p * p];
        var rhs = new double[p];
        var xc = new double[p];
        for (var i = 0; i < n; i++)
        {
            for (var t = 0; t < p; t++) xc[t] = x[i, columns[t]] - xmean[t];
            var yc = y[i] - ymean;
            for (var t = 0; t < p; t++)
            {
                var wt = w[i] * xc[t];
                rhs[t] += wt * yc;
                for (var u = t; u < p; u++) a[t * p + u] += wt * xc[u];
            }
        }
        for (var t = 0; t < p; t++)
        {
            for (var u = 0; u < t; u++) a[t * p + u] = a[u * p + t];
            a[t * p + t] += alpha;
        }
        var coef = DenseSolve.Solve(a, rhs, p);
        var intercept = ymean;
        for (var t = 0; t < p; t++) intercept -= coef[t] * xmean[t];
        return new WeightedRidge(coef, intercept);
    }

    /// <summary>Weighted R² (scikit-learn's <c>score</c> with sample weights).</summary>
    public double Score(Matrix x, int[] columns, double[] y, double[] w)
    {
        double wsum = 0, ymean = 0;
        for (var i = 0; i < y.Length; i++) { wsum += w[i]; ymean += w[i] * y[i]; }
        ymean /= wsum;
        double ssr = 0, sst = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var pred = Intercept;
            for (var t = 0; t < columns.Length; t++) pred += Coefficients[t] * x[i, columns[t]];
            ssr += w[i] * (y[i] - pred) * (y[i] - pred);
            sst += w[i] * (y[i] - ymean) * (y[i] - ymean);
        }
        if (sst == 0) return ssr == 0 ? 1.0 : 0.0;
        return 1 - ssr / sst;
    }
}
