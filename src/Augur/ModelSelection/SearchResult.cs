using Augur.Data;

namespace Augur.ModelSelection;

/// <summary>How a trial ended.</summary>
public enum TrialState
{
    /// <summary>Every fold was fitted and scored.</summary>
    Complete,
    /// <summary>Stopped early by the pruner.</summary>
    Pruned,
    /// <summary>Fitting or scoring raised an error (see <see cref="Trial.Error"/>).</summary>
    Failed,
}

/// <summary>One evaluated candidate of a search.</summary>
public sealed record Trial
{
    /// <summary>The trial's number, from 0, in the order trials were proposed.</summary>
    public required int Number { get; init; }

    /// <summary>The option values tried (only the active ones).</summary>
    public required IReadOnlyDictionary<string, object?> Params { get; init; }

    /// <summary>How it ended.</summary>
    public required TrialState State { get; init; }

    /// <summary>The mean test score of the ranking metric (NaN unless complete).</summary>
    public double Score { get; init; } = double.NaN;

    /// <summary>Metric → test score per fold (empty unless complete).</summary>
    public IReadOnlyDictionary<string, double[]> TestScores { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Metric → training score per fold, when asked for.</summary>
    public IReadOnlyDictionary<string, double[]>? TrainScores { get; init; }

    /// <summary>Seconds fitting, per fold run.</summary>
    public double[] FitTimes { get; init; } = [];

    /// <summary>Seconds scoring, per fold run.</summary>
    public double[] ScoreTimes { get; init; } = [];

    /// <summary>Wall-clock seconds the trial took.</summary>
    public double Seconds { get; init; }

    /// <summary>The error of a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// The intermediate value of a pruned trial where it was stopped (the best value so far of the fold that was pruned,
    /// or the running mean score for per-fold pruning); NaN for other trials.
    /// </summary>
    public double LastIntermediate { get; init; } = double.NaN;

    /// <summary>
    /// How far a pruned trial got: the iteration at which its first pruned fold (lowest fold number) was stopped, for
    /// estimators pruned per iteration (gradient boosting), or the number of folds finished, for per-fold pruning.
    /// 0 for trials that were not pruned.
    /// </summary>
    public long PrunedAt { get; init; }

    /// <summary>
    /// Iterations run over all folds, for estimators fitted iteration by iteration (gradient boosting: boosting
    /// iterations); 0 for other estimators.
    /// </summary>
    public long IterationsRun { get; init; }

    /// <summary>
    /// Wall-clock seconds spent fitting and scoring the folds (including fitting a pipeline's cached preprocessing on
    /// first use). Folds may run side by side, so this can be less than the sum of <see cref="FitTimes"/> and
    /// <see cref="ScoreTimes"/>; <see cref="Seconds"/> minus this is the search's own time for the trial.
    /// </summary>
    public double FitScoreSeconds { get; init; }

    /// <summary>The successive-halving round (0 for other searches).</summary>
    public int Iteration { get; init; }

    /// <summary>The resources of the successive-halving round (rows or iterations); 0 for other searches.</summary>
    public long Resources { get; init; }

    /// <summary>The mean test score of <paramref name="metric"/>.</summary>
    public double MeanTestScore(string metric) => TestScores.TryGetValue(metric, out var s) ? CvEngine.MeanStd(s).Mean : double.NaN;
}

/// <summary>
/// The outcome of a search: every trial, a scikit-learn-like <see cref="CvResults"/> table, the best parameters and score,
/// and the best estimator refitted on all the data.
/// </summary>
public sealed class SearchResult
{
    internal SearchResult(IReadOnlyList<Trial> trials, IReadOnlyList<string> metrics, string rankMetric, int bestIndex,
        IEstimator<IModel> estimator, IModel? bestModel, double refitSeconds, bool timedOut, double elapsedSeconds, bool halving, bool trainScores)
    {
        Trials = trials;
        Metrics = metrics;
        RankMetric = rankMetric;
        BestIndex = bestIndex;
        BestModel = bestModel;
        RefitSeconds = refitSeconds;
        TimedOut = timedOut;
        ElapsedSeconds = elapsedSeconds;
        BestEstimator = bestIndex >= 0 ? ParameterSetter.With(estimator, trials[bestIndex].Params) : null;
        CvResults = BuildFrame(trials, metrics, halving, trainScores);
    }

    /// <summary>Every trial, by number.</summary>
    public IReadOnlyList<Trial> Trials { get; }

    /// <summary>The scorer names.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>The metric trials are ranked by and the best is chosen by.</summary>
    public string RankMetric { get; }

    /// <summary>The index in <see cref="Trials"/> of the best complete trial; -1 when no trial completed.</summary>
    public int BestIndex { get; }

    /// <summary>The best trial, or null when none completed.</summary>
    public Trial? BestTrial => BestIndex >= 0 ? Trials[BestIndex] : null;

    /// <summary>The best trial's parameters (empty when none completed).</summary>
    public IReadOnlyDictionary<string, object?> BestParams => BestTrial?.Params ?? new Dictionary<string, object?>();

    /// <summary>The best trial's mean test score of <see cref="RankMetric"/> (NaN when none completed).</summary>
    public double BestScore => BestTrial?.Score ?? double.NaN;

    /// <summary>The estimator with the best parameters set (not fitted); null when no trial completed.</summary>
    public IEstimator<IModel>? BestEstimator { get; }

    /// <summary>The best estimator fitted on all the data (when refitting was asked for and a trial completed).</summary>
    public IModel? BestModel { get; }

    /// <summary>Seconds spent refitting the best estimator.</summary>
    public double RefitSeconds { get; }

    /// <summary>True when the time budget ran out before every planned trial started.</summary>
    public bool TimedOut { get; }

    /// <summary>Wall-clock seconds of the whole search (refit included).</summary>
    public double ElapsedSeconds { get; }

    /// <summary>
    /// One row per trial, like scikit-learn's <c>cv_results_</c>: <c>number</c>, <c>param_&lt;name&gt;</c> (numbers as
    /// float64, NaN when inactive; other values as text, missing when inactive), <c>mean_test_&lt;m&gt;</c>,
    /// <c>std_test_&lt;m&gt;</c>, <c>rank_test_&lt;m&gt;</c>, <c>split&lt;k&gt;_test_&lt;m&gt;</c>, training scores when asked
    /// for, <c>mean_fit_time</c>, <c>std_fit_time</c>, <c>mean_score_time</c>, <c>std_score_time</c>, <c>state</c>
    /// (complete, pruned or failed), <c>error</c>, <c>seconds</c>, <c>pruned_at</c>, <c>iterations_run</c> (see
    /// <see cref="Trial.PrunedAt"/> and <see cref="Trial.IterationsRun"/>) and, for successive halving, <c>iter</c> and
    /// <c>n_resources</c>. With one metric, <c>&lt;m&gt;</c> is <c>score</c> as in scikit-learn.
    /// </summary>
    public Frame CvResults { get; }

    private static Frame BuildFrame(IReadOnlyList<Trial> trials, IReadOnlyList<string> metrics, bool halving, bool trainScores)
    {
        var n = trials.Count;
        var cols = new List<Column> { new Int64Column("number", trials.Select(t => (long)t.Number).ToArray()) };
        if (halving)
        {
            cols.Add(new Int64Column("iter", trials.Select(t => (long)t.Iteration).ToArray()));
            cols.Add(new Int64Column("n_resources", trials.Select(t => t.Resources).ToArray()));
        }
        var names = new List<string>();
        foreach (var t in trials) foreach (var k in t.Params.Keys) if (!names.Contains(k)) names.Add(k);
        foreach (var name in names)
        {
            var values = trials.Select(t => t.Params.TryGetValue(name, out var v) ? (Has: true, V: v) : (Has: false, V: (object?)null)).ToArray();
            var numeric = values.All(p => !p.Has || p.V is int or long or double or float);
            cols.Add(numeric
                ? new Float64Column("param_" + name, values.Select(p => p.Has ? Convert.ToDouble(p.V, System.Globalization.CultureInfo.InvariantCulture) : double.NaN).ToArray())
                : new StringColumn("param_" + name, values.Select(p => p.Has ? EstimatorParameters.FormatValue(p.V) : (string?)null).ToArray()));
        }
        var suffixes = metrics.Count == 1 ? ["score"] : metrics.ToArray();
        var folds = trials.Select(t => t.TestScores.Count == 0 ? 0 : t.TestScores.First().Value.Length).DefaultIfEmpty(0).Max();
        for (var m = 0; m < metrics.Count; m++)
        {
            var stats = trials.Select(t => t.State == TrialState.Complete ? CvEngine.MeanStd(t.TestScores[metrics[m]]) : (double.NaN, double.NaN)).ToArray();
            var means = stats.Select(s => s.Item1).ToArray();
            cols.Add(new Float64Column("mean_test_" + suffixes[m], means));
            cols.Add(new Float64Column("std_test_" + suffixes[m], stats.Select(s => s.Item2).ToArray()));
            cols.Add(new Int64Column("rank_test_" + suffixes[m], Rank(means)));
            for (var k = 0; k < folds; k++)
            {
                var kk = k;
                cols.Add(new Float64Column($"split{k}_test_{suffixes[m]}", trials.Select(t =>
                    t.State == TrialState.Complete && t.TestScores[metrics[m]].Length > kk ? t.TestScores[metrics[m]][kk] : double.NaN).ToArray()));
            }
            if (trainScores)
            {
                var tr = trials.Select(t => t.State == TrialState.Complete && t.TrainScores is { } ts ? CvEngine.MeanStd(ts[metrics[m]]) : (double.NaN, double.NaN)).ToArray();
                cols.Add(new Float64Column("mean_train_" + suffixes[m], tr.Select(s => s.Item1).ToArray()));
                cols.Add(new Float64Column("std_train_" + suffixes[m], tr.Select(s => s.Item2).ToArray()));
            }
        }
        var fit = trials.Select(t => CvEngine.MeanStd(t.FitTimes)).ToArray();
        var score = trials.Select(t => CvEngine.MeanStd(t.ScoreTimes)).ToArray();
        cols.Add(new Float64Column("mean_fit_time", fit.Select(s => s.Mean).ToArray()));
        cols.Add(new Float64Column("std_fit_time", fit.Select(s => s.Std).ToArray()));
        cols.Add(new Float64Column("mean_score_time", score.Select(s => s.Mean).ToArray()));
        cols.Add(new Float64Column("std_score_time", score.Select(s => s.Std).ToArray()));
        cols.Add(new StringColumn("state", trials.Select(t => t.State.ToString().ToLowerInvariant()).ToArray()));
        cols.Add(new StringColumn("error", trials.Select(t => t.Error).ToArray()));
        cols.Add(new Float64Column("seconds", trials.Select(t => t.Seconds).ToArray()));
        cols.Add(new Int64Column("pruned_at", trials.Select(t => t.PrunedAt).ToArray()));
        cols.Add(new Int64Column("iterations_run", trials.Select(t => t.IterationsRun).ToArray()));
        _ = n;
        return new Frame(cols);
    }

    /// <summary>scikit-learn's ranking: 1 for the highest mean, equal means share the lowest rank, NaN ranks last.</summary>
    internal static long[] Rank(double[] means)
    {
        var ranks = new long[means.Length];
        if (means.All(double.IsNaN)) { Array.Fill(ranks, 1); return ranks; }
        var min = means.Where(v => !double.IsNaN(v)).Min() - 1;
        var filled = means.Select(v => double.IsNaN(v) ? min : v).ToArray();
        for (var i = 0; i < filled.Length; i++)
        {
            long better = 0;
            foreach (var v in filled) if (v > filled[i]) better++;
            ranks[i] = better + 1;
        }
        return ranks;
    }
}
