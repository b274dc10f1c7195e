using Augur.Data;
using Augur.Serialization;

namespace Augur.Calibration;

/// <summary>What an isotonic model returns for inputs outside the training range.</summary>
public enum OutOfBounds
{
    /// <summary>Not a number.</summary>
    Nan,
    /// <summary>The value at the nearest end of the training range.</summary>
    Clip,
    /// <summary>An error.</summary>
    Raise,
}

/// <summary>
/// Isotonic regression (scikit-learn's <c>IsotonicRegression</c>): the monotone step function closest to the targets in
/// weighted least squares, found by the pool-adjacent-violators algorithm (Barlow et al. 1972; Best and Chakravarti 1990),
/// and interpolated linearly between its thresholds. Fits one numeric feature column.
/// </summary>
public sealed record IsotonicRegression : IEstimator<IsotonicRegressionModel>
{
    /// <summary>Lower bound of the fitted values (<c>null</c>: none).</summary>
    public double? YMin { get; init; }

    /// <summary>Upper bound of the fitted values (<c>null</c>: none).</summary>
    public double? YMax { get; init; }

    /// <summary>True for a non-decreasing fit, false for non-increasing; <c>null</c> (scikit-learn's <c>"auto"</c>) picks by the sign of Spearman's correlation.</summary>
    public bool? Increasing { get; init; } = true;

    /// <summary>What predictions outside the training range of the feature give.</summary>
    public OutOfBounds OutOfBounds { get; init; } = OutOfBounds.Nan;

    /// <summary>Fits the one feature column of <paramref name="x"/> to the numeric target <paramref name="y"/>.</summary>
    public IsotonicRegressionModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount != 1)
            throw new AugurException($"IsotonicRegression fits exactly one feature column, but {x.ColumnCount} were given ({string.Join(", ", x.ColumnNames.Take(5))})");
        if (x.RowCount == 0) throw new AugurException("IsotonicRegression needs at least one row");
        var values = x.ToMatrix(allowMissing: false, nameof(IsotonicRegression)).Data;
        var target = ModelInputs.RegressionTarget(y, x.RowCount, nameof(IsotonicRegression));
        var w = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        if (YMin is { } lo && YMax is { } hi && lo > hi) throw new AugurException($"IsotonicRegression option 'y_min' ({lo}) is above 'y_max' ({hi})");
        var function = IsotonicFunction.Fit(values, target, w, Increasing, YMin, YMax, OutOfBounds);
        var signature = ModelSignature.Infer(x, ModelTask.Regression, allowsMissing: false, y);
        return new IsotonicRegressionModel(this, signature, function);
    }
}

/// <summary>A fitted <see cref="IsotonicRegression"/>: thresholds and their fitted values. Immutable and thread-safe.</summary>
public sealed class IsotonicRegressionModel : IRegressor
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "isotonic_regression";

    private readonly IsotonicFunction _f;

    internal IsotonicRegressionModel(IsotonicRegression options, ModelSignature signature, IsotonicFunction function)
    {
        Options = options;
        Signature = signature;
        _f = function;
    }

    /// <summary>The options the model was fitted with.</summary>
    public IsotonicRegression Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Regression;

    /// <summary>The feature values at which the fitted function changes slope (scikit-learn's <c>X_thresholds_</c>).</summary>
    public IReadOnlyList<double> XThresholds => Array.AsReadOnly(_f.X);

    /// <summary>The fitted values at <see cref="XThresholds"/> (scikit-learn's <c>y_thresholds_</c>).</summary>
    public IReadOnlyList<double> YThresholds => Array.AsReadOnly(_f.Y);

    /// <summary>The smallest training feature value.</summary>
    public double XMin => _f.XMin;

    /// <summary>The largest training feature value.</summary>
    public double XMax => _f.XMax;

    /// <summary>Whether the fit is non-decreasing (the direction chosen when <c>increasing</c> was auto).</summary>
    public bool Increasing => _f.Increasing;

    /// <summary>The fitted function at every row's feature value.</summary>
    public double[] PredictValues(Frame x)
    {
        var m = Signature.Features(x, nameof(IsotonicRegression));
        return _f.Apply(m.Data);
    }

    /// <summary>The fitted function at the given values.</summary>
    public double[] PredictValues(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
            if (double.IsNaN(v)) throw new AugurException("IsotonicRegression cannot predict missing values");
        return _f.Apply(values);
    }

    /// <inheritdoc />
    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.WriteOptions(Options);
        _f.Save(writer, "");
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static IsotonicRegressionModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = reader.ReadSignature("signature");
        reader.Require(signature.Inputs.Count == 1, "signature", "an isotonic model has exactly one input column");
        var options = reader.ReadOptions<IsotonicRegression>();
        return new IsotonicRegressionModel(options, signature, IsotonicFunction.Load(reader, ""));
    }
}

/// <summary>The fitted isotonic function: thresholds, values and linear interpolation between them.</summary>
internal sealed class IsotonicFunction
{
    /// <summary>scikit-learn merges feature values closer than float64's resolution (1e-15) into one.</summary>
    private const double Resolution = 1e-15;

    public IsotonicFunction(double[] x, double[] y, double xMin, double xMax, bool increasing, OutOfBounds outOfBounds)
    {
        X = x;
        Y = y;
        XMin = xMin;
        XMax = xMax;
        Increasing = increasing;
        OutOfBounds = outOfBounds;
    }

    public double[] X { get; }
    public double[] Y { get; }
    public double XMin { get; }
    public double XMax { get; }
    public bool Increasing { get; }
    public OutOfBounds OutOfBounds { get; }

    public static IsotonicFunction Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double[]? w, bool? increasing, double? yMin, double? yMax, OutOfBounds outOfBounds)
    {
        // Rows with zero weight do not count.
        var rows = new List<int>(x.Length);
        for (var i = 0; i < x.Length; i++) if (w is null || w[i] > 0) rows.Add(i);
        var xs = new double[rows.Count];
        var ys = new double[rows.Count];
        var ws = new double[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            xs[r] = x[rows[r]];
            ys[r] = y[rows[r]];
            ws[r] = w?[rows[r]] ?? 1.0;
        }
        var up = increasing ?? SpearmanNonNegative(xs, ys);
        // Sort by feature, then by target.
        var order = Enumerable.Range(0, xs.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = xs[a].CompareTo(xs[b]);
            if (c != 0) return c;
            c = ys[a].CompareTo(ys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        // Merge (near-)equal feature values: weighted mean target, summed weight.
        var ux = new List<double>();
        var uy = new List<double>();
        var uw = new List<double>();
        var currentX = xs[order[0]];
        var sumWy = 0.0;
        var sumW = 0.0;
        foreach (var i in order)
        {
            if (xs[i] - currentX >= Resolution)
            {
                ux.Add(currentX);
                uy.Add(sumWy / sumW);
                uw.Add(sumW);
                currentX = xs[i];
                sumWy = 0;
                sumW = 0;
            }
            sumWy += ys[i] * ws[i];
            sumW += ws[i];
        }
        ux.Add(currentX);
        uy.Add(sumWy / sumW);
        uw.Add(sumW);

        var fitted = Pava(uy.ToArray(), uw.ToArray(), up);
        for (var i = 0; i < fitted.Length; i++)
        {
            if (yMin is { } lo && fitted[i] < lo) fitted[i] = lo;
            if (yMax is { } hi && fitted[i] > hi) fitted[i] = hi;
        }
        var xMin = ux[0];
        var xMax = ux[^1];
        // Drop thresholds in the middle of a flat run: they do not change the interpolation.
        var keptX = new List<double>();
        var keptY = new List<double>();
        for (var i = 0; i < fitted.Length; i++)
        {
            var keep = i == 0 || i == fitted.Length - 1 || fitted[i - 1] != fitted[i] || fitted[i] != fitted[i + 1];
            if (!keep) continue;
            keptX.Add(ux[i]);
            keptY.Add(fitted[i]);
        }
        return new IsotonicFunction(keptX.ToArray(), keptY.ToArray(), xMin, xMax, up, outOfBounds);
    }

    /// <summary>
    /// Pool adjacent violators: the weighted least-squares non-decreasing (or non-increasing) fit of <paramref name="y"/>.
    /// Blocks are kept as weighted sums on a stack; a new block merges with its predecessor while they are out of order.
    /// </summary>
    public static double[] Pava(double[] y, double[] w, bool increasing)
    {
        var n = y.Length;
        var sign = increasing ? 1.0 : -1.0;
        var sumWy = new double[n];
        var sumW = new double[n];
        var start = new int[n];
        var top = -1;
        for (var i = 0; i < n; i++)
        {
            top++;
            sumWy[top] = w[i] * y[i] * sign;
            sumW[top] = w[i];
            start[top] = i;
            while (top > 0 && sumWy[top - 1] / sumW[top - 1] >= sumWy[top] / sumW[top])
            {
                sumWy[top - 1] += sumWy[top];
                sumW[top - 1] += sumW[top];
                top--;
            }
        }
        var result = new double[n];
        for (var b = 0; b <= top; b++)
        {
            var end = b == top ? n : start[b + 1];
            var v = sumWy[b] / sumW[b] * sign;
            for (var i = start[b]; i < end; i++) result[i] = v;
        }
        return result;
    }

    /// <summary>True when Spearman's rank correlation of x and y is non-negative (a NaN correlation counts as negative, as in scikit-learn).</summary>
    private static bool SpearmanNonNegative(double[] x, double[] y)
    {
        var rx = Ranks(x);
        var ry = Ranks(y);
        var mx = rx.Average();
        var my = ry.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        var rho = sxy / Math.Sqrt(sxx * syy);
        return rho >= 0;
    }

    private static double[] Ranks(double[] v)
    {
        var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            var r = (i + j) / 2.0 + 1;
            for (var t = i; t <= j; t++) ranks[order[t]] = r;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>The function at <paramref name="values"/>: linear interpolation between thresholds (as SciPy's <c>interp1d</c>).</summary>
    public double[] Apply(ReadOnlySpan<double> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = Apply(values[i]);
        return result;
    }

    public double Apply(double t)
    {
        if (OutOfBounds == OutOfBounds.Clip) t = Math.Clamp(t, XMin, XMax);
        else if (t < X[0] || t > X[^1])
        {
            if (OutOfBounds == OutOfBounds.Raise)
                throw new AugurException($"the value {t} is outside the isotonic model's training range [{XMin}, {XMax}]; use out_of_bounds clip or nan");
            return double.NaN;
        }
        if (X.Length == 1) return Y[0];
        // Index of the first threshold ≥ t, kept within 1 … m−1.
        int lo = 0, hi = X.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (X[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        var k = Math.Clamp(lo, 1, X.Length - 1);
        var slope = (Y[k] - Y[k - 1]) / (X[k] - X[k - 1]);
        return slope * (t - X[k - 1]) + Y[k - 1];
    }

    public void Save(ModelWriter writer, string prefix)
    {
        writer.Write(prefix + "x_thresholds", X);
        writer.Write(prefix + "y_thresholds", Y);
        writer.Write(prefix + "x_min", XMin);
        writer.Write(prefix + "x_max", XMax);
        writer.Write(prefix + "increasing", Increasing);
        writer.Write(prefix + "out_of_bounds", EstimatorParameters.FormatValue(OutOfBounds));
    }

    public static IsotonicFunction Load(ModelReader reader, string prefix)
    {
        var x = reader.ReadDoubles(prefix + "x_thresholds");
        var y = reader.ReadDoubles(prefix + "y_thresholds", x.Length);
        reader.Require(x.Length >= 1, prefix + "x_thresholds", "an isotonic function needs at least one threshold");
        for (var i = 1; i < x.Length; i++) reader.Require(x[i] > x[i - 1], prefix + "x_thresholds", "thresholds must increase");
        var oob = reader.ReadString(prefix + "out_of_bounds");
        var parsed = Enum.GetValues<OutOfBounds>().Where(o => EstimatorParameters.FormatValue(o) == oob).ToArray();
        reader.Require(parsed.Length == 1, prefix + "out_of_bounds", $"unknown value '{oob}'");
        return new IsotonicFunction(x, y, reader.ReadDouble(prefix + "x_min"), reader.ReadDouble(prefix + "x_max"), reader.ReadBoolean(prefix + "increasing"), parsed[0]);
    }
}
