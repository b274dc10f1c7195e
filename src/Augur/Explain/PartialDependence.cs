using System.Globalization;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Explain;

/// <summary>What <see cref="PartialDependence"/> returns: the average curve, the per-row (ICE) curves, or both.</summary>
public enum PartialDependenceKind
{
    /// <summary>The partial dependence: the model output averaged over the rows.</summary>
    Average,
    /// <summary>Individual conditional expectation curves: one per row.</summary>
    Individual,
    /// <summary>Both.</summary>
    Both,
}

/// <summary>How partial dependence is computed.</summary>
public enum PartialDependenceMethod
{
    /// <summary>Recursion for Augur's own trees and forests when only the average is asked for, brute force otherwise.</summary>
    Auto,
    /// <summary>Set the features to each grid value in every row and average the predictions (any model).</summary>
    Brute,
    /// <summary>
    /// Weighted traversal of the trees (Friedman, 2001): at splits on other features both branches are followed, weighted
    /// by their share of the training samples. Only for Augur's decision trees and forests; averages only.
    /// </summary>
    Recursion,
}

/// <summary>
/// Partial dependence of a model's output on one or two features. Values are laid out over the grid points in
/// row-major order of the features' grids (the first feature varies slowest), as scikit-learn's arrays reshaped.
/// </summary>
public sealed record PartialDependenceResult
{
    /// <summary>The features (one or two input columns).</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Whether each feature was treated as categorical (its grid is its categories).</summary>
    public required IReadOnlyList<bool> Categorical { get; init; }

    /// <summary>The grid of each numeric feature (NaN entries for categorical features, whose labels are in <see cref="GridLabels"/>).</summary>
    public required IReadOnlyList<double[]> GridValues { get; init; }

    /// <summary>The grid of each feature as text (numbers formatted invariantly, categories as they are).</summary>
    public required IReadOnlyList<string[]> GridLabels { get; init; }

    /// <summary>The outputs: the positive class of a binary classifier, every class of a multiclass one, or <c>value</c>.</summary>
    public required IReadOnlyList<string> OutputNames { get; init; }

    /// <summary>The scale of the values.</summary>
    public required OutputSpace OutputSpace { get; init; }

    /// <summary>The method used: <c>brute</c> or <c>recursion</c>.</summary>
    public required string Method { get; init; }

    /// <summary>The partial dependence: outputs × grid points (null when only ICE curves were asked for).</summary>
    public Matrix? Average { get; init; }

    /// <summary>The ICE curves: one rows × grid points matrix per output (null when only the average was asked for).</summary>
    public IReadOnlyList<Matrix>? Individual { get; init; }

    /// <summary>Number of grid points (the product of the features' grid sizes).</summary>
    public int GridPoints => GridLabels.Aggregate(1, (a, g) => a * g.Length);
}

/// <summary>
/// Partial dependence and individual conditional expectation (ICE) of any classifier or regressor on one or two input
/// columns, as scikit-learn 1.2's <c>partial_dependence</c>: numeric features take their distinct values when they have
/// fewer than <see cref="GridResolution"/> of them, otherwise <see cref="GridResolution"/> evenly spaced values between
/// the <see cref="Percentiles"/> (SciPy's <c>mquantiles</c>, plotting positions 0.4/0.4); categorical features
/// (text and categorical columns, and numeric columns named in <see cref="CategoricalFeatures"/>) take their categories.
/// </summary>
public sealed record PartialDependence
{
    /// <summary>Grid points per numeric feature.</summary>
    public int GridResolution { get; init; } = 100;

    /// <summary>The lower and upper percentiles (fractions) bounding numeric grids.</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [0.05, 0.95];

    /// <summary>Average, individual or both.</summary>
    public PartialDependenceKind Kind { get; init; } = PartialDependenceKind.Average;

    /// <summary>Brute force, recursion, or automatic choice.</summary>
    public PartialDependenceMethod Method { get; init; } = PartialDependenceMethod.Auto;

    /// <summary>Numeric input columns to treat as categorical (their distinct values become the grid).</summary>
    public IReadOnlyList<string>? CategoricalFeatures { get; init; }

    /// <summary>The scale: null means class probabilities for classifiers and values for regressors.</summary>
    public OutputSpace? OutputSpace { get; init; }

    private const int MaxRowsPerCall = 1 << 17;

    /// <summary>Computes the partial dependence of <paramref name="model"/> on <paramref name="features"/> over the rows of <paramref name="x"/>.</summary>
    public PartialDependenceResult Compute(IPredictor model, Frame x, params IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count is < 1 or > 2) throw new AugurException($"partial dependence takes one or two features, not {features.Count}");
        if (features.Count == 2 && features[0] == features[1]) throw new AugurException($"partial dependence needs two different features, not '{features[0]}' twice");
        if (GridResolution < 2) throw new AugurException($"PartialDependence option 'grid_resolution' must be at least 2, not {GridResolution}");
        if (Percentiles is not { Count: 2 } || !(Percentiles[0] >= 0 && Percentiles[0] < Percentiles[1] && Percentiles[1] <= 1))
            throw new AugurException("PartialDependence option 'percentiles' must be two fractions 0 <= low < high <= 1");
        var data = FrameMixer.Inputs(model, x, "PartialDependence");
        if (data.RowCount == 0) throw new AugurException("partial dependence needs at least one row");
        var featureIndex = new int[features.Count];
        for (var f = 0; f < features.Count; f++)
        {
            featureIndex[f] = data.IndexOf(features[f]);
            if (featureIndex[f] < 0)
                throw new AugurException($"'{features[f]}' is not an input column of the model; its inputs are: {string.Join(", ", data.ColumnNames)}");
        }
        if (CategoricalFeatures is not null)
            foreach (var c in CategoricalFeatures)
                if (!data.Contains(c)) throw new AugurException($"categorical feature '{c}' is not an input column of the model");
        var grids = features.Select((name, f) => BuildGrid(data[featureIndex[f]])).ToArray();

        var method = Method;
        if (method == PartialDependenceMethod.Recursion && Kind != PartialDependenceKind.Average)
            throw new AugurException("the recursion method computes averages only; use kind 'average' or the brute method");
        var recursion = method != PartialDependenceMethod.Brute && Kind == PartialDependenceKind.Average && grids.All(g => !g.Categorical);
        Matrix? avg = null;
        string[]? outputNames = null;
        OutputSpace space = default;
        if (recursion)
        {
            var points = GridPoints(grids);
            var found = TreeRecursion.TryCompute(model, featureIndex, points, OutputSpace, out avg, out outputNames, out space);
            if (!found && method == PartialDependenceMethod.Recursion)
                throw new AugurException($"the recursion method works only for Augur's decision trees and forests (on numeric features), not {model.Kind}; use the brute method");
            if (!found) recursion = false;
        }
        if (recursion)
            return Result(features, grids, outputNames!, space, "recursion", avg, null);

        var fn = ModelFunction.Create(model, OutputSpace, "PartialDependence");
        var keep = fn.Space == Explain.OutputSpace.Probability && fn.Outputs == 2 ? new[] { 1 } : Enumerable.Range(0, fn.Outputs).ToArray();
        var n = data.RowCount;
        var total = grids.Aggregate(1, (a, g) => a * g.Size);
        var individual = keep.Select(_ => new Matrix(n, total)).ToArray();
        var perCall = Math.Max(1, MaxRowsPerCall / n);
        for (var start = 0; start < total; start += perCall)
        {
            var count = Math.Min(perCall, total - start);
            var rows = new int[count * n];
            for (var c = 0; c < count; c++)
                for (var i = 0; i < n; i++) rows[c * n + i] = i;
            var columns = new Column[data.ColumnCount];
            for (var j = 0; j < columns.Length; j++)
            {
                var f = Array.IndexOf(featureIndex, j);
                if (f < 0) { columns[j] = data[j].Take(rows); continue; }
                var grid = grids[f];
                var stride = f == 0 && grids.Length == 2 ? grids[1].Size : 1;
                var pointOf = new int[count];
                for (var c = 0; c < count; c++) pointOf[c] = (start + c) / stride % grid.Size;
                if (grid.Categorical)
                {
                    var take = new int[count * n];
                    for (var c = 0; c < count; c++) Array.Fill(take, grid.RepresentativeRows[pointOf[c]], c * n, n);
                    columns[j] = data[j].Take(take);
                }
                else
                {
                    var v = new double[count * n];
                    for (var c = 0; c < count; c++) Array.Fill(v, grid.Values[pointOf[c]], c * n, n);
                    columns[j] = new Float64Column(data[j].Name, v);
                }
            }
            var output = fn.Output(new Frame(columns));
            for (var c = 0; c < count; c++)
                for (var i = 0; i < n; i++)
                    for (var o = 0; o < keep.Length; o++) individual[o][i, start + c] = output[c * n + i, keep[o]];
        }
        if (Kind != PartialDependenceKind.Individual)
        {
            avg = new Matrix(keep.Length, total);
            for (var o = 0; o < keep.Length; o++)
                for (var g = 0; g < total; g++)
                {
                    double s = 0;
                    for (var i = 0; i < n; i++) s += individual[o][i, g];
                    avg[o, g] = s / n;
                }
        }
        return Result(features, grids, keep.Select(k => fn.OutputNames[k]).ToArray(), fn.Space, "brute", avg,
            Kind == PartialDependenceKind.Average ? null : individual);
    }

    private static PartialDependenceResult Result(IReadOnlyList<string> features, Grid[] grids, string[] outputs, OutputSpace space, string method,
        Matrix? avg, Matrix[]? individual) => new()
    {
        Features = features.ToArray(),
        Categorical = grids.Select(g => g.Categorical).ToArray(),
        GridValues = grids.Select(g => g.Values).ToArray(),
        GridLabels = grids.Select(g => g.Labels).ToArray(),
        OutputNames = outputs,
        OutputSpace = space,
        Method = method,
        Average = avg,
        Individual = individual,
    };

    private static double[][] GridPoints(Grid[] grids)
    {
        var total = grids.Aggregate(1, (a, g) => a * g.Size);
        var points = new double[total][];
        for (var p = 0; p < total; p++)
        {
            var pt = new double[grids.Length];
            var rem = p;
            for (var f = grids.Length - 1; f >= 0; f--)
            {
                pt[f] = grids[f].Values[rem % grids[f].Size];
                rem /= grids[f].Size;
            }
            points[p] = pt;
        }
        return points;
    }

    private sealed record Grid(bool Categorical, double[] Values, string[] Labels, int[] RepresentativeRows)
    {
        public int Size => Labels.Length;
    }

    private Grid BuildGrid(Column column)
    {
        var numeric = column.IsNumeric && column.Type != ColumnType.Sparse;
        var categorical = !numeric || (CategoricalFeatures?.Contains(column.Name) ?? false);
        if (categorical)
        {
            var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
            var numericKeys = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < column.Length; i++)
            {
                if (column.IsMissing(i)) continue;
                var key = column.Format(i);
                if (firstRow.TryAdd(key, i) && numeric) numericKeys[key] = column.GetDouble(i);
            }
            if (firstRow.Count == 0) throw new AugurException($"feature '{column.Name}' has no values to build a grid from");
            var keys = numeric ? firstRow.Keys.OrderBy(k => numericKeys[k]).ToArray() : firstRow.Keys.Order(StringComparer.Ordinal).ToArray();
            var values = keys.Select(k => numeric ? numericKeys[k] : double.NaN).ToArray();
            return new Grid(true, values, keys, keys.Select(k => firstRow[k]).ToArray());
        }
        var present = column.ToDoubleArray().Where(v => !double.IsNaN(v)).ToArray();
        if (present.Length == 0) throw new AugurException($"feature '{column.Name}' has no values to build a grid from");
        Array.Sort(present);
        var uniques = present.Distinct().ToArray();
        double[] grid;
        if (uniques.Length < GridResolution) grid = uniques;
        else
        {
            var lo = MQuantile(present, Percentiles[0]);
            var hi = MQuantile(present, Percentiles[1]);
            if (Math.Abs(lo - hi) <= 1e-8 + 1e-5 * Math.Abs(hi))
                throw new AugurException($"the percentiles of feature '{column.Name}' are too close to each other; widen 'percentiles'");
            grid = Linspace(lo, hi, GridResolution);
        }
        return new Grid(false, grid, grid.Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray(), []);
    }

    /// <summary>SciPy's <c>mquantiles</c> with its default plotting positions (alphap = betap = 0.4) on sorted data.</summary>
    internal static double MQuantile(double[] sorted, double p)
    {
        const double alphap = 0.4, betap = 0.4;
        var n = sorted.Length;
        var m = alphap + p * (1 - alphap - betap);
        var aleph = n * p + m;
        var k = (int)Math.Floor(Math.Clamp(aleph, 1, n - 1));
        var gamma = Math.Clamp(aleph - k, 0, 1);
        if (n == 1) return sorted[0];
        return (1 - gamma) * sorted[k - 1] + gamma * sorted[k];
    }

    /// <summary>NumPy's <c>linspace</c> with the end point: start + i·step, the last value exactly <paramref name="stop"/>.</summary>
    internal static double[] Linspace(double start, double stop, int num)
    {
        var result = new double[num];
        var step = (stop - start) / (num - 1);
        for (var i = 0; i < num; i++) result[i] = start + i * step;
        result[num - 1] = stop;
        return result;
    }
}

/// <summary>The recursion method of partial dependence for tree models (filled in by the tree explainers).</summary>
internal static partial class TreeRecursion
{
    public static bool TryCompute(IPredictor model, int[] features, double[][] points, OutputSpace? space,
        out Matrix? average, out string[]? outputNames, out OutputSpace resultSpace)
    {
        average = null;
        outputNames = null;
        resultSpace = default;
        var found = false;
        Compute(model, features, points, space, ref found, ref average, ref outputNames, ref resultSpace);
        return found;
    }

    static partial void Compute(IPredictor model, int[] features, double[][] points, OutputSpace? space,
        ref bool found, ref Matrix? average, ref string[]? outputNames, ref OutputSpace resultSpace);
}
