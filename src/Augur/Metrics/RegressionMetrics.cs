namespace Augur.Metrics;

/// <summary>
/// Regression metrics with scikit-learn 1.2.1's definitions and edge cases (single output): errors (MSE, RMSE, MAE,
/// median absolute error, MAPE, max error, MSLE), scores (R², explained variance, D²) and deviances (Poisson, Gamma,
/// Tweedie). Inputs are spans, so arrays pass directly; sample weights are optional and non-negative.
/// </summary>
public static class RegressionMetrics
{
    /// <summary>The mean squared error Σ w (y − ŷ)² / Σ w.</summary>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predicted values.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    public static double MeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        double s = 0, ws = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var d = yTrue[i] - yPred[i];
            var wi = w is null ? 1.0 : w[i];
            s += d * d * wi;
            ws += wi;
        }
        return s / Positive(ws);
    }

    /// <summary>The root mean squared error √MSE.</summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double RootMeanSquaredError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null) =>
        Math.Sqrt(MeanSquaredError(yTrue, yPred, sampleWeight));

    /// <summary>The mean absolute error Σ w |y − ŷ| / Σ w.</summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double MeanAbsoluteError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        double s = 0, ws = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            s += Math.Abs(yPred[i] - yTrue[i]) * wi;
            ws += wi;
        }
        return s / Positive(ws);
    }

    /// <summary>
    /// The mean absolute percentage error Σ w |y − ŷ| / max(|y|, ε) / Σ w, as a fraction (not ×100); ε is the float64
    /// machine epsilon, so a zero true value gives a huge but finite error.
    /// </summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double MeanAbsolutePercentageError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        const double eps = 2.220446049250313e-16;
        double s = 0, ws = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            s += Math.Abs(yPred[i] - yTrue[i]) / Math.Max(Math.Abs(yTrue[i]), eps) * wi;
            ws += wi;
        }
        return s / Positive(ws);
    }

    /// <summary>
    /// The median of |y − ŷ|; with sample weights, the weighted median as scikit-learn computes it (the smallest error
    /// whose cumulative weight reaches half the total).
    /// </summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double MedianAbsoluteError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        var errors = new double[yTrue.Length];
        for (var i = 0; i < errors.Length; i++) errors[i] = Math.Abs(yPred[i] - yTrue[i]);
        if (w is not null) return WeightedPercentile(errors, w, 50);
        Array.Sort(errors);
        var n = errors.Length;
        return n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2;
    }

    /// <summary>The largest absolute error max |y − ŷ|.</summary>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predicted values.</param>
    public static double MaxError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred)
    {
        Check(yTrue, yPred, null);
        double m = 0;
        for (var i = 0; i < yTrue.Length; i++) m = Math.Max(m, Math.Abs(yTrue[i] - yPred[i]));
        return m;
    }

    /// <summary>The mean squared logarithmic error: MSE of log(1 + y) and log(1 + ŷ). Values must be non-negative.</summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double MeanSquaredLogError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        for (var i = 0; i < yTrue.Length; i++)
            if (yTrue[i] < 0 || yPred[i] < 0)
                throw new AugurException("the mean squared logarithmic error cannot be used when targets contain negative values");
        double s = 0, ws = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var d = Log1P(yTrue[i]) - Log1P(yPred[i]);
            var wi = w is null ? 1.0 : w[i];
            s += d * d * wi;
            ws += wi;
        }
        return s / Positive(ws);
    }

    /// <summary>The root mean squared logarithmic error √MSLE.</summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double RootMeanSquaredLogError(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null) =>
        Math.Sqrt(MeanSquaredLogError(yTrue, yPred, sampleWeight));

    /// <summary>
    /// The coefficient of determination R² = 1 − Σ w (y − ŷ)² / Σ w (y − ȳ)². NaN with fewer than two rows. With
    /// <paramref name="forceFinite"/> (default, as scikit-learn 1.2.1), a constant <paramref name="yTrue"/> gives 1 for
    /// perfect predictions and 0 otherwise instead of NaN or −∞.
    /// </summary>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predicted values.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="forceFinite">Replace the undefined cases (constant <paramref name="yTrue"/>) by 1 or 0.</param>
    public static double R2(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null, bool forceFinite = true)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        if (yTrue.Length < 2) return double.NaN;
        var mean = WeightedAverage(yTrue, w);
        double num = 0, den = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            var d = yTrue[i] - yPred[i];
            var c = yTrue[i] - mean;
            num += wi * (d * d);
            den += wi * (c * c);
        }
        return Assemble(num, den, forceFinite);
    }

    /// <summary>
    /// The explained variance score 1 − Var(y − ŷ) / Var(y) (weighted variances). With <paramref name="forceFinite"/>,
    /// a constant <paramref name="yTrue"/> gives 1 or 0 as for <see cref="R2"/>.
    /// </summary>
    /// <inheritdoc cref="R2" path="/param"/>
    public static double ExplainedVariance(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null, bool forceFinite = true)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        var n = yTrue.Length;
        double diffMean = 0, trueMean = 0, ws = 0;
        for (var i = 0; i < n; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            diffMean += (yTrue[i] - yPred[i]) * wi;
            trueMean += yTrue[i] * wi;
            ws += wi;
        }
        Positive(ws);
        diffMean /= ws;
        trueMean /= ws;
        double num = 0, den = 0;
        for (var i = 0; i < n; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            var d = yTrue[i] - yPred[i] - diffMean;
            var c = yTrue[i] - trueMean;
            num += d * d * wi;
            den += c * c * wi;
        }
        return Assemble(num / ws, den / ws, forceFinite);
    }

    private static double Assemble(double numerator, double denominator, bool forceFinite)
    {
        if (!forceFinite) return 1 - numerator / denominator;
        if (numerator == 0) return 1.0;
        if (denominator == 0) return 0.0;
        return 1 - numerator / denominator;
    }

    /// <summary>
    /// The mean Tweedie deviance with power <paramref name="power"/>: 0 is the squared error, 1 Poisson, 2 Gamma;
    /// powers in (0, 1) are undefined. Each power restricts the values (for example Poisson needs y ≥ 0 and ŷ &gt; 0).
    /// </summary>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predicted values (means).</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="power">The Tweedie power.</param>
    public static double MeanTweedieDeviance(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null, double power = 0)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        CheckTweedieDomain(yTrue, yPred, power);
        return TweedieMean(yTrue, yPred, double.NaN, w, power);
    }

    /// <summary>The mean Poisson deviance (Tweedie power 1): needs y ≥ 0 and ŷ &gt; 0.</summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double MeanPoissonDeviance(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null) =>
        MeanTweedieDeviance(yTrue, yPred, sampleWeight, 1);

    /// <summary>The mean Gamma deviance (Tweedie power 2): needs y &gt; 0 and ŷ &gt; 0.</summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double MeanGammaDeviance(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null) =>
        MeanTweedieDeviance(yTrue, yPred, sampleWeight, 2);

    /// <summary>
    /// D² Tweedie score, the fraction of Tweedie deviance explained: 1 − D(y, ŷ) / D(y, ȳ). NaN with fewer than two rows.
    /// </summary>
    /// <inheritdoc cref="MeanTweedieDeviance" path="/param"/>
    public static double D2TweedieScore(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null, double power = 0)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        if (yTrue.Length < 2) return double.NaN;
        CheckTweedieDomain(yTrue, yPred, power);
        var numerator = TweedieMean(yTrue, yPred, double.NaN, w, power);
        var mean = WeightedAverage(yTrue, w);
        var denominator = TweedieMean(yTrue, default, mean, w, power);
        return 1 - numerator / denominator;
    }

    /// <summary>The mean pinball (quantile) loss at quantile <paramref name="alpha"/>.</summary>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predicted quantiles.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row.</param>
    /// <param name="alpha">The quantile level in [0, 1] (0.5 is half the absolute error).</param>
    public static double MeanPinballLoss(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null, double alpha = 0.5)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        return Pinball(yTrue, yPred, double.NaN, w, alpha);
    }

    /// <summary>
    /// D² pinball score, the fraction of pinball loss explained relative to predicting the (weighted) empirical
    /// <paramref name="alpha"/>-quantile of <paramref name="yTrue"/>. NaN with fewer than two rows.
    /// </summary>
    /// <inheritdoc cref="MeanPinballLoss" path="/param"/>
    public static double D2PinballScore(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null, double alpha = 0.5)
    {
        var w = Check(yTrue, yPred, sampleWeight);
        if (yTrue.Length < 2) return double.NaN;
        var numerator = Pinball(yTrue, yPred, double.NaN, w, alpha);
        var q = w is null ? Percentile(yTrue.ToArray(), alpha * 100) : WeightedPercentile(yTrue.ToArray(), w, alpha * 100);
        var denominator = Pinball(yTrue, default, q, w, alpha);
        if (numerator == 0) return 1.0;
        if (denominator == 0) return 0.0;
        return 1 - numerator / denominator;
    }

    /// <summary>D² absolute error score: <see cref="D2PinballScore"/> at the median.</summary>
    /// <inheritdoc cref="MeanSquaredError" path="/param"/>
    public static double D2AbsoluteErrorScore(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight = null) =>
        D2PinballScore(yTrue, yPred, sampleWeight, 0.5);

    // ---------------------------------------------------------------- helpers

    private static double Pinball(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double constant, double[]? w, double alpha)
    {
        double s = 0, ws = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var p = yPred.IsEmpty ? constant : yPred[i];
            var diff = yTrue[i] - p;
            var sign = diff >= 0 ? 1.0 : 0.0;
            var loss = alpha * sign * diff - (1 - alpha) * (1 - sign) * diff;
            var wi = w is null ? 1.0 : w[i];
            s += loss * wi;
            ws += wi;
        }
        return s / Positive(ws);
    }

    private static void CheckTweedieDomain(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double power)
    {
        if (double.IsNaN(power)) throw new AugurException("the Tweedie power must be a number");
        var message = $"the mean Tweedie deviance with power={power.ToString(System.Globalization.CultureInfo.InvariantCulture)} can only be used on ";
        if (power < 0)
        {
            foreach (var p in yPred) if (p <= 0) throw new AugurException(message + "strictly positive predictions");
        }
        else if (power == 0) { }
        else if (power < 1) throw new AugurException("the Tweedie deviance is only defined for power <= 0 and power >= 1");
        else if (power < 2)
        {
            foreach (var y in yTrue) if (y < 0) throw new AugurException(message + "non-negative targets and strictly positive predictions");
            foreach (var p in yPred) if (p <= 0) throw new AugurException(message + "non-negative targets and strictly positive predictions");
        }
        else
        {
            foreach (var y in yTrue) if (y <= 0) throw new AugurException(message + "strictly positive targets and predictions");
            foreach (var p in yPred) if (p <= 0) throw new AugurException(message + "strictly positive targets and predictions");
        }
    }

    /// <summary>The weighted mean unit deviance; <paramref name="yPred"/> empty means every prediction is <paramref name="constant"/>.</summary>
    private static double TweedieMean(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double constant, double[]? w, double p)
    {
        double s = 0, ws = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var y = yTrue[i];
            var mu = yPred.IsEmpty ? constant : yPred[i];
            double dev;
            if (p < 0)
                dev = 2 * (Math.Pow(Math.Max(y, 0), 2 - p) / ((1 - p) * (2 - p)) - y * Math.Pow(mu, 1 - p) / (1 - p) + Math.Pow(mu, 2 - p) / (2 - p));
            else if (p == 0)
                dev = (y - mu) * (y - mu);
            else if (p == 1)
                dev = 2 * (XLogY(y, y / mu) - y + mu);
            else if (p == 2)
                dev = 2 * (Math.Log(mu / y) + y / mu - 1);
            else
                dev = 2 * (Math.Pow(y, 2 - p) / ((1 - p) * (2 - p)) - y * Math.Pow(mu, 1 - p) / (1 - p) + Math.Pow(mu, 2 - p) / (2 - p));
            var wi = w is null ? 1.0 : w[i];
            s += dev * wi;
            ws += wi;
        }
        return s / Positive(ws);
    }

    private static double XLogY(double x, double y) => x == 0 && !double.IsNaN(y) ? 0 : x * Math.Log(y);

    /// <summary>log(1 + x), accurate for small x (Goldberg's correction of the rounded 1 + x).</summary>
    internal static double Log1P(double x)
    {
        var u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return Math.Log(u);
        return Math.Log(u) * (x / (u - 1));
    }

    private static double WeightedAverage(ReadOnlySpan<double> values, double[]? w)
    {
        double s = 0, ws = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            s += values[i] * wi;
            ws += wi;
        }
        return s / Positive(ws);
    }

    /// <summary>NumPy's default (linear) percentile of <paramref name="values"/> (reordered in place).</summary>
    internal static double Percentile(double[] values, double q)
    {
        Array.Sort(values);
        var pos = q / 100 * (values.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, values.Length - 1);
        var frac = pos - lo;
        var a = values[lo];
        var b = values[hi];
        // NumPy's lerp: a + (b - a)·t, evaluated from the nearer end for t ≥ 0.5.
        var diff = b - a;
        return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
    }

    /// <summary>Scikit-learn's weighted percentile: the first sorted value whose cumulative weight reaches q% of the total.</summary>
    internal static double WeightedPercentile(double[] values, double[] weights, double q)
    {
        var n = values.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var cdf = new double[n];
        double acc = 0;
        for (var i = 0; i < n; i++)
        {
            acc += weights[order[i]];
            cdf[i] = acc;
        }
        var target = q / 100 * cdf[n - 1];
        if (target == 0) target = Math.BitIncrement(target);
        var idx = 0;
        while (idx < n && cdf[idx] < target) idx++;
        idx = Math.Clamp(idx, 0, n - 1);
        return keys[idx];
    }

    private static double[]? Check(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, double[]? sampleWeight)
    {
        if (yTrue.Length != yPred.Length)
            throw new AugurException($"yTrue has {yTrue.Length} values but yPred has {yPred.Length}; they must match");
        if (yTrue.Length == 0) throw new AugurException("regression metrics need at least one value, but the inputs are empty");
        for (var i = 0; i < yTrue.Length; i++)
        {
            if (!double.IsFinite(yTrue[i])) throw new AugurException($"yTrue holds a {(double.IsNaN(yTrue[i]) ? "missing (NaN)" : "infinite")} value at position {i}");
            if (!double.IsFinite(yPred[i])) throw new AugurException($"yPred holds a {(double.IsNaN(yPred[i]) ? "missing (NaN)" : "infinite")} value at position {i}");
        }
        return ClassificationMetrics.CheckWeights(sampleWeight, yTrue.Length);
    }

    private static double Positive(double totalWeight) => ClassificationMetrics.RequirePositive(totalWeight);
}
