using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;

namespace Augur.Bench;

/// <summary>
/// Augur.Metrics against scikit-learn 1.2.1 on the same large inputs: ranking metrics (ROC AUC, average precision,
/// one-vs-rest AUC), log loss, label metrics (F1, accuracy, confusion matrix), clustering agreement (AMI, ARI) and the
/// silhouette. Labels are passed as Augur int64 columns, as a frame gives them; values are checked against scikit-learn's.
/// </summary>
public sealed class MetricsBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "metrics";

    /// <inheritdoc />
    public string Description => "classification, ranking and clustering metrics vs scikit-learn (time and agreement)";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var threads = Environment.ProcessorCount;
        var rows = context.Quick ? 100_000 : 1_000_000;
        var clusterRows = context.Quick ? 20_000 : 100_000;
        var silhouetteRows = context.Quick ? 5_000 : 20_000;
        var dir = Path.Combine(context.WorkDir, $"metrics-{rows}");
        Console.WriteLine("-- Python reference (scikit-learn)");
        var py = context.RunPython("metrics.py", "--rows", Str(rows), "--cluster-rows", Str(clusterRows), "--silhouette-rows", Str(silhouetteRows),
            "--threads", Str(threads), "--out", dir);

        var yBin = Ints(dir, "y_bin");
        var score = Doubles(dir, "score");
        var yMulti = Ints(dir, "y_multi");
        var predMulti = Ints(dir, "pred_multi");
        var y5 = Ints(dir, "y5");
        var proba = new Matrix(rows, 5, Doubles(dir, "proba"));
        var ca = Ints(dir, "ca");
        var cb = Ints(dir, "cb");
        var sl = Ints(dir, "sl");
        var sx = new Matrix(silhouetteRows, 10, Doubles(dir, "sx"));

        Console.WriteLine("-- Augur");
        var cases = new (string Name, string What, Func<double> Run, int Repeats)[]
        {
            ("roc_auc", $"{rows:N0} binary scores", () => ClassificationMetrics.RocAuc(yBin, score), 3),
            ("average_precision", $"{rows:N0} binary scores", () => ClassificationMetrics.AveragePrecision(yBin, score), 3),
            ("log_loss", $"{rows:N0} × 5 probabilities", () => ClassificationMetrics.LogLoss(y5, proba), 3),
            ("roc_auc_ovr", $"{rows:N0} × 5 probabilities", () => ClassificationMetrics.RocAuc(y5, proba, MultiClass.Ovr), 3),
            ("f1_macro", $"{rows:N0} labels, 10 classes", () => ClassificationMetrics.F1(yMulti, predMulti, Average.Macro), 3),
            ("accuracy", $"{rows:N0} labels, 10 classes", () => ClassificationMetrics.Accuracy(yMulti, predMulti), 3),
            ("confusion_matrix", $"{rows:N0} labels, 10 classes", () => ClassificationMetrics.ConfusionMatrix(yMulti, predMulti).Values.Data.Sum(), 3),
            ("adjusted_mutual_info", $"{clusterRows:N0} rows, 50 × 60 clusters", () => ClusteringMetrics.AdjustedMutualInformation(ca, cb), 3),
            ("adjusted_rand", $"{clusterRows:N0} rows, 50 × 60 clusters", () => ClusteringMetrics.AdjustedRandIndex(ca, cb), 3),
            ("silhouette", $"{silhouetteRows:N0} × 10 points, 8 clusters", () => ClusteringMetrics.SilhouetteScore(sx, sl), 3),
        };

        var md = new StringBuilder();
        md.AppendLine("## metrics");
        md.AppendLine();
        md.AppendLine($"Augur.Metrics against scikit-learn 1.2.1 on the same synthetic inputs (labels as int64 columns), {threads} threads. " +
                      "Times are the median of 3 runs after a warm-up (scikit-learn's silhouette: one run). " +
                      "`agreement` is the relative difference of the two values. Goals: ranking metrics O(n log n) and at least as fast as scikit-learn; " +
                      "label metrics and clustering agreement faster than scikit-learn; silhouette of 20k rows with bounded memory.");
        md.AppendLine();
        md.AppendLine("| metric | data | Augur s | scikit-learn s | speed-up | agreement |");
        md.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (name, what, run, repeats) in cases)
        {
            var value = run();
            var seconds = BenchContext.MedianSeconds(() => run(), repeats, warmup: 0);
            var reference = py.GetProperty(name);
            var refSeconds = reference.GetProperty("seconds").GetDouble();
            var refValue = reference.GetProperty("value").GetDouble();
            var agreement = Math.Abs(value - refValue) / Math.Max(Math.Abs(refValue), 1e-300);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {what} | {seconds:F4} | {refSeconds:F4} | {refSeconds / seconds:F1}× | {agreement:E1} |");
            Console.WriteLine($"   {name}: Augur {seconds:F4}s, scikit-learn {refSeconds:F4}s, value {value:R} vs {refValue:R}");
        }
        md.AppendLine();
        md.AppendLine("Speed-ups are scikit-learn's time divided by Augur's (above 1: Augur is faster). `--quick` uses 100k rows (20k for clustering, 5k for the silhouette).");
        context.WriteSection(Name, md.ToString());
    }

    private static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static double[] Doubles(string dir, string name) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(Path.Combine(dir, name + ".f64"))).ToArray();

    private static Int64Column Ints(string dir, string name) =>
        new(name, MemoryMarshal.Cast<byte, long>(File.ReadAllBytes(Path.Combine(dir, name + ".i64"))).ToArray());
}
