using Augur.Metrics;
using Augur.Numerics;
using SkiaSharp;

namespace Augur.Plots.Tests;

public sealed class ClassificationChartTests
{
    private static readonly Label[] s_binary = [0L, 1L];
    private static readonly Label[] s_three = [0L, 1L, 2L];

    [Fact]
    public void Confusion_matrix_counts_and_normalised()
    {
        var (y, proba) = Synthetic.Classification(300, 3, seed: 1);
        var pred = Enumerable.Range(0, y.Length).Select(i => (long)Enumerable.Range(0, 3).MaxBy(c => proba[i, c])).ToArray();
        var counts = Charts.ConfusionMatrix(y, pred);
        ChartAssert.Rendered(counts, minTextElements: 9 + 6);
        Assert.Equal("Confusion matrix", counts.Title);
        Assert.Contains(">", counts.ToSvg(), StringComparison.Ordinal);
        var normalised = Charts.ConfusionMatrix(y, pred, ConfusionNormalization.True);
        ChartAssert.Rendered(normalised, minTextElements: 9 + 6);
        Assert.Equal("Confusion matrix (normalised)", normalised.Title);
        // The cell values are drawn as text.
        var matrix = ClassificationMetrics.ConfusionMatrix(y, pred);
        Assert.Contains(matrix[0, 0].ToString("N0", System.Globalization.CultureInfo.InvariantCulture), counts.ToSvg(), StringComparison.Ordinal);
    }

    [Fact]
    public void Roc_binary_and_one_vs_rest_show_auc_in_the_legend()
    {
        var (y, proba) = Synthetic.Classification(400, 2, seed: 2);
        var binary = Charts.Roc(y, proba, s_binary);
        ChartAssert.Rendered(binary);
        var auc = ClassificationMetrics.RocAuc(y, proba.Column(1));
        Assert.Contains($"AUC = {auc:F3}", binary.ToSvg(), StringComparison.Ordinal);

        var (y3, proba3) = Synthetic.Classification(400, 3, seed: 3);
        var ovr = Charts.Roc(y3, proba3, s_three);
        ChartAssert.Rendered(ovr);
        var svg = ovr.ToSvg();
        Assert.Contains("class 2 vs rest (AUC = ", svg, StringComparison.Ordinal);
        Assert.Equal("ROC curves (one-vs-rest)", ovr.Title);
    }

    [Fact]
    public void Precision_recall_shows_average_precision_equal_to_the_metric()
    {
        var (y, proba) = Synthetic.Classification(400, 2, seed: 4, signal: 0.8);
        var chart = Charts.PrecisionRecall(y, proba, s_binary);
        ChartAssert.Rendered(chart);
        var positive = Enumerable.Range(0, y.Length).Select(i => y.GetDouble(i) == 1).ToArray();
        var ap = ClassificationMetrics.AveragePrecision(positive, proba.Column(1));
        var curve = ClassificationMetrics.PrecisionRecallCurve(positive, proba.Column(1));
        Close.Equal(ap, Charts.AveragePrecision(curve), 1e-12, 1e-12);
        Assert.Contains($"AP = {ap:F3}", chart.ToSvg(), StringComparison.Ordinal);
        ChartAssert.Rendered(Charts.PrecisionRecall(Synthetic.Classification(300, 4, seed: 5).Y, Synthetic.Classification(300, 4, seed: 5).Proba, [0L, 1L, 2L, 3L]));
    }

    [Fact]
    public void Calibration_and_score_histograms_render()
    {
        var (y, proba) = Synthetic.Classification(500, 2, seed: 6);
        ChartAssert.Rendered(Charts.Calibration(y, proba, s_binary));
        ChartAssert.Rendered(Charts.Calibration(y, proba, s_binary, nBins: 8, strategy: CalibrationStrategy.Quantile, options: new ChartOptions { Title = "Quantile bins" }));
        ChartAssert.Rendered(Charts.ScoreHistogram(y, proba, s_binary));
        var (y3, proba3) = Synthetic.Classification(500, 3, seed: 7);
        ChartAssert.Rendered(Charts.Calibration(y3, proba3, s_three));
        ChartAssert.Rendered(Charts.ScoreHistogram(y3, proba3, s_three));
    }

    [Fact]
    public void Title_text_is_really_drawn()
    {
        var (y, proba) = Synthetic.Classification(200, 2, seed: 8);
        var chart = Charts.Roc(y, proba, s_binary, new ChartOptions { Title = "A title that must show" });
        using var titled = ChartAssert.Rendered(chart);
        // The same chart with its title painted white keeps the same layout, so the two images differ only where the
        // title's glyphs are drawn.
        chart.Plot.Axes.Title.Label.ForeColor = ScottPlot.Colors.White;
        using var blank = SKBitmap.Decode(chart.ToPng());
        var strip = new SKRectI(titled.Width / 4, 0, titled.Width * 3 / 4, 30);
        Assert.Equal(0, CountDark(blank, strip));
        var dark = CountDark(titled, strip);
        Assert.True(dark > 100, $"only {dark} dark pixels in the title strip: the title was not drawn");
        var below = new SKRectI(0, 40, titled.Width, titled.Height);
        Assert.Equal(0, ChartAssert.DifferentPixels(titled, blank, below));
    }

    [Fact]
    public void A_missing_font_is_an_error_not_a_chart_without_text()
    {
        var (y, proba) = Synthetic.Classification(50, 2, seed: 9);
        var e = Assert.Throws<AugurException>(() => Charts.Roc(y, proba, s_binary, new ChartOptions { FontFamily = "No Such Font 12345" }));
        Assert.Contains("No Such Font 12345", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        var (y, proba) = Synthetic.Classification(50, 3, seed: 10);
        Assert.Throws<AugurException>(() => Charts.Roc(y, proba, s_binary));
        Assert.Throws<AugurException>(() => Charts.Roc(y, new Matrix(49, 3), s_three));
        Assert.Throws<AugurException>(() => Charts.Roc(y, proba, s_three, new ChartOptions { Width = 10 }));
        Assert.Throws<AugurException>(() => Charts.Roc(Array.Empty<KeyValuePair<string, RocCurve>>()));
    }

    private static int CountDark(SKBitmap bitmap, SKRectI region)
    {
        var count = 0;
        for (var y = region.Top; y < region.Bottom; y++)
            for (var x = region.Left; x < region.Right; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (p.Red < 128 && p.Green < 128 && p.Blue < 128) count++;
            }
        return count;
    }
}
