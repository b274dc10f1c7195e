using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Augur.Data;
using Augur.Linear;
using Augur.Numerics;

namespace Augur.Bench;

/// <summary>
/// Augur.Linear against scikit-learn 1.2.1 on the same synthetic data: fit time of LogisticRegression (lbfgs) on
/// make_classification and of LinearRegression, Ridge and Lasso on make_regression (100,000 × 50 by default), held-out
/// quality alongside, and the in-process latency of one single-row prediction.
/// </summary>
public sealed class LinearBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "linear";

    /// <inheritdoc />
    public string Description => "linear model fit time and quality vs scikit-learn; single-row predict latency";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var threads = Environment.ProcessorCount;
        var rows = context.Quick ? 20_000 : 100_000;
        var testRows = rows / 4;
        const int p = 50;
        var repeats = context.Quick ? 1 : 3;
        var dir = Path.Combine(context.WorkDir, $"linear-{rows}");
        Console.WriteLine("-- Python reference (scikit-learn)");
        var py = context.RunPython("linear.py", "--rows", Str(rows), "--test-rows", Str(testRows), "--features", Str(p),
            "--threads", Str(threads), "--out", dir, "--repeats", Str(repeats));

        var total = rows + testRows;
        var xc = new Matrix(total, p, Read(dir, "xc", total * p));
        var yc = Read(dir, "yc", total);
        var xr = new Matrix(total, p, Read(dir, "xr", total * p));
        var yr = Read(dir, "yr", total);
        var names = Enumerable.Range(0, p).Select(j => $"f{j}").ToArray();
        Frame Rows(Matrix m, int start, int count)
        {
            var sub = new Matrix(count, p);
            Array.Copy(m.Data, start * p, sub.Data, 0, count * p);
            return Frame.FromMatrix(sub, names);
        }
        var xcTrain = Rows(xc, 0, rows);
        var xcTest = Rows(xc, rows, testRows);
        var ycTrain = new Int64Column("y", yc[..rows].Select(v => (long)v).ToArray());
        var ycTest = yc[rows..];
        var xrTrain = Rows(xr, 0, rows);
        var xrTest = Rows(xr, rows, testRows);
        var yrTrain = new Float64Column("y", yr[..rows]);
        var yrTest = yr[rows..];

        Console.WriteLine("-- Augur");
        var sb = new StringBuilder();
        sb.AppendLine($"## linear — Augur.Linear vs scikit-learn 1.2.1");
        sb.AppendLine();
        sb.AppendLine($"Fit on {rows:N0} × {p} synthetic rows (make_classification / make_regression, seed 0), scored on {testRows:N0} held-out rows; " +
                      $"{threads} threads on both sides; median of {repeats} fits after a warm-up. Augur's time includes reading the frame into a matrix.");
        sb.AppendLine();
        sb.AppendLine("| model | Augur s | scikit-learn s | ratio (goal ≤ 1.0) | Augur quality | scikit-learn quality | max rel. coef diff |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");

        LogisticRegressionModel? logistic = null;
        LinearRegressionModel? linear = null;
        var cases = new (string Name, string Quality, Func<object> Fit, Func<object, double> Score, Func<object, double[]> Coef)[]
        {
            ("logistic", "accuracy", () => new LogisticRegression().Fit(xcTrain, ycTrain),
                m => Accuracy((LogisticRegressionModel)m, xcTest, ycTest), m => ((LogisticRegressionModel)m).Coefficients.AsSpan().ToArray()),
            ("linear", "R²", () => new LinearRegression().Fit(xrTrain, yrTrain),
                m => R2(((LinearRegressionModel)m).PredictValues(xrTest), yrTest), m => ((LinearRegressionModel)m).Coefficients.ToArray()),
            ("ridge", "R²", () => new Ridge().Fit(xrTrain, yrTrain),
                m => R2(((RidgeModel)m).PredictValues(xrTest), yrTest), m => ((RidgeModel)m).Coefficients.ToArray()),
            ("lasso", "R²", () => new Lasso().Fit(xrTrain, yrTrain),
                m => R2(((LassoModel)m).PredictValues(xrTest), yrTest), m => ((LassoModel)m).Coefficients.ToArray()),
        };
        foreach (var c in cases)
        {
            object? model = null;
            var seconds = BenchContext.MedianSeconds(() => model = c.Fit(), repeats, warmup: 1);
            var reference = py.GetProperty(c.Name);
            var pySeconds = reference.GetProperty("seconds").GetDouble();
            var pyScore = reference.GetProperty("score").GetDouble();
            var pyCoef = reference.GetProperty("coef").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var coef = c.Coef(model!);
            var scale = pyCoef.Max(Math.Abs);
            var diff = coef.Select((v, j) => Math.Abs(v - pyCoef[j])).Max() / scale;
            var score = c.Score(model!);
            Console.WriteLine($"{c.Name}: Augur {seconds:F3} s, scikit-learn {pySeconds:F3} s, {c.Quality} {score:F4} vs {pyScore:F4}");
            sb.AppendLine($"| {c.Name} | {seconds:F3} | {pySeconds:F3} | {seconds / pySeconds:F2} | {c.Quality} {score:F4} | {pyScore:F4} | {diff:G2} |");
            if (model is LogisticRegressionModel lm) logistic = lm;
            if (model is LinearRegressionModel lr) linear = lr;
        }

        // Single-row predict latency through the span fast paths.
        var row = xrTest.Select(col => col.GetDouble(0)).ToArray();
        var crow = xcTest.Select(col => col.GetDouble(0)).ToArray();
        var proba = new double[2];
        var sink = 0.0;
        const int calls = 2_000_000;
        double Latency(Action a)
        {
            for (var i = 0; i < 10_000; i++) a();
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++) a();
            return sw.Elapsed.TotalMilliseconds * 1e6 / calls;
        }
        var regNs = Latency(() => sink += linear!.PredictRow(row));
        var clsNs = Latency(() => { logistic!.PredictProbaRow(crow, proba); sink += proba[1]; });
        var one = xrTest.Slice(0, 1);
        var frameUs = Latency(() => sink += linear!.PredictValues(one)[0]) / 1000;
        GC.KeepAlive(sink);
        sb.AppendLine();
        sb.AppendLine("Single-row prediction, in process (goal < 5 µs on 50 features):");
        sb.AppendLine();
        sb.AppendLine("| path | Augur | scikit-learn `predict` on one row |");
        sb.AppendLine("|---|---:|---:|");
        sb.AppendLine($"| LinearRegressionModel.PredictRow(span) | {regNs:F0} ns | {py.GetProperty("linear").GetProperty("predict_row_us").GetDouble():F1} µs |");
        sb.AppendLine($"| LogisticRegressionModel.PredictProbaRow(span) | {clsNs:F0} ns | {py.GetProperty("logistic").GetProperty("predict_row_us").GetDouble():F1} µs |");
        sb.AppendLine($"| LinearRegressionModel.PredictValues(1-row frame) | {frameUs:F1} µs | |");
        sb.AppendLine();
        sb.AppendLine($"scikit-learn lbfgs iterations: {py.GetProperty("logistic").GetProperty("n_iter").GetInt32()}, Augur: {logistic!.Iterations[0]}; " +
                      $"scikit-learn Lasso sweeps: {py.GetProperty("lasso").GetProperty("n_iter").GetInt32()}.");
        context.WriteSection(Name, sb.ToString());
    }

    private static double Accuracy(LogisticRegressionModel m, Frame x, double[] y)
    {
        var p = m.Predict(x);
        var hit = 0;
        for (var i = 0; i < y.Length; i++) if (p.GetDouble(i) == y[i]) hit++;
        return (double)hit / y.Length;
    }

    private static double R2(double[] pred, double[] y)
    {
        var mean = y.Average();
        var res = 0.0;
        var tot = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            res += (y[i] - pred[i]) * (y[i] - pred[i]);
            tot += (y[i] - mean) * (y[i] - mean);
        }
        return 1 - res / tot;
    }

    private static double[] Read(string dir, string name, int count)
    {
        var bytes = File.ReadAllBytes(Path.Combine(dir, name + ".f64"));
        if (bytes.Length != count * 8) throw new InvalidOperationException($"{name}.f64 holds {bytes.Length / 8} values, expected {count}");
        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }

    private static string Str(int v) => v.ToString(CultureInfo.InvariantCulture);
}
