using System.Globalization;
using System.Text;
using Augur.Boosting;
using Augur.Data;
using Augur.Explain;
using Augur.Numerics;

namespace Augur.Bench;

/// <summary>
/// Explainability: tree SHAP of 10 000 rows of a 100-tree, 31-leaf LightGBM model — Augur's own tree SHAP against
/// LightGBM's native contributions (<c>C_API_PREDICT_CONTRIB</c>), both in-process on the same model and rows.
/// </summary>
public sealed class ExplainBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "explain";

    /// <inheritdoc />
    public string Description => "tree SHAP (10k rows, 100 trees × 31 leaves) vs LightGBM contributions";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var quick = context.Quick;
        var repeats = quick ? 3 : 7;
        var cores = Environment.ProcessorCount;

        // Tree SHAP: a synthetic regression with 20 features, 100 trees of 31 leaves.
        var rows = quick ? 2000 : 10000;
        var rng = new Rng(7);
        var m = new Matrix(rows, 20);
        for (var i = 0; i < m.Data.Length; i++) m.Data[i] = rng.NextGaussian();
        var x = Frame.FromMatrix(m);
        var y = new Float64Column("y", Enumerable.Range(0, rows).Select(i =>
            m[i, 0] * m[i, 1] + Math.Sin(m[i, 2]) + m[i, 3] * m[i, 3] - m[i, 4] + 0.5 * m[i, 5] * m[i, 6] + 0.1 * rng.NextGaussian()).ToArray());
        var booster = new GradientBoostingRegressor { NEstimators = 100, NumLeaves = 31, RandomState = 0 }.Fit(x, y);
        var treeShap = new TreeShap();
        var oursAll = BenchContext.MedianSeconds(() => treeShap.Explain(booster, x), repeats);
        var nativeAll = BenchContext.MedianSeconds(() => booster.PredictContributions(x), repeats);
        var oursOne = BenchContext.MedianSeconds(() => (treeShap with { NJobs = 1 }).Explain(booster, x), Math.Max(3, repeats / 2));
        var single = new GradientBoostingRegressor { NEstimators = 100, NumLeaves = 31, RandomState = 0, NThreads = 1 }.Fit(x, y);
        var nativeOne = BenchContext.MedianSeconds(() => single.PredictContributions(x), Math.Max(3, repeats / 2));
        var ours = treeShap.Explain(booster, x);
        var native = LightGbmNativeShap.Explain(booster, x);
        double maxDiff = 0;
        for (var i = 0; i < ours.Values[0].Data.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(ours.Values[0].Data[i] - native.Values[0].Data[i]));

        static string Ms(double s) => (s * 1000).ToString("F1", CultureInfo.InvariantCulture);
        static string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine("## explain: tree SHAP");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{cores} cores; median of {repeats} runs after a warm-up{(quick ? "; **--quick** (2 000 SHAP rows)" : "")}.");
        sb.AppendLine();
        sb.AppendLine("| task | reference | reference ms | Augur ms | ratio (Augur / reference) | goal | check |");
        sb.AppendLine("|---|---|---:|---:|---:|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| tree SHAP, {rows:N0} rows × 20, 100 trees × 31 leaves, all cores | LightGBM contributions | {Ms(nativeAll)} | {Ms(oursAll)} | {Ratio(oursAll, nativeAll)} | ≤ 2.0 | max abs diff {maxDiff:G3} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| tree SHAP, same, one thread | LightGBM contributions (1 thread) | {Ms(nativeOne)} | {Ms(oursOne)} | {Ratio(oursOne, nativeOne)} | ≤ 2.0 | |");
        sb.AppendLine();
        sb.AppendLine("Both tree SHAP implementations run Lundberg et al.'s path-dependent algorithm in-process on the same booster; Augur reads the trees from the booster's model text and parallelises over rows.");
        context.WriteSection(Name, sb.ToString());
    }
}
