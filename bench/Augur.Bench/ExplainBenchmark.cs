using System.Globalization;
using System.Text;
using Augur.Boosting;
using Augur.Data;
using Augur.Ensemble;
using Augur.Explain;
using Augur.Numerics;

namespace Augur.Bench;

/// <summary>
/// Explainability: tree SHAP of 10 000 rows of a 100-tree, 31-leaf LightGBM model — Augur's own tree SHAP against
/// LightGBM's native contributions (<c>C_API_PREDICT_CONTRIB</c>), both in-process on the same model and rows — and
/// permutation importance of a 100-tree random forest on wine against scikit-learn's <c>permutation_importance</c>
/// (same repeats, same thread count).
/// </summary>
public sealed class ExplainBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "explain";

    /// <inheritdoc />
    public string Description => "tree SHAP (10k rows, 100 trees × 31 leaves) vs LightGBM contributions; permutation importance (forest, wine) vs scikit-learn";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        var quick = context.Quick;
        var repeats = quick ? 3 : 7;
        var args = new List<string> { context.WorkDir };
        if (quick) args.Add("--quick");
        var py = context.RunPython("explain.py", [.. args]);
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

        // Permutation importance: 100-tree forest on wine, 5 repeats, scored on the held-out quarter.
        var wine = Load(Path.Combine(context.RepoRoot, "data", "wine.csv"));
        var wy = wine["target"];
        var wx = wine.Drop("target");
        var train = Enumerable.Range(0, wx.RowCount).Where(i => i % 4 != 0).ToArray();
        var test = Enumerable.Range(0, wx.RowCount).Where(i => i % 4 == 0).ToArray();
        var forestOne = new RandomForestClassifier { NEstimators = 100, NJobs = 1 }.Fit(wx.Take(train), wy.Take(train));
        var forestAll = new RandomForestClassifier { NEstimators = 100 }.Fit(wx.Take(train), wy.Take(train));
        var (tx, ty) = (wx.Take(test), wy.Take(test));
        var permOne = BenchContext.MedianSeconds(() => new PermutationImportance { NRepeats = 5, NJobs = 1 }.Compute(forestOne, tx, ty), repeats);
        var permAll = BenchContext.MedianSeconds(() => new PermutationImportance { NRepeats = 5 }.Compute(forestAll, tx, ty), repeats);
        var perm = new PermutationImportance { NRepeats = 5 }.Compute(forestAll, tx, ty);
        var top3 = string.Join(", ", perm.Ranking().Take(3).Select(j => perm.FeatureNames[j]));

        static string Ms(double s) => (s * 1000).ToString("F1", CultureInfo.InvariantCulture);
        static string Ratio(double a, double b) => (a / b).ToString("F2", CultureInfo.InvariantCulture);
        double P(string key) => py.GetProperty(key).GetDouble();
        string Top(string key) => string.Join(", ", py.GetProperty(key).EnumerateArray().Select(e => e.GetString()));
        var sb = new StringBuilder();
        sb.AppendLine("## explain: tree SHAP and permutation importance");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"scikit-learn {py.GetProperty("sklearn").GetString()}; {cores} cores; median of {repeats} runs after a warm-up{(quick ? "; **--quick** (2 000 SHAP rows)" : "")}.");
        sb.AppendLine();
        sb.AppendLine("| task | reference | reference ms | Augur ms | ratio (Augur / reference) | goal | check |");
        sb.AppendLine("|---|---|---:|---:|---:|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| tree SHAP, {rows:N0} rows × 20, 100 trees × 31 leaves, all cores | LightGBM contributions | {Ms(nativeAll)} | {Ms(oursAll)} | {Ratio(oursAll, nativeAll)} | ≤ 2.0 | max abs diff {maxDiff:G3} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| tree SHAP, same, one thread | LightGBM contributions (1 thread) | {Ms(nativeOne)} | {Ms(oursOne)} | {Ratio(oursOne, nativeOne)} | ≤ 2.0 | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| permutation importance, forest 100 trees, wine 45 test rows, 5 repeats, one thread | scikit-learn n_jobs=1 | {Ms(P("perm_one_s"))} | {Ms(permOne)} | {Ratio(permOne, P("perm_one_s"))} | ≤ 1.0 | top 3 sklearn: {Top("perm_one_top3")}; Augur: {top3} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| permutation importance, same, all cores | scikit-learn n_jobs=-1 | {Ms(P("perm_all_s"))} | {Ms(permAll)} | {Ratio(permAll, P("perm_all_s"))} | ≤ 1.0 | |");
        sb.AppendLine();
        sb.AppendLine("Both tree SHAP implementations run Lundberg et al.'s path-dependent algorithm in-process on the same booster; Augur reads the trees from the booster's model text and parallelises over rows. Permutation importance: scikit-learn's forest predicts with its own `n_jobs`; Augur's forest with `NJobs`, and `PermutationImportance.NJobs` spreads (column, repeat) pairs over threads.");
        context.WriteSection(Name, sb.ToString());
    }

    // A minimal reader for the bundled CSVs (header, commas, numbers).
    private static Frame Load(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        return new Frame(header.Select((h, j) => (Column)new Float64Column(h, cells.Select(r => double.Parse(r[j], CultureInfo.InvariantCulture)).ToArray())));
    }
}
