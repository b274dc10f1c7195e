using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Augur.Boosting;
using Augur.Data;

namespace Augur.Bench;

/// <summary>
/// LightGBM through Augur against scikit-learn's HistGradientBoostingClassifier and XGBoost (hist) on make_classification
/// data: 100 iterations, 31 leaves (HGB max_leaf_nodes=31; XGBoost lossguide with max_leaves=31), 255 bins, learning
/// rate 0.1, no early stopping, the same thread count everywhere. Fit time includes turning the frame into LightGBM's
/// dataset; predict time is class probabilities for the whole test set.
/// </summary>
public sealed class BoostingBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "boosting";

    /// <inheritdoc />
    public string Description => "GradientBoostingClassifier (LightGBM) vs HistGradientBoosting and XGBoost hist: fit, predict, AUC";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var threads = Environment.ProcessorCount;
        (int Rows, int Features)[] configs = context.Quick ? [(100_000, 28), (100_000, 50)] : [(1_000_000, 28), (100_000, 50)];
        var md = new StringBuilder();
        md.AppendLine("## boosting");
        md.AppendLine();
        md.AppendLine($"Binary classification on `make_classification(n, p, n_informative=p/2, n_redundant=p/4, random_state=0)`, first 80% of rows to train, last 20% to test; " +
                      $"100 iterations, learning rate 0.1, 31 leaves (HGB `max_leaf_nodes=31`, XGBoost `tree_method=hist, grow_policy=lossguide, max_leaves=31`), 255 bins, " +
                      $"20 rows per leaf (HGB, LightGBM), no early stopping, {threads} threads for every library. " +
                      "Fit is one timed run after a small warm-up fit (CPU = process CPU time over all threads, steadier than wall time on a busy machine); predict (class probabilities of the test rows) is the median of 5 after 2 warm-up calls. " +
                      "Augur's fit includes converting the frame to LightGBM's dataset; its predictions come from Augur's managed evaluator of the LightGBM trees (bit-identical to LightGBM's own predictor, tested). Goals: fit ≥ 3× faster than HGB and ≥ 1.5× faster than XGBoost at equal or better AUC; predict ≥ 2× faster than both.");
        md.AppendLine();
        md.AppendLine("| data | library | fit s | fit CPU s | predict s | test AUC | fit speed-up | predict speed-up |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (rows, features) in configs)
        {
            var dir = Path.Combine(context.WorkDir, $"boosting-{rows}x{features}");
            Console.WriteLine($"-- {rows}×{features}: Python references (HGB, XGBoost)");
            var py = context.RunPython("boosting.py", "--rows", rows.ToString(CultureInfo.InvariantCulture), "--features",
                features.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture), "--out", dir);
            var trainRows = py.GetProperty("train_rows").GetInt32();
            var trainX = ReadFrame(Path.Combine(dir, "x_train.f64"), trainRows, features);
            var trainY = new Float64Column("y", ReadDoubles(Path.Combine(dir, "y_train.f64")));
            var testX = ReadFrame(Path.Combine(dir, "x_test.f64"), rows - trainRows, features);
            var testY = ReadDoubles(Path.Combine(dir, "y_test.f64"));

            Console.WriteLine($"-- {rows}×{features}: Augur");
            var estimator = new GradientBoostingClassifier
            {
                NEstimators = 100, LearningRate = 0.1, NumLeaves = 31, MaxBin = 255, MinChildSamples = 20, NThreads = threads,
            };
            estimator.Fit(trainX.Slice(0, 2000), trainY.Slice(0, 2000)); // warm-up: JIT, native library, thread pools
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var model = estimator.Fit(trainX, trainY);
            var fit = sw.Elapsed.TotalSeconds;
            process.Refresh();
            var fitCpu = (process.TotalProcessorTime - cpu).TotalSeconds;
            var proba = model.PredictProba(testX).Column(1);
            // Two more warm-up calls let .NET's tiered compiler finish optimising the tree walk.
            var predict = BenchContext.MedianSeconds(() => model.PredictProba(testX), repeats: 5, warmup: 2);
            var auc = Auc(testY, proba);

            var hgb = py.GetProperty("hgb");
            var xgb = py.GetProperty("xgboost");
            var data = $"{rows / 1000:N0}k × {features}";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {data} | Augur (LightGBM 4.7.0) | {fit:F2} | {fitCpu:F2} | {predict:F3} | {auc:F4} | | |");
            Row(md, data, "scikit-learn HGB", hgb, fit, predict);
            Row(md, data, "XGBoost hist", xgb, fit, predict);
            Console.WriteLine($"   Augur fit {fit:F2}s predict {predict:F3}s AUC {auc:F4}; HGB fit {hgb.GetProperty("fit_s").GetDouble():F2}s; XGBoost fit {xgb.GetProperty("fit_s").GetDouble():F2}s");
        }
        md.AppendLine();
        md.AppendLine("Speed-ups are the library's time divided by Augur's (above 1: Augur is faster). " +
                      "`--quick` runs both data sets at 100k rows.");
        context.WriteSection(Name, md.ToString());
    }

    private static void Row(StringBuilder md, string data, string name, JsonElement r, double fit, double predict)
    {
        var f = r.GetProperty("fit_s").GetDouble();
        var p = r.GetProperty("predict_s").GetDouble();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {data} | {name} | {f:F2} | {r.GetProperty("fit_cpu_s").GetDouble():F2} | {p:F3} | {r.GetProperty("auc").GetDouble():F4} | {f / fit:F1}× | {p / predict:F1}× |");
    }

    private static double[] ReadDoubles(string path) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(path)).ToArray();

    /// <summary>Reads a row-major float64 file as a frame of float64 columns x0, x1, ….</summary>
    private static Frame ReadFrame(string path, int rows, int cols)
    {
        var data = ReadDoubles(path);
        if (data.Length != (long)rows * cols) throw new InvalidOperationException($"{path} holds {data.Length} values, expected {rows}×{cols}");
        var columns = new Column[cols];
        Parallel.For(0, cols, j =>
        {
            var c = new double[rows];
            for (var i = 0; i < rows; i++) c[i] = data[(long)i * cols + j];
            columns[j] = new Float64Column($"x{j}", c);
        });
        return new Frame(columns);
    }

    /// <summary>ROC AUC by ranks (ties share their average rank).</summary>
    private static double Auc(double[] labels, double[] scores)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        Array.Sort(scores.ToArray(), order);
        var ranks = new double[scores.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        double pos = 0, sum = 0;
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] == 1) { pos++; sum += ranks[i]; }
        var neg = labels.Length - pos;
        return (sum - pos * (pos + 1) / 2) / (pos * neg);
    }
}
