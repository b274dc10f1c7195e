using Augur.Metrics;
using ScottPlot;

namespace Augur.Plots;

public static partial class Charts
{
    /// <summary>Predicted against actual values, with the identity line and R² in the legend.</summary>
    /// <param name="yTrue">The actual values.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart PredictedVsActual(double[] yTrue, double[] yPred, ChartOptions? options = null)
    {
        CheckRegression(yTrue, yPred);
        var kit = ChartKit.Start(options);
        var (lo, hi) = Range(yTrue.Concat(yPred));
        var pad = (hi - lo) * 0.03;
        var identity = kit.Plot.Add.ScatterLine(new[] { lo - pad, hi + pad }, new[] { lo - pad, hi + pad }, ChartKit.Reference);
        identity.LinePattern = LinePattern.Dashed;
        identity.LegendText = "Perfect prediction";
        var points = kit.Points(yTrue, yPred, MarkerSize(yTrue.Length), ChartKit.ColorAt(0).WithAlpha(Alpha(yTrue.Length)));
        points.LegendText = $"Rows (R² = {ChartKit.Fixed(RegressionMetrics.R2(yTrue, yPred))})";
        kit.Plot.Axes.SetLimits(lo - pad, hi + pad, lo - pad, hi + pad);
        kit.Legend(Alignment.UpperLeft);
        return kit.Finish("predicted_vs_actual", "Predicted vs actual", "Actual value", "Predicted value", 720, 660);
    }

    /// <summary>Residuals (actual − predicted) against predictions, with the zero line.</summary>
    /// <param name="yTrue">The actual values.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ResidualsVsPredicted(double[] yTrue, double[] yPred, ChartOptions? options = null)
    {
        CheckRegression(yTrue, yPred);
        var kit = ChartKit.Start(options);
        var residuals = Residuals(yTrue, yPred);
        var zero = kit.Plot.Add.HorizontalLine(0, 1.5f, ChartKit.Reference, LinePattern.Dashed);
        zero.LegendText = "Zero residual";
        var points = kit.Points(yPred, residuals, MarkerSize(yTrue.Length), ChartKit.ColorAt(0).WithAlpha(Alpha(yTrue.Length)));
        points.LegendText = $"Rows (RMSE = {ChartKit.Format(Math.Sqrt(RegressionMetrics.MeanSquaredError(yTrue, yPred)))})";
        kit.Legend(Alignment.UpperRight);
        return kit.Finish("residuals_vs_predicted", "Residuals vs predicted", "Predicted value", "Residual (actual − predicted)");
    }

    /// <summary>A histogram of the residuals (actual − predicted), with their mean marked.</summary>
    /// <param name="yTrue">The actual values.</param>
    /// <param name="yPred">The predictions.</param>
    /// <param name="bins">Number of bins (default: chosen from the data, at most 50).</param>
    /// <param name="options">Size, title and font.</param>
    public static Chart ResidualHistogram(double[] yTrue, double[] yPred, int? bins = null, ChartOptions? options = null)
    {
        CheckRegression(yTrue, yPred);
        var residuals = Residuals(yTrue, yPred);
        var kit = ChartKit.Start(options);
        var edges = ChartKit.HistogramEdges(residuals, bins);
        var counts = ChartKit.HistogramCounts(residuals, edges);
        var color = ChartKit.ColorAt(0);
        var bars = new List<Bar>();
        for (var b = 0; b < counts.Length; b++)
            bars.Add(new Bar { Position = (edges[b] + edges[b + 1]) / 2, Value = counts[b], Size = edges[b + 1] - edges[b], FillColor = color.WithAlpha(0.7), LineColor = color.Darken(0.3), LineWidth = 1 });
        var plot = kit.Plot.Add.Bars(bars);
        plot.LegendText = $"Residuals (n = {residuals.Length})";
        plot.Color = color.WithAlpha(0.7);
        var mean = residuals.Average();
        var line = kit.Plot.Add.VerticalLine(mean, 2, ChartKit.ColorAt(3), LinePattern.Dashed);
        line.LegendText = $"Mean = {ChartKit.Format(mean)}";
        kit.Plot.Axes.Margins(bottom: 0);
        kit.Legend(Alignment.UpperRight);
        return kit.Finish("residual_histogram", "Residual distribution", "Residual (actual − predicted)", "Rows");
    }

    private static void CheckRegression(double[] yTrue, double[] yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        ChartKit.SameLength(yTrue.Length, yPred.Length, "the actual values", "the predictions");
        ChartKit.NotEmpty(yTrue.Length, "the regression data");
    }

    private static double[] Residuals(double[] yTrue, double[] yPred)
    {
        var r = new double[yTrue.Length];
        for (var i = 0; i < r.Length; i++) r[i] = yTrue[i] - yPred[i];
        return r;
    }

    private static (double Lo, double Hi) Range(IEnumerable<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        if (lo > hi) return (0, 1);
        if (hi == lo) return (lo - 0.5, hi + 0.5);
        return (lo, hi);
    }

    /// <summary>Smaller markers for more points.</summary>
    private static float MarkerSize(int n) => n <= 200 ? 7 : n <= 2000 ? 5 : n <= 20000 ? 3 : 2;

    /// <summary>More transparency for more points, so dense regions read as darker.</summary>
    private static double Alpha(int n) => n <= 200 ? 0.8 : n <= 2000 ? 0.55 : n <= 20000 ? 0.35 : 0.2;
}
