using Augur.Serialization;

namespace Augur.Calibration;

/// <summary>How a classifier's scores are mapped to calibrated probabilities.</summary>
public enum CalibrationMethod
{
    /// <summary>Platt scaling: a logistic function of the score, fitted with Platt's smoothed targets.</summary>
    Sigmoid,
    /// <summary>A non-decreasing step function of the score (isotonic regression, clipped outside the training range).</summary>
    Isotonic,
}

/// <summary>
/// A fitted map from one class's uncalibrated score to a calibrated probability: Platt's sigmoid
/// p = 1 / (1 + exp(A·s + B)), or an isotonic step function. Immutable.
/// </summary>
public sealed class ProbabilityCalibrator
{
    private readonly IsotonicFunction? _isotonic;

    private ProbabilityCalibrator(CalibrationMethod method, double a, double b, IsotonicFunction? isotonic)
    {
        Method = method;
        A = a;
        B = b;
        _isotonic = isotonic;
    }

    /// <summary>The calibration method.</summary>
    public CalibrationMethod Method { get; }

    /// <summary>Platt's slope A (NaN for isotonic calibrators).</summary>
    public double A { get; }

    /// <summary>Platt's intercept B (NaN for isotonic calibrators).</summary>
    public double B { get; }

    /// <summary>The isotonic thresholds (empty for sigmoid calibrators).</summary>
    public IReadOnlyList<double> XThresholds => _isotonic is null ? [] : Array.AsReadOnly(_isotonic.X);

    /// <summary>The isotonic values at <see cref="XThresholds"/> (empty for sigmoid calibrators).</summary>
    public IReadOnlyList<double> YThresholds => _isotonic is null ? [] : Array.AsReadOnly(_isotonic.Y);

    /// <summary>Calibrated probabilities for <paramref name="scores"/>.</summary>
    public double[] Apply(ReadOnlySpan<double> scores)
    {
        if (_isotonic is not null) return _isotonic.Apply(scores);
        var result = new double[scores.Length];
        for (var i = 0; i < result.Length; i++) result[i] = Expit(-(A * scores[i] + B));
        return result;
    }

    /// <summary>Fits a calibrator to scores and binary outcomes (true = the class in question).</summary>
    public static ProbabilityCalibrator Fit(CalibrationMethod method, ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, double[]? sampleWeight)
    {
        if (method == CalibrationMethod.Isotonic)
        {
            var y = new double[positive.Length];
            for (var i = 0; i < y.Length; i++) y[i] = positive[i] ? 1.0 : 0.0;
            var f = IsotonicFunction.Fit(scores, y, sampleWeight, increasing: true, yMin: null, yMax: null, OutOfBounds.Clip);
            return new ProbabilityCalibrator(method, double.NaN, double.NaN, f);
        }
        var (a, b) = FitSigmoid(scores, positive, sampleWeight);
        return new ProbabilityCalibrator(method, a, b, null);
    }

    /// <summary>The logistic function 1 / (1 + e^(−z)), computed without overflow.</summary>
    public static double Expit(double z) => z >= 0 ? 1.0 / (1.0 + Math.Exp(-z)) : Math.Exp(z) / (1.0 + Math.Exp(z));

    /// <summary>
    /// Platt scaling (Platt 1999) with his Bayesian target smoothing: positives target (N₊ + 1) / (N₊ + 2), negatives
    /// 1 / (N₋ + 2), counts weighted by the sample weights. The weighted cross-entropy of p = 1 / (1 + exp(A s + B)) is
    /// minimised by Newton's method with a backtracking line search (Lin, Lin and Weng 2007), to full precision.
    /// </summary>
    internal static (double A, double B) FitSigmoid(ReadOnlySpan<double> f, ReadOnlySpan<bool> positive, double[]? w)
    {
        var n = f.Length;
        double prior0 = 0, prior1 = 0;
        for (var i = 0; i < n; i++)
        {
            var wi = w?[i] ?? 1.0;
            if (positive[i]) prior1 += wi;
            else prior0 += wi;
        }
        var hiTarget = (prior1 + 1.0) / (prior1 + 2.0);
        var loTarget = 1.0 / (prior0 + 2.0);
        var t = new double[n];
        for (var i = 0; i < n; i++) t[i] = positive[i] ? hiTarget : loTarget;
        var scores = f.ToArray();

        double Objective(double a, double b)
        {
            var s = 0.0;
            for (var i = 0; i < n; i++)
            {
                // −[t log p + (1 − t) log(1 − p)] with p = σ(−z): t·softplus(z) + (1 − t)·softplus(−z).
                var z = a * scores[i] + b;
                s += (w?[i] ?? 1.0) * (t[i] * Softplus(z) + (1 - t[i]) * Softplus(-z));
            }
            return s;
        }

        var A = 0.0;
        var B = Math.Log((prior0 + 1.0) / (prior1 + 1.0));
        var value = Objective(A, B);
        const double sigma = 1e-12;
        for (var iter = 0; iter < 200; iter++)
        {
            double g1 = 0, g2 = 0, h11 = sigma, h22 = sigma, h21 = 0;
            for (var i = 0; i < n; i++)
            {
                var wi = w?[i] ?? 1.0;
                var p = Expit(-(A * scores[i] + B));
                var q = p * (1 - p) * wi;
                var d1 = (t[i] - p) * wi;
                g1 += d1 * scores[i];
                g2 += d1;
                h11 += scores[i] * scores[i] * q;
                h22 += q;
                h21 += scores[i] * q;
            }
            if (Math.Abs(g1) < 1e-12 && Math.Abs(g2) < 1e-12) break;
            var det = h11 * h22 - h21 * h21;
            var dA = -(h22 * g1 - h21 * g2) / det;
            var dB = -(-h21 * g1 + h11 * g2) / det;
            var gd = g1 * dA + g2 * dB;
            var step = 1.0;
            var improved = false;
            while (step >= 1e-12)
            {
                var na = A + step * dA;
                var nb = B + step * dB;
                var nv = Objective(na, nb);
                if (nv <= value + 1e-4 * step * gd)
                {
                    var change = Math.Abs(na - A) + Math.Abs(nb - B);
                    A = na;
                    B = nb;
                    improved = value - nv > 0 || change > 0;
                    value = nv;
                    if (change <= 1e-15 * (1 + Math.Abs(A) + Math.Abs(B))) improved = false;
                    break;
                }
                step /= 2;
            }
            if (!improved) break;
        }
        return (A, B);
    }

    private static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    internal void Save(ModelWriter writer, string prefix)
    {
        writer.Write(prefix + "method", EstimatorParameters.FormatValue(Method));
        if (_isotonic is not null) _isotonic.Save(writer, prefix);
        else
        {
            writer.Write(prefix + "a", A);
            writer.Write(prefix + "b", B);
        }
    }

    internal static ProbabilityCalibrator Load(ModelReader reader, string prefix)
    {
        var method = reader.ReadString(prefix + "method");
        if (method == EstimatorParameters.FormatValue(CalibrationMethod.Isotonic))
            return new ProbabilityCalibrator(CalibrationMethod.Isotonic, double.NaN, double.NaN, IsotonicFunction.Load(reader, prefix));
        reader.Require(method == EstimatorParameters.FormatValue(CalibrationMethod.Sigmoid), prefix + "method", $"unknown calibration method '{method}'");
        return new ProbabilityCalibrator(CalibrationMethod.Sigmoid, reader.ReadDouble(prefix + "a"), reader.ReadDouble(prefix + "b"), null);
    }
}
