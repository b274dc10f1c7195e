using Augur.Clustering;
using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;

namespace Augur.Plots.Tests;

public sealed class RegressionChartTests
{
    [Fact]
    public void Regression_charts_render()
    {
        var (y, pred) = Synthetic.Regression(400, seed: 11);
        var pva = Charts.PredictedVsActual(y, pred);
        ChartAssert.Rendered(pva);
        Assert.Contains($"R² = {RegressionMetrics.R2(y, pred):F3}", pva.ToSvg(), StringComparison.Ordinal);
        ChartAssert.Rendered(Charts.ResidualsVsPredicted(y, pred));
        ChartAssert.Rendered(Charts.ResidualHistogram(y, pred));
        ChartAssert.Rendered(Charts.ResidualHistogram(y, pred, bins: 12, options: new ChartOptions { Width = 500, Height = 400, Title = "Twelve bins" }));
    }

    [Fact]
    public void Scatter_points_are_drawn_in_png_and_svg()
    {
        var (y, pred) = Synthetic.Regression(400, seed: 14);
        var few = Charts.PredictedVsActual(y[..4], pred[..4]);
        var many = Charts.PredictedVsActual(y, pred);
        // Every point adds its own shape to the SVG.
        Assert.True(many.ToSvg().Length - few.ToSvg().Length > 396 * 40, "the SVG does not grow with the number of points");
        // And the PNG shows markers in the data area: count marker-blue pixels.
        using var bitmap = SkiaSharp.SKBitmap.Decode(many.ToPng());
        var blue = 0;
        for (var py = 0; py < bitmap.Height; py++)
            for (var px = 0; px < bitmap.Width; px++)
            {
                var c = bitmap.GetPixel(px, py);
                if (c.Blue > 150 && c.Red < 150 && c.Blue - c.Red > 60) blue++;
            }
        Assert.True(blue > 2000, $"only {blue} marker pixels");
    }

    [Fact]
    public void Regression_input_is_checked()
    {
        Assert.Throws<AugurException>(() => Charts.PredictedVsActual([1, 2], [1]));
        Assert.Throws<AugurException>(() => Charts.ResidualHistogram([], []));
    }
}

public sealed class ModelSelectionChartTests
{
    [Fact]
    public void Learning_and_validation_curves_render()
    {
        var sizes = new[] { 20, 50, 100, 200, 400 };
        double[][] train = sizes.Select((s, i) => new[] { 1.0 - 0.02 * i, 0.99 - 0.02 * i, 0.97 - 0.02 * i }).ToArray();
        double[][] test = sizes.Select((s, i) => new[] { 0.6 + 0.06 * i, 0.62 + 0.05 * i, 0.58 + 0.07 * i }).ToArray();
        ChartAssert.Rendered(Charts.LearningCurve(sizes, train, test, "accuracy"));
        object?[] alphas = [1e-4, 1e-3, 1e-2, 1e-1, 1.0];
        var log = Charts.ValidationCurve("alpha", alphas, train, test, "r2");
        ChartAssert.Rendered(log);
        Assert.Equal("Validation curve: alpha", log.Title);
        Assert.Contains("alpha (log scale)", log.ToSvg(), StringComparison.Ordinal);
        object?[] kinds = ["linear", "rbf", "poly", "sigmoid", "precomputed"];
        ChartAssert.Rendered(Charts.ValidationCurve("kernel", kinds, train, test));
        Assert.Throws<AugurException>(() => Charts.LearningCurve(sizes, train[..3], test));
    }

    [Fact]
    public void Boosting_history_marks_the_best_iteration()
    {
        var train = Enumerable.Range(1, 100).Select(i => 0.7 * Math.Exp(-i / 20.0)).ToArray();
        var valid = Enumerable.Range(1, 100).Select(i => 0.7 * Math.Exp(-i / 25.0) + 0.0004 * i).ToArray();
        var best = Array.IndexOf(valid, valid.Min()) + 1;
        var chart = Charts.BoostingHistory(new Dictionary<string, double[]> { ["binary_logloss"] = train }, new Dictionary<string, double[]> { ["binary_logloss"] = valid }, bestIteration: best);
        ChartAssert.Rendered(chart);
        Assert.Contains($"Best iteration {best}", chart.ToSvg(), StringComparison.Ordinal);
        var e = Assert.Throws<AugurException>(() => Charts.BoostingHistory(new Dictionary<string, double[]>(), new Dictionary<string, double[]> { ["l2"] = valid }, metric: "auc"));
        Assert.Contains("'l2'", e.Message, StringComparison.Ordinal);
    }
}

public sealed class ExplainChartTests
{
    private static readonly string[] s_names = ["alcohol", "malic_acid", "ash", "magnesium", "flavanoids", "color_intensity", "hue", "proline"];

    /// <summary>SHAP-like values: feature values times a per-feature weight, with an interaction between features 0 and 1.</summary>
    private static (Matrix Shap, Matrix Values) ShapData(int rows)
    {
        var values = Synthetic.Gaussian(rows, s_names.Length, seed: 12);
        var shap = new Matrix(rows, s_names.Length);
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < s_names.Length; j++)
                shap[i, j] = values[i, j] * (s_names.Length - j) * 0.1 + (j == 0 ? 0.3 * values[i, 0] * values[i, 1] : 0);
        return (shap, values);
    }

    [Fact]
    public void Importance_charts_render()
    {
        var importances = new[] { 0.05, 0.2, 0.01, 0.12, 0.3, 0.0, -0.01, 0.15 };
        var chart = Charts.FeatureImportance(s_names, importances, importances.Select(v => Math.Abs(v) * 0.2).ToArray());
        ChartAssert.Rendered(chart, minTextElements: s_names.Length);
        Assert.Contains("flavanoids", chart.ToSvg(), StringComparison.Ordinal);
        var repeats = s_names.Select((_, j) => Enumerable.Range(0, 10).Select(r => importances[j] + 0.01 * Math.Sin(r * 7 + j)).Append(importances[j] + 0.08).ToArray()).ToArray();
        ChartAssert.Rendered(Charts.PermutationImportance(s_names, repeats, "accuracy"), minTextElements: s_names.Length);
        var top3 = Charts.FeatureImportance(s_names, importances, maxFeatures: 3);
        var svg = top3.ToSvg();
        Assert.Contains("flavanoids", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("hue", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Shap_charts_render()
    {
        var (shap, values) = ShapData(600);
        ChartAssert.Rendered(Charts.ShapSummary(shap, values, s_names), minTextElements: s_names.Length);
        ChartAssert.Rendered(Charts.ShapBar(shap, s_names), minTextElements: s_names.Length);
        var row = Enumerable.Range(0, s_names.Length).Select(j => shap[3, j]).ToArray();
        var texts = Enumerable.Range(0, s_names.Length).Select(j => values[3, j].ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var waterfall = Charts.ShapWaterfall(0.25, row, s_names, texts, maxDisplay: 6);
        ChartAssert.Rendered(waterfall, minTextElements: 6);
        var svg = waterfall.ToSvg();
        Assert.Contains("3 other features", svg, StringComparison.Ordinal);
        Assert.Contains($"f(x) = {ChartKitFormat(0.25 + row.Sum())}", svg, StringComparison.Ordinal);
        var dependence = Charts.ShapDependence("alcohol", shap, values, s_names);
        ChartAssert.Rendered(dependence);
        // The interaction built into the data is found.
        Assert.Equal(1, Charts.ApproximateInteraction(0, shap, values));
        ChartAssert.Rendered(Charts.ShapDependence("hue", shap, values, s_names, interaction: ""));
        Assert.Throws<AugurException>(() => Charts.ShapDependence("nope", shap, values, s_names));
    }

    [Fact]
    public void Partial_dependence_and_lime_render()
    {
        var grid = Enumerable.Range(0, 20).Select(i => i * 0.5).ToArray();
        var ice = Enumerable.Range(0, 250).Select(r => grid.Select(g => Math.Sin(g) + 0.01 * r).ToArray()).ToArray();
        var average = grid.Select((_, k) => ice.Average(c => c[k])).ToArray();
        var pdp = Charts.PartialDependence("alcohol", grid, average, ice);
        ChartAssert.Rendered(pdp);
        Assert.Contains("100 of 250", pdp.ToSvg(), StringComparison.Ordinal);
        ChartAssert.Rendered(Charts.PartialDependence("alcohol", grid, average));
        // A categorical feature: category names on the axis, slanted when there are many.
        var cities = Enumerable.Range(0, 12).Select(i => $"City number {i}").ToArray();
        var byCity = Enumerable.Range(0, 40).Select(r => cities.Select((_, c) => c * 1.5 + 0.1 * r).ToArray()).ToArray();
        var categorical = Charts.PartialDependence("city", cities, cities.Select((_, c) => byCity.Average(v => v[c])).ToArray(), byCity);
        ChartAssert.Rendered(categorical);
        var svg = categorical.ToSvg();
        foreach (var city in cities) Assert.Contains(city, svg, StringComparison.Ordinal);
        Assert.Contains("40 of 40", svg, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => Charts.PartialDependence("city", cities, [1.0, 2.0]));
        var lime = Charts.Lime([new("proline > 985", 0.21), new("flavanoids <= 1.2", -0.15), new("hue > 1.1", 0.05)], "class_0");
        ChartAssert.Rendered(lime);
        Assert.Contains("proline &gt; 985", lime.ToSvg(), StringComparison.Ordinal);
    }

    private static string ChartKitFormat(double v) => ChartKit.Format(v, 4);
}

public sealed class ClusteringChartTests
{
    [Fact]
    public void Cluster_charts_on_iris_render()
    {
        var (x, _) = TestData.LoadXy("iris.csv", "species");
        var ks = new List<int>();
        var inertias = new List<double>();
        var silhouettes = new List<double>();
        KMeansModel? three = null;
        for (var k = 2; k <= 7; k++)
        {
            var model = new KMeans { NClusters = k, RandomState = 0 }.Fit(x);
            ks.Add(k);
            inertias.Add(model.Inertia);
            silhouettes.Add(ClusteringMetrics.SilhouetteScore(x, model.Predict(x)));
            if (k == 3) three = model;
        }
        var labels = three!.Predict(x);
        ChartAssert.Rendered(Charts.ClusterProjection(x, labels, three.ClusterCenters));
        var elbow = Charts.Elbow(ks, inertias);
        ChartAssert.Rendered(elbow);
        Assert.Contains("Elbow at k = ", elbow.ToSvg(), StringComparison.Ordinal);
        var sil = Charts.SilhouetteByK(ks, silhouettes);
        ChartAssert.Rendered(sil);
        Assert.Contains("Best k = 2", sil.ToSvg(), StringComparison.Ordinal);
        ChartAssert.Rendered(Charts.SilhouetteSamples(ClusteringMetrics.SilhouetteSamples(x, labels), labels));
    }

    [Fact]
    public void Elbow_is_the_bend_of_the_curve()
    {
        Assert.Equal(2, Charts.ElbowIndex([1, 2, 3, 4, 5, 6], [100, 60, 20, 17, 15, 14]));
        Assert.Null(Charts.ElbowIndex([1, 2], [10, 5]));
        Assert.Null(Charts.ElbowIndex([1, 2, 3], [1, 2, 3]));
    }

    [Fact]
    public void Noise_is_grey_and_labelled()
    {
        var x = Frame.FromMatrix(Synthetic.Gaussian(60, 3, seed: 13));
        var labels = Enumerable.Range(0, 60).Select(i => i % 7 == 0 ? -1 : i % 2).ToArray();
        var chart = Charts.ClusterProjection(x, labels);
        ChartAssert.Rendered(chart);
        Assert.Contains("noise (9)", chart.ToSvg(), StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => Charts.ClusterProjection(x, labels[..10]));
    }
}
