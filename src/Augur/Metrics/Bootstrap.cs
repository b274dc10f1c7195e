using Augur.Data;
using Augur.Numerics;

namespace Augur.Metrics;

/// <summary>A bootstrap confidence interval of a metric.</summary>
/// <param name="Estimate">The metric on the full data.</param>
/// <param name="Lower">The lower bound (the (1 − confidence)/2 percentile of the resampled values).</param>
/// <param name="Upper">The upper bound (the (1 + confidence)/2 percentile).</param>
/// <param name="Confidence">The confidence level, for example 0.95.</param>
/// <param name="Resamples">The number of resamples that gave a value.</param>
/// <param name="Skipped">The number of resamples on which the metric was undefined (for example a single class for ROC AUC), left out.</param>
/// <param name="Distribution">The metric on each usable resample, sorted.</param>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, double Confidence, int Resamples, int Skipped, double[] Distribution)
{
    /// <summary>The standard error: the standard deviation of the resampled values.</summary>
    public double StandardError
    {
        get
        {
            if (Distribution.Length < 2) return double.NaN;
            var mean = ClassificationMetrics.Mean(Distribution);
            double s = 0;
            foreach (var v in Distribution) s += (v - mean) * (v - mean);
            return Math.Sqrt(s / (Distribution.Length - 1));
        }
    }
}

/// <summary>
/// Percentile bootstrap confidence intervals for any metric: rows are resampled with replacement, the metric is
/// computed on each resample (in parallel; resample <c>b</c> draws from its own generator seeded by
/// <see cref="Rng.Derive"/>, so the result depends only on the seed), and the interval is read off the percentiles.
/// </summary>
public static class Bootstrap
{
    /// <summary>A confidence interval of a metric of true and predicted labels (or values), for example accuracy or F1.</summary>
    /// <param name="metric">The metric, for example <c>(t, p) =&gt; ClassificationMetrics.Accuracy(t, p)</c>.</param>
    /// <param name="yTrue">The true labels or values.</param>
    /// <param name="yPred">The predictions, one per row.</param>
    /// <param name="nResamples">The number of bootstrap resamples.</param>
    /// <param name="confidence">The confidence level in (0, 1).</param>
    /// <param name="randomState">The seed.</param>
    public static BootstrapInterval ConfidenceInterval(Func<Column, Column, double> metric, Column yTrue, Column yPred,
        int nResamples = 1000, double confidence = 0.95, int randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        CheckRows(yTrue.Length, yPred.Length, "yPred");
        return ConfidenceInterval(yTrue.Length, rows => metric(yTrue.Take(rows), yPred.Take(rows)), nResamples, confidence, randomState);
    }

    /// <summary>A confidence interval of a metric of true labels and class probabilities, for example log loss or multiclass ROC AUC.</summary>
    /// <param name="metric">The metric, for example <c>(t, p) =&gt; ClassificationMetrics.LogLoss(t, p, labels)</c>.</param>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="proba">The probabilities, one row per row of <paramref name="yTrue"/>.</param>
    /// <param name="nResamples">The number of bootstrap resamples.</param>
    /// <param name="confidence">The confidence level in (0, 1).</param>
    /// <param name="randomState">The seed.</param>
    public static BootstrapInterval ConfidenceInterval(Func<Column, Matrix, double> metric, Column yTrue, Matrix proba,
        int nResamples = 1000, double confidence = 0.95, int randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(proba);
        CheckRows(yTrue.Length, proba.Rows, "proba");
        return ConfidenceInterval(yTrue.Length, rows => metric(yTrue.Take(rows), proba.TakeRows(rows)), nResamples, confidence, randomState);
    }

    /// <summary>A confidence interval of a metric of true labels and binary scores, for example ROC AUC or average precision.</summary>
    /// <param name="metric">The metric, for example <c>(t, s) =&gt; ClassificationMetrics.RocAuc(t, s)</c>.</param>
    /// <param name="yTrue">The true labels.</param>
    /// <param name="scores">One score per row.</param>
    /// <param name="nResamples">The number of bootstrap resamples.</param>
    /// <param name="confidence">The confidence level in (0, 1).</param>
    /// <param name="randomState">The seed.</param>
    public static BootstrapInterval ConfidenceInterval(Func<Column, double[], double> metric, Column yTrue, double[] scores,
        int nResamples = 1000, double confidence = 0.95, int randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(scores);
        CheckRows(yTrue.Length, scores.Length, "scores");
        return ConfidenceInterval(yTrue.Length, rows => metric(yTrue.Take(rows), Gather(scores, rows)), nResamples, confidence, randomState);
    }

    /// <summary>A confidence interval of a regression metric of true and predicted values, for example R² or RMSE.</summary>
    /// <param name="metric">The metric, for example <c>(t, p) =&gt; RegressionMetrics.R2(t, p)</c>.</param>
    /// <param name="yTrue">The true values.</param>
    /// <param name="yPred">The predicted values.</param>
    /// <param name="nResamples">The number of bootstrap resamples.</param>
    /// <param name="confidence">The confidence level in (0, 1).</param>
    /// <param name="randomState">The seed.</param>
    public static BootstrapInterval ConfidenceInterval(Func<double[], double[], double> metric, double[] yTrue, double[] yPred,
        int nResamples = 1000, double confidence = 0.95, int randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        CheckRows(yTrue.Length, yPred.Length, "yPred");
        return ConfidenceInterval(yTrue.Length, rows => metric(Gather(yTrue, rows), Gather(yPred, rows)), nResamples, confidence, randomState);
    }

    /// <summary>
    /// A confidence interval of any statistic of <paramref name="rows"/> rows: <paramref name="statistic"/> receives the
    /// row indices of a resample (with repeats; the identity for the estimate) and returns its value. Resamples on which
    /// the statistic throws an <see cref="AugurException"/> or returns NaN are skipped and counted; more than half
    /// skipped is an error.
    /// </summary>
    /// <param name="rows">The number of rows.</param>
    /// <param name="statistic">The statistic of a resample, given its row indices.</param>
    /// <param name="nResamples">The number of bootstrap resamples.</param>
    /// <param name="confidence">The confidence level in (0, 1).</param>
    /// <param name="randomState">The seed.</param>
    public static BootstrapInterval ConfidenceInterval(int rows, Func<int[], double> statistic, int nResamples = 1000, double confidence = 0.95, int randomState = 0)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        if (rows < 1) throw new AugurException("the bootstrap needs at least one row");
        if (nResamples < 1) throw new AugurException($"nResamples must be at least 1, got {nResamples}");
        if (!(confidence > 0 && confidence < 1)) throw new AugurException($"confidence must lie strictly between 0 and 1, got {confidence}");
        var identity = new int[rows];
        for (var i = 0; i < rows; i++) identity[i] = i;
        var estimate = statistic(identity);
        var values = new double[nResamples];
        Parallel.For(0, nResamples, b =>
        {
            var rng = new Rng(Rng.Derive(randomState, b));
            var sample = new int[rows];
            for (var i = 0; i < rows; i++) sample[i] = rng.NextInt(rows);
            try
            {
                values[b] = statistic(sample);
            }
            catch (AugurException)
            {
                values[b] = double.NaN;
            }
        });
        var usable = values.Where(v => !double.IsNaN(v)).ToArray();
        var skipped = nResamples - usable.Length;
        if (usable.Length == 0 || skipped * 2 > nResamples)
            throw new AugurException($"the metric was undefined on {skipped} of {nResamples} bootstrap resamples; the data are too small or too unbalanced for a bootstrap interval");
        Array.Sort(usable);
        var alpha = (1 - confidence) / 2;
        return new BootstrapInterval(estimate, Percentile(usable, alpha), Percentile(usable, 1 - alpha), confidence, usable.Length, skipped, usable);
    }

    /// <summary>The <paramref name="q"/>-quantile (0 … 1) of sorted values with linear interpolation (NumPy's default percentile).</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var frac = pos - lo;
        var diff = sorted[hi] - sorted[lo];
        return frac >= 0.5 ? sorted[hi] - diff * (1 - frac) : sorted[lo] + diff * frac;
    }

    private static double[] Gather(double[] values, int[] rows)
    {
        var result = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++) result[i] = values[rows[i]];
        return result;
    }

    private static void CheckRows(int rows, int other, string what)
    {
        if (rows != other) throw new AugurException($"yTrue has {rows} rows but {what} has {other}; they must match");
    }
}
