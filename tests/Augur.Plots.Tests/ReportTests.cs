using System.Text.RegularExpressions;
using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Plots.Tests;

public sealed partial class ReportTests
{
    [Fact]
    public void Classification_report_has_every_section_and_is_self_contained()
    {
        var (model, x, y) = ReportFixtures.Wine;
        var report = EvaluationReport.Build(model, x, y, ReportFixtures.Fast with { Card = ReportFixtures.Card(model, x, y) });
        var html = report.ToHtml();
        foreach (var heading in new[] { "Model card", "Data", "Metrics", "Performance", "Calibration", "Feature importance" })
            Assert.Contains($"<h2>{heading}</h2>", html, StringComparison.Ordinal);
        Assert.Contains("A model for the report tests &lt;with markup&gt;", html, StringComparison.Ordinal);
        Assert.Contains(DataFingerprint.Compute(x, y).Sha256, html, StringComparison.Ordinal);
        Assert.Contains("var_smoothing", html, StringComparison.Ordinal);
        Assert.Contains("roc_auc_ovr", html, StringComparison.Ordinal);
        Assert.Contains("2026-01-02 03:04:05 UTC", html, StringComparison.Ordinal);
        AssertSelfContained(html);
        var kinds = report.Charts.Select(c => c.Kind).ToArray();
        Assert.Equal(["confusion_matrix", "confusion_matrix", "roc", "precision_recall", "calibration", "score_histogram", "permutation_importance", "shap_summary", "shap_bar"], kinds);
        // The metrics match the standard evaluation, and the estimate lies inside its interval.
        var expected = ModelEvaluation.Evaluate(model, x, y);
        foreach (var m in report.Metrics.Where(m => expected.ContainsKey(m.Name)))
        {
            Close.Equal(expected[m.Name], m.Value, 1e-12, 1e-12, m.Name);
            Assert.NotNull(m.Lower);
            Assert.InRange(m.Value, m.Lower!.Value - 1e-12, m.Upper!.Value + 1e-12);
        }
        Assert.Equal(x.RowCount, report.Data!.Rows);
        Assert.True(report.Data.Columns[^1].IsTarget);
    }

    [Fact]
    public void Binary_regression_and_clustering_reports_pick_their_charts()
    {
        var (cm, cx, cy) = ReportFixtures.Cancer;
        var binary = EvaluationReport.Build(cm, cx, cy, ReportFixtures.Fast with { PermutationRepeats = 0 });
        Assert.Contains("roc_auc", binary.Metrics.Select(m => m.Name));
        Assert.Contains("average_precision", binary.Metrics.Select(m => m.Name));
        Assert.DoesNotContain(binary.Charts, c => c.Kind == "permutation_importance");

        var (rm, rx, ry) = ReportFixtures.Diabetes;
        var regression = EvaluationReport.Build(rm, rx, ry, ReportFixtures.Fast);
        Assert.Equal(["predicted_vs_actual", "residuals_vs_predicted", "residual_histogram", "permutation_importance", "shap_summary", "shap_bar"], regression.Charts.Select(c => c.Kind));
        Assert.Contains("kernel SHAP (value, 40 rows)", regression.ToHtml(), StringComparison.Ordinal);
        Close.Equal(ModelEvaluation.Evaluate(rm, rx, ry)["r2"], regression.Metrics.Single(m => m.Name == "r2").Value, 1e-12, 1e-12);
        AssertSelfContained(regression.ToHtml());

        var (km, kx, ky) = ReportFixtures.Iris;
        var clustering = EvaluationReport.Build(km, kx, ky, ReportFixtures.Fast);
        Assert.Equal(["cluster_projection", "silhouette_samples"], clustering.Charts.Select(c => c.Kind));
        Assert.Contains("adjusted_rand_score", clustering.Metrics.Select(m => m.Name));
        var silhouette = clustering.Metrics.Single(m => m.Name == "silhouette_score").Value;
        Close.Equal(ClusteringMetrics.SilhouetteScore(kx, km.Predict(kx)), silhouette, 1e-10, 1e-12);
        var unlabelled = EvaluationReport.Build(km, kx, null, ReportFixtures.Fast);
        Assert.Single(unlabelled.Metrics);
    }

    [Fact]
    public void Svg_reports_inline_every_chart_with_unique_ids()
    {
        var (model, x, y) = ReportFixtures.Cancer;
        var report = EvaluationReport.Build(model, x, y, ReportFixtures.Fast with { PermutationRepeats = 2 });
        var html = report.ToHtml(ReportImageFormat.Svg);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        Assert.Equal(report.Charts.Count, SvgOpen().Matches(html).Count);
        var ids = IdAttribute().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        foreach (Match m in UrlRef().Matches(html)) Assert.Contains(m.Groups[1].Value, ids);
        AssertSelfContained(html);
    }

    [Fact]
    public void Shap_and_custom_importance_hooks_add_their_sections()
    {
        var (model, x, y) = ReportFixtures.Wine;
        var names = x.ColumnNames;
        var options = ReportFixtures.Fast with
        {
            Shap = (m, sample) =>
            {
                var values = sample.ToMatrix();
                var shap = new Matrix(values.Rows, values.Cols);
                for (var i = 0; i < values.Rows; i++)
                    for (var j = 0; j < values.Cols; j++) shap[i, j] = (values[i, j] - 1) * 0.01 * (j + 1);
                return new ShapValues(shap, values, names, 0.5, "Test SHAP");
            },
            Importance = (m, sx, sy) => new PermutationImportances(names, names.Select((_, j) => new[] { j * 0.01, j * 0.012 }).ToArray(), "accuracy", 0.9),
            MaxExplainRows = 50,
        };
        var report = EvaluationReport.Build(model, x, y, options);
        Assert.Contains(report.Charts, c => c.Kind == "shap_summary");
        Assert.Contains(report.Charts, c => c.Kind == "shap_bar");
        var html = report.ToHtml();
        Assert.Contains("<h2>SHAP</h2>", html, StringComparison.Ordinal);
        Assert.Contains("50 rows", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_own_permutation_importance_ranks_a_useless_feature_last()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        var noise = new Float64Column("noise", Enumerable.Range(0, x.RowCount).Select(i => Math.Sin(i * 12.9898) * 43758.5453 % 1).ToArray());
        x = x.WithColumn(noise);
        var model = new Augur.NaiveBayes.GaussianNB().Fit(x, y);
        var importance = EvaluationReport.Permutation(model, x, y, repeats: 5, randomState: 0);
        Assert.Equal(x.ColumnNames, importance.FeatureNames);
        var mean = importance.Mean;
        Assert.True(mean[^1] < 0.02, $"noise importance {mean[^1]}");
        Assert.True(mean.Take(4).Max() > 0.1);
        // Reproducible from the seed.
        Assert.Equal(mean, EvaluationReport.Permutation(model, x, y, 5, 0).Mean);
        Assert.Equal(importance.Importances.Select(r => r.Length), Enumerable.Repeat(5, 5));
    }

    [Fact]
    public void Plots_folder_receives_every_chart_as_png()
    {
        var (model, x, y) = ReportFixtures.Diabetes;
        var report = EvaluationReport.Build(model, x, y, ReportFixtures.Fast with { BootstrapResamples = 0 });
        Assert.All(report.Metrics, m => Assert.Null(m.Lower));
        var dir = Path.Combine(Path.GetTempPath(), "augur-plots-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = report.SavePlots(dir);
            Assert.Equal(report.Charts.Count, paths.Count);
            Assert.Equal("01-predicted_vs_actual.png", Path.GetFileName(paths[0]));
            foreach (var p in paths)
            {
                var bytes = File.ReadAllBytes(p);
                Assert.True(bytes.Length > 2000);
                Assert.Equal(0x89, bytes[0]);
                Assert.Equal((byte)'P', bytes[1]);
            }
            var html = Path.Combine(dir, "report.html");
            report.Save(html);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(html), StringComparison.Ordinal);
            Assert.Throws<AugurException>(() => report.Save(Path.Combine(dir, "missing", "r.html")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Bad_report_input_gives_clear_errors()
    {
        var (model, x, y) = ReportFixtures.Wine;
        Assert.Contains("true labels", Assert.Throws<AugurException>(() => EvaluationReport.Build(model, x, null)).Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => EvaluationReport.Build(model, x, y.Take([0, 1, 2])));
        Assert.Throws<AugurException>(() => EvaluationReport.Build(model, x, y, new EvaluationReportOptions { Confidence = 1.5 }));
        var missing = x.Drop(x.ColumnNames[0]);
        Assert.Throws<AugurException>(() => EvaluationReport.Build(model, missing, y, ReportFixtures.Fast));
    }

    /// <summary>No scripts, no external references: every src/href is a data: URI or a fragment.</summary>
    internal static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@font-face", html, StringComparison.OrdinalIgnoreCase);
        foreach (Match m in Reference().Matches(html))
        {
            var value = m.Groups[2].Value;
            Assert.True(value.StartsWith("data:", StringComparison.Ordinal) || value.StartsWith('#'), $"external reference {m.Value[..Math.Min(80, m.Value.Length)]}");
        }
        foreach (Match m in CssUrl().Matches(html)) Assert.StartsWith("#", m.Groups[1].Value, StringComparison.Ordinal);
    }

    [GeneratedRegex("\\b(src|href|xlink:href)=\"([^\"]*)\"")]
    private static partial Regex Reference();

    [GeneratedRegex("url\\(([^)]*)\\)")]
    private static partial Regex CssUrl();

    [GeneratedRegex("<svg\\b")]
    private static partial Regex SvgOpen();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex UrlRef();
}
