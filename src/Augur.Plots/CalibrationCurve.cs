namespace Augur.Plots;

/// <summary>How <see cref="CalibrationCurve.Compute"/> places its bins (scikit-learn's <c>strategy</c>).</summary>
public enum CalibrationStrategy
{
    /// <summary>Bins of equal width over [0, 1].</summary>
    Uniform,

    /// <summary>Bins holding equal numbers of predictions (edges at quantiles of the predicted probabilities).</summary>
    Quantile,
}

/// <summary>
/// A reliability diagram's points, as scikit-learn's <c>calibration_curve</c> returns them: for each non-empty bin of
/// predicted probability, the fraction of positives and the mean predicted probability.
/// </summary>
/// <param name="FractionOfPositives">The fraction of positive rows in each non-empty bin (scikit-learn's <c>prob_true</c>).</param>
/// <param name="MeanPredicted">The mean predicted probability in each non-empty bin (<c>prob_pred</c>).</param>
/// <param name="Counts">The number of rows in each non-empty bin.</param>
public sealed record CalibrationCurve(double[] FractionOfPositives, double[] MeanPredicted, int[] Counts)
{
    /// <summary>
    /// Bins the predicted probabilities and returns the observed fraction of positives and the mean prediction of each
    /// non-empty bin. Edges are <c>linspace(0, 1, nBins + 1)</c> (uniform) or the probabilities' quantiles at those
    /// levels (quantile, linear interpolation); a probability goes to the first bin whose inner upper edge it does not
    /// exceed, as NumPy's <c>searchsorted</c> on the inner edges places it.
    /// </summary>
    /// <param name="positive">Whether each row is positive.</param>
    /// <param name="probability">The predicted probability of the positive class, in [0, 1].</param>
    /// <param name="nBins">The number of bins (scikit-learn's default is 5).</param>
    /// <param name="strategy">Uniform or quantile bins.</param>
    public static CalibrationCurve Compute(ReadOnlySpan<bool> positive, ReadOnlySpan<double> probability, int nBins = 5,
        CalibrationStrategy strategy = CalibrationStrategy.Uniform)
    {
        ChartKit.SameLength(positive.Length, probability.Length, "the labels", "the probabilities");
        ChartKit.NotEmpty(positive.Length, "the calibration data");
        if (nBins < 1) throw new AugurException($"nBins must be at least 1, got {nBins}");
        foreach (var p in probability)
            if (!(p >= 0 && p <= 1)) throw new AugurException($"calibration needs probabilities in [0, 1], got {p}");
        var edges = new double[nBins + 1];
        if (strategy == CalibrationStrategy.Quantile)
        {
            var sorted = probability.ToArray();
            Array.Sort(sorted);
            var step = 1.0 / nBins;
            for (var i = 0; i <= nBins; i++) edges[i] = NumPyPercentile(sorted, i == nBins ? 100.0 : i * step * 100.0);
        }
        else
        {
            for (var i = 0; i <= nBins; i++) edges[i] = (double)i / nBins;
        }
        var sums = new double[nBins + 1];
        var trues = new double[nBins + 1];
        var totals = new int[nBins + 1];
        for (var r = 0; r < probability.Length; r++)
        {
            var bin = SearchSortedLeft(edges, 1, nBins - 1, probability[r]);
            sums[bin] += probability[r];
            if (positive[r]) trues[bin]++;
            totals[bin]++;
        }
        var fraction = new List<double>();
        var mean = new List<double>();
        var counts = new List<int>();
        for (var b = 0; b < totals.Length; b++)
        {
            if (totals[b] == 0) continue;
            fraction.Add(trues[b] / totals[b]);
            mean.Add(sums[b] / totals[b]);
            counts.Add(totals[b]);
        }
        return new CalibrationCurve(fraction.ToArray(), mean.ToArray(), counts.ToArray());
    }

    /// <summary>
    /// NumPy's default (linear) percentile of sorted values, step by step as NumPy computes it, so that edges that fall
    /// exactly on a data value land on it as they do in scikit-learn.
    /// </summary>
    private static double NumPyPercentile(double[] sorted, double percent)
    {
        var n = sorted.Length;
        var q = percent / 100.0;
        var virtualIndex = n * q + (1 + q * -1.0) - 1;
        var previous = Math.Floor(virtualIndex);
        var gamma = virtualIndex - previous;
        var lo = (int)Math.Clamp(previous, 0, n - 1);
        var hi = (int)Math.Clamp(previous + 1, 0, n - 1);
        double a = sorted[lo], b = sorted[hi], diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /// <summary>The number of entries of <c>edges[start .. start+count)</c> strictly less than <paramref name="value"/>.</summary>
    private static int SearchSortedLeft(double[] edges, int start, int count, double value)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (edges[start + mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
