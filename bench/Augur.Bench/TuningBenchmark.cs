using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Augur.Boosting;
using Augur.Data;
using Augur.ModelSelection;
using Augur.Pipelines;

namespace Augur.Bench;

/// <summary>
/// Hyper-parameter search: Augur's TPE search over gradient boosting (LightGBM, behind the automatic preprocessing as
/// <c>augur tune</c> builds it) against Optuna's TPE sampler over scikit-learn's HistGradientBoostingClassifier, on
/// breast_cancer with 5-fold stratified cross-validation ROC AUC, the same number of trials and a comparable space.
/// Reports the best CV AUC, the wall time, and the search's own overhead (wall time minus the time spent fitting and
/// scoring folds) per trial.
/// </summary>
public sealed class TuningBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "tuning";

    /// <inheritdoc />
    public string Description => "TPE search over gbdt vs Optuna TPE over HistGradientBoosting: best CV AUC, wall time, overhead per trial";

    /// <inheritdoc />
    public void Run(BenchContext context)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var trials = context.Quick ? 12 : 50;
        const int folds = 5;
        var threads = Environment.ProcessorCount;
        var dataPath = Path.Combine(context.RepoRoot, "data", "breast_cancer.csv");
        var frame = Frame.ReadCsv(dataPath);
        var y = frame["diagnosis"];
        var x = frame.Drop("diagnosis");

        // --augur-only: Augur's side alone, printed, nothing written (for profiling).
        var augurOnly = context.Args.Contains("--augur-only");
        Console.WriteLine($"-- Optuna TPE over HistGradientBoostingClassifier, {trials} trials");
        var py = augurOnly ? default : context.RunPython("tuning.py", "--data", dataPath, "--trials", trials.ToString(CultureInfo.InvariantCulture),
            "--folds", folds.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture));

        // Warm-up: JIT, the native library, thread pools (a short search on the same data).
        Search(trials: 3, pruner: null).Run(x, y);

        Console.WriteLine($"-- Augur TPE over gbdt, {trials} trials");
        var plain = Measure(Search(trials, pruner: null), x, y);
        Console.WriteLine($"   best {plain.Best:F4} in {plain.Wall:F2}s, overhead {plain.OverheadMs:F2} ms/trial");
        Console.WriteLine($"-- Augur TPE over gbdt with the median pruner, {trials} trials");
        var pruned = Measure(Search(trials, new MedianPruner { NStartupTrials = 5, NWarmupSteps = 10 }), x, y);
        Console.WriteLine($"   best {pruned.Best:F4} in {pruned.Wall:F2}s, {pruned.Pruned} pruned");
        if (augurOnly) return;

        var optunaWall = py.GetProperty("wall_s").GetDouble();
        var optunaBest = py.GetProperty("best_auc").GetDouble();
        var optunaInside = py.GetProperty("fit_score_s").GetDouble();
        var optunaOverhead = py.GetProperty("overhead_s").GetDouble();
        var md = new StringBuilder();
        md.AppendLine("## tuning");
        md.AppendLine();
        md.AppendLine(
            $"{trials} TPE trials on breast_cancer (569 rows × 30), each scored by {folds}-fold stratified cross-validation ROC AUC (folds not shuffled: the same rows in both). " +
            "Augur: `TpeSearch` (10 random start-up trials, 24 EI candidates, seed 0, one trial at a time, its folds side by side with 1 LightGBM thread each) over " +
            "`Pipeline(AutoPreprocessor, GradientBoostingClassifier)` as `augur tune` builds it; the preprocessing is fitted once per fold and the binned LightGBM " +
            "datasets are shared by all trials. Optuna " + py.GetProperty("optuna").GetString() + ": `TPESampler(seed=0)` (same defaults) over " +
            $"`HistGradientBoostingClassifier(early_stopping=False)` with `cross_val_score` ({threads} OpenMP threads). Space (log scales): learning rate 0.01–0.3, " +
            "leaves 8–128 (`num_leaves` / `max_leaf_nodes`), rows per leaf 5–100 (`min_child_samples` / `min_samples_leaf`), L2 penalty 1e-8–10 (`reg_lambda` / " +
            "`l2_regularization`), iterations 50–400 (`n_estimators` / `max_iter`). Overhead = wall time − time inside fitting and scoring folds (Augur: the " +
            "wall time of each trial's fold section; Optuna: time inside `cross_val_score`), per trial. CPU = process CPU time over all threads (steadier than wall time on a busy machine). " +
            "Goals: best CV AUC ≥ Optuna's − 0.002, wall time ≤ ¼ of Optuna's, overhead < 2 ms per trial.");
        md.AppendLine();
        var optunaCpu = py.GetProperty("cpu_s").GetDouble();
        md.AppendLine("| search | best CV AUC | wall s | CPU s | fit+score s | overhead ms/trial | trials pruned | boosting iterations | wall speed-up | CPU ratio |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| Optuna TPE + HGB | {optunaBest:F4} | {optunaWall:F2} | {optunaCpu:F2} | {optunaInside:F2} | {optunaOverhead / trials * 1000:F2} | | | | |");
        Row(md, "Augur TPE + gbdt", plain, optunaWall, optunaCpu);
        Row(md, "Augur TPE + gbdt, median pruner", pruned, optunaWall, optunaCpu);
        md.AppendLine();
        md.AppendLine(
            $"Best settings — Augur: {Format(plain.Params)}; Optuna: {py.GetProperty("best_params").GetRawText()}. " +
            $"Goal check: AUC {(plain.Best >= optunaBest - 0.002 ? "met" : "missed")} ({plain.Best - optunaBest:+0.0000;-0.0000}), " +
            $"wall time {(plain.Wall <= optunaWall / 4 ? "met" : "missed")} ({optunaWall / plain.Wall:F1}× faster), " +
            $"overhead {(plain.OverheadMs < 2 ? "met" : "missed")} ({plain.OverheadMs:F2} ms/trial). " +
            "The pruned row (median rule, 5 start-up trials, 10 warm-up iterations, per fold and iteration) is for information: Optuna's side does not prune. " +
            $"`--quick` runs 12 trials. Machine: {threads} cores, load average {Load()} when the run ended.");
        context.WriteSection(Name, md.ToString());
    }

    private static TpeSearch Search(int trials, IPruner? pruner)
    {
        var pipeline = new Pipeline(new AutoPreprocessor(), new GradientBoostingClassifier());
        var space = SearchSpace.Empty
            .Float("learning_rate", 0.01, 0.3, log: true)
            .Int("num_leaves", 8, 128, log: true)
            .Int("min_child_samples", 5, 100, log: true)
            .Float("reg_lambda", 1e-8, 10.0, log: true)
            .Int("n_estimators", 50, 400, log: true);
        return new TpeSearch(pipeline, space)
        {
            NTrials = trials, NStartupTrials = 10, RandomState = 0, Cv = new StratifiedKFold { NSplits = 5 }, Scoring = ["roc_auc"],
            Refit = false, Pruner = pruner,
        };
    }

    private sealed record Reading(double Best, IReadOnlyDictionary<string, object?> Params, double Wall, double Cpu, double FitScore, double OverheadMs, int Pruned, long Iterations);

    private static Reading Measure(TpeSearch search, Frame x, Column y)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var r = search.Run(x, y);
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var inside = r.Trials.Sum(t => t.FitScoreSeconds);
        return new Reading(r.BestScore, r.BestParams, wall, (process.TotalProcessorTime - cpu).TotalSeconds, inside, (wall - inside) / r.Trials.Count * 1000,
            r.Trials.Count(t => t.State == TrialState.Pruned), r.Trials.Sum(t => t.IterationsRun));
    }

    private static void Row(StringBuilder md, string name, Reading r, double optunaWall, double optunaCpu) =>
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {name} | {r.Best:F4} | {r.Wall:F2} | {r.Cpu:F2} | {r.FitScore:F2} | {r.OverheadMs:F2} | {r.Pruned} | {r.Iterations:N0} | {optunaWall / r.Wall:F1}× | {optunaCpu / r.Cpu:F1}× |");

    /// <summary>The 1-minute load average (Linux), or "unknown".</summary>
    private static string Load()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Format(IReadOnlyDictionary<string, object?> p) =>
        string.Join(", ", p.Select(kv => $"{kv.Key}={(kv.Value is double d ? d.ToString("G4", CultureInfo.InvariantCulture) : Convert.ToString(kv.Value, CultureInfo.InvariantCulture))}"));
}
