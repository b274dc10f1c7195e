using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using Augur.Plots;

namespace Augur.Bench;

/// <summary>
/// Augur.Plots against matplotlib (Agg backend, DejaVu Sans) drawing the same charts to PNG in memory: a large scatter
/// (predicted vs actual), an ROC curve from many scores, a SHAP beeswarm and an annotated confusion matrix; and the
/// time to build a whole evaluation report (no Python counterpart).
/// </summary>
public sealed class PlotsBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "plots";

    /// <inheritdoc />
    public string Description => "chart rendering to PNG vs matplotlib; evaluation report build time";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var points = context.Quick ? 20_000 : 200_000;
        var shapRows = context.Quick ? 500 : 2_000;
        var dir = Path.Combine(context.WorkDir, $"plots-{points}");
        Console.WriteLine("-- Python reference (matplotlib)");
        var py = context.RunPython("plots.py", "--points", Str(points), "--shap-rows", Str(shapRows), "--out", dir);

        var yTrue = Doubles(dir, "y_true");
        var yPred = Doubles(dir, "y_pred");
        var labels = new Int64Column("label", Doubles(dir, "labels").Select(v => (long)v).ToArray());
        var scores = Doubles(dir, "scores");
        var shap = new Matrix(shapRows, 20, Doubles(dir, "shap"));
        var values = new Matrix(shapRows, 20, Doubles(dir, "values"));
        var cmValues = new Matrix(10, 10, Doubles(dir, "cm"));
        var names = Enumerable.Range(0, 20).Select(i => $"feature_{i}").ToArray();
        var cm = new ConfusionMatrix(Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(), cmValues);

        Console.WriteLine("-- Augur");
        var cases = new (string Name, string What, Func<Chart> Build)[]
        {
            ("scatter", $"{points:N0} points, predicted vs actual", () => Charts.PredictedVsActual(yTrue, yPred)),
            ("roc", $"ROC of {points:N0} scores", () => Charts.Roc(ClassificationMetrics.RocCurve(labels, scores), "model")),
            ("shap_summary", $"beeswarm, {shapRows:N0} rows × 20 features", () => Charts.ShapSummary(shap, values, names)),
            ("confusion_matrix", "10 × 10, annotated", () => Charts.ConfusionMatrix(cm)),
        };
        var md = new StringBuilder();
        md.AppendLine("## plots");
        md.AppendLine();
        var version = py.GetProperty("matplotlib").GetString();
        md.AppendLine("Augur.Plots (ScottPlot 5 on SkiaSharp) against matplotlib " + version + " (Agg) drawing the same data to PNG in memory, " +
                      "chart built from the data and encoded each time; median of 3 runs after a warm-up. Goal: no slower than matplotlib.");
        md.AppendLine();
        md.AppendLine("| chart | data | Augur s | matplotlib s | speed-up | Augur PNG KiB | matplotlib PNG KiB |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (name, what, build) in cases)
        {
            var bytes = build().ToPng().Length;
            var seconds = BenchContext.MedianSeconds(() => build().ToPng(), repeats: 3, warmup: 1);
            var reference = py.GetProperty(name);
            var refSeconds = reference.GetProperty("seconds").GetDouble();
            var refBytes = reference.GetProperty("bytes").GetInt32();
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {what} | {seconds:F3} | {refSeconds:F3} | {refSeconds / seconds:F1}× | {bytes / 1024} | {refBytes / 1024} |");
            Console.WriteLine($"   {name}: Augur {seconds:F3}s, matplotlib {refSeconds:F3}s");
        }

        // A whole classification report: metrics with 500 bootstrap resamples, charts, permutation importance.
        var (x, y) = Wine(context.RepoRoot);
        var model = new Augur.NaiveBayes.GaussianNB().Fit(x, y);
        var reportSeconds = BenchContext.MedianSeconds(() => EvaluationReport.Build(model, x, y).ToHtml(), repeats: 3, warmup: 1);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Whole evaluation report (wine, GaussianNB, 500 bootstrap resamples per metric, 7 charts, permutation importance, HTML with PNGs): {reportSeconds:F2} s.");
        md.AppendLine();
        md.AppendLine("Speed-ups are matplotlib's time divided by Augur's (above 1: Augur is faster). `--quick` uses 20k points and 500 SHAP rows.");
        context.WriteSection(Name, md.ToString());
    }

    private static (Frame X, Column Y) Wine(string root)
    {
        var frame = Frame.ReadCsv(Path.Combine(root, "data", "wine.csv"));
        return (frame.Drop("target"), frame["target"]);
    }

    private static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static double[] Doubles(string dir, string name) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(Path.Combine(dir, name + ".f64"))).ToArray();
}
