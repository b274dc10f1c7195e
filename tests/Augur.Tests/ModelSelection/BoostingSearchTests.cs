using Augur.Boosting;
using Augur.Data;
using Augur.Metrics;
using Augur.ModelSelection;
using Augur.Pipelines;
using Augur.Preprocessing;

namespace Augur.Tests.ModelSelection;

/// <summary>Searches over gradient boosting: per-iteration pruning, shared binned datasets and cached preprocessing.</summary>
public sealed class BoostingSearchTests
{
    private static readonly (Frame X, Column Y) Cancer = TestData.LoadXy("breast_cancer.csv", "diagnosis");

    private static GradientBoostingClassifier Gbdt => new() { NEstimators = 60, NThreads = 1 };

    /// <summary>Learning rates from hopeless to good: pruning has something to cut.</summary>
    private static SearchSpace Space => SearchSpace.For<GradientBoostingClassifier>()
        .Float(e => e.LearningRate, 1e-3, 0.5, log: true)
        .Int(e => e.NumLeaves, 2, 32, log: true)
        .Int(e => e.MinChildSamples, 5, 80, log: true);

    private static TpeSearch Tpe(IPruner? pruner, int dop = 2) => new(Gbdt, Space)
    {
        NTrials = 24, NStartupTrials = 6, RandomState = 5, Cv = new StratifiedKFold { NSplits = 3 }, Scoring = ["roc_auc"],
        Pruner = pruner, MaxDegreeOfParallelism = dop, Refit = false,
    };

    [Fact]
    public void Median_pruning_cuts_boosting_iterations_and_keeps_the_best_trial()
    {
        var (x, y) = Cancer;
        var candidates = new RandomSearch(Gbdt, Space) { NIter = 16, RandomState = 3 }.Candidates();
        GridSearch Make(IPruner? p) => new(Gbdt, candidates) { Cv = new StratifiedKFold { NSplits = 3 }, Scoring = ["roc_auc"], Pruner = p, Refit = false, MaxDegreeOfParallelism = 2 };
        var full = Make(null).Run(x, y);
        var pruned = Make(new MedianPruner { NStartupTrials = 4, NWarmupSteps = 5 }).Run(x, y);

        Assert.All(full.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(full.Trials, t => Assert.Equal(3 * 60, t.IterationsRun));
        var fullIterations = full.Trials.Sum(t => t.IterationsRun);
        var prunedIterations = pruned.Trials.Sum(t => t.IterationsRun);
        Assert.True(prunedIterations < 0.8 * fullIterations, $"pruning ran {prunedIterations} of {fullIterations} iterations");
        Assert.Contains(pruned.Trials, t => t.State == TrialState.Pruned);
        // The best trial is never pruned, and its models are the same with or without the validation watch.
        Assert.Equal(full.BestIndex, pruned.BestIndex);
        Assert.Equal(full.BestScore, pruned.BestScore);
        for (var i = 0; i < full.Trials.Count; i++)
            if (pruned.Trials[i].State == TrialState.Complete) Assert.Equal(full.Trials[i].Score, pruned.Trials[i].Score);
        foreach (var t in pruned.Trials.Where(t => t.State == TrialState.Pruned))
        {
            Assert.InRange(t.PrunedAt, 5, 59);
            Assert.True(t.IterationsRun < 3 * 60);
            Assert.False(double.IsNaN(t.LastIntermediate));
            Assert.Empty(t.TestScores);
        }
        var frame = pruned.CvResults;
        var state = frame["state"];
        var at = (Int64Column)frame["pruned_at"];
        for (var i = 0; i < frame.RowCount; i++) Assert.Equal(state.Format(i) == "pruned", at.Values[i] > 0);
    }

    [Fact]
    public void Tpe_with_pruning_is_reproducible_cuts_iterations_and_finds_as_good_a_setting()
    {
        var (x, y) = Cancer;
        var full = Tpe(null).Run(x, y);
        var a = Tpe(new MedianPruner { NStartupTrials = 5, NWarmupSteps = 5 }).Run(x, y);
        var b = Tpe(new MedianPruner { NStartupTrials = 5, NWarmupSteps = 5 }, dop: 1).Run(x, y);
        // Reproducible from the seed, whatever the cores (folds run side by side but are pruned on their own values).
        Assert.Equal(a.Trials.Select(t => t.State), b.Trials.Select(t => t.State));
        Assert.Equal(a.Trials.Select(t => t.Score), b.Trials.Select(t => t.Score));
        Assert.Equal(a.Trials.Select(t => t.PrunedAt), b.Trials.Select(t => t.PrunedAt));
        Assert.Equal(a.Trials.Select(t => t.Params["learning_rate"]), b.Trials.Select(t => t.Params["learning_rate"]));

        Assert.Contains(a.Trials, t => t.State == TrialState.Pruned);
        var ratio = (double)a.Trials.Sum(t => t.IterationsRun) / full.Trials.Sum(t => t.IterationsRun);
        Assert.True(ratio < 0.85, $"pruning kept {ratio:P0} of the boosting iterations");
        Assert.True(a.BestScore >= full.BestScore - 0.003, $"best AUC {a.BestScore} with pruning, {full.BestScore} without");
    }

    [Fact]
    public void Successive_halving_pruner_stops_trials_at_rungs()
    {
        var (x, y) = Cancer;
        var r = new RandomSearch(Gbdt, Space)
        {
            NIter = 10, RandomState = 2, Cv = new StratifiedKFold { NSplits = 3 }, Scoring = ["neg_log_loss"], Refit = false,
            Pruner = new SuccessiveHalvingPruner { MinResource = 4, ReductionFactor = 3 },
        }.Run(x, y);
        var pruned = r.Trials.Where(t => t.State == TrialState.Pruned).ToArray();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.Contains(t.PrunedAt, new long[] { 4, 12, 36 }));
        Assert.Contains(r.Trials, t => t.State == TrialState.Complete);
        Assert.True(r.Trials.Sum(t => t.IterationsRun) < 10 * 3 * 60);
    }

    [Fact]
    public void Regression_searches_prune_on_the_regression_score()
    {
        var (x, y) = TestData.LoadXy("diabetes.csv", "target");
        var space = SearchSpace.For<GradientBoostingRegressor>().Float(e => e.LearningRate, 1e-3, 0.3, log: true);
        var grid = new GridSearch(new GradientBoostingRegressor { NEstimators = 40, NThreads = 1 }, space.Grid(6).Reverse().ToArray())
        {
            Cv = new KFold { NSplits = 3 }, Scoring = ["neg_mean_squared_error", "r2"], Refit = false, MaxDegreeOfParallelism = 1,
            Pruner = new MedianPruner { NStartupTrials = 2 },
        }.Run(x, y);
        // The grid runs from the largest learning rate down: the later, slower learners fall below the median and are stopped.
        Assert.Equal(TrialState.Pruned, grid.Trials[^1].State);
        Assert.Contains(grid.Trials, t => t.State == TrialState.Pruned);
        Assert.Equal(grid.Trials.Where(t => t.State == TrialState.Complete).Max(t => t.Score), grid.BestScore);
    }

    [Fact]
    public void Shared_binned_datasets_give_the_same_models_as_fresh_ones()
    {
        var (x, y) = Cancer;
        var data = CvData.Create("test", x, y, null, null, new StratifiedKFold { NSplits = 3 });
        var fold = data[0];
        Assert.True(fold.Reusable);
        using var fitter = (BoostingSearchFitter)IterativeFitter.For(Gbdt, Scorers.Get("roc_auc"))!;
        foreach (var e in new[] { Gbdt, Gbdt with { MinChildSamples = 150, NumLeaves = 7 }, Gbdt with { LearningRate = 0.3, ColsampleBytree = 0.5, SubsampleFreq = 1, Subsample = 0.7 } })
        {
            using var shared = (LiveBoostingClassifier)fitter.Fit(e, fold, new FitProgress());
            var fresh = e.Fit(fold.TrainX, fold.TrainY, fold.TrainWeight);
            Assert.Equal(fresh.PredictProba(fold.TestX).ToArray(), shared.PredictProba(fold.TestX).ToArray());
            Assert.True(fresh.Predict(fold.TestX).ContentEquals(shared.Predict(fold.TestX)));
            Assert.Equal(fresh.Iterations, shared.History.IterationsRun);
        }
        Assert.Equal(1, fitter.Cache.Built);
        // The seed may shape binning (LightGBM samples rows for bin bounds on large data), so another seed bins again.
        ((IDisposable)fitter.Fit(Gbdt with { RandomState = 4 }, fold, new FitProgress())).Dispose();
        Assert.Equal(2, fitter.Cache.Built);
        // A fold that is not shared across trials is binned afresh, outside the cache.
        var once = new FoldData(fold.Fold, fold.TrainX, fold.TrainY, null, fold.TestX, fold.TestY);
        ((IDisposable)fitter.Fit(Gbdt, once, new FitProgress())).Dispose();
        Assert.Equal(2, fitter.Cache.Built);
        // Watching the test rows (for pruning) bins them once more with the training rows as reference.
        var progress = new FitProgress { Report = (_, _) => false };
        using var watched = (LiveBoostingClassifier)fitter.Fit(Gbdt, fold, progress);
        ((IDisposable)fitter.Fit(Gbdt with { LearningRate = 0.05 }, fold, new FitProgress { Report = (_, _) => false })).Dispose();
        Assert.Equal(3, fitter.Cache.Built);
        Assert.Equal(60, progress.Iterations);
        Assert.Equal(Gbdt.Fit(fold.TrainX, fold.TrainY).PredictProba(fold.TestX).ToArray(), watched.PredictProba(fold.TestX).ToArray());
        Assert.Equal(60, watched.History.Validation["search_score"].Length);
    }

    [Fact]
    public void Live_fold_models_save_as_the_model_a_normal_fit_makes()
    {
        var (x, y) = Cancer;
        var data = CvData.Create("test", x, y, null, null, new StratifiedKFold { NSplits = 3 });
        var fold = data[2];
        using var fitter = IterativeFitter.For(Gbdt, Scorers.Get("roc_auc"))!;
        var fresh = Gbdt.Fit(fold.TrainX, fold.TrainY);
        using var live = (LiveBoostingClassifier)fitter.Fit(Gbdt, fold, new FitProgress());
        Assert.Equal(GradientBoostingClassifierModel.KindName, live.Kind);
        Assert.Equal(fresh.Signature.InputNames, live.Signature.InputNames);
        var path = Path.Combine(Path.GetTempPath(), $"augur-live-{Guid.NewGuid():N}.augur");
        try
        {
            Augur.Serialization.ModelFile.Save(live, path);
            var loaded = Assert.IsType<GradientBoostingClassifierModel>(Augur.Serialization.ModelFile.Load(path).Model);
            // The same trees; the parameter list at the end differs only in LightGBM's feature pre-filter, off for shared datasets.
            static string Trees(string text) => text[..text.IndexOf("end of trees", StringComparison.Ordinal)];
            Assert.Equal(Trees(fresh.LightGbmModelText), Trees(loaded.LightGbmModelText));
            Assert.Equal(fresh.PredictProba(x).ToArray(), loaded.PredictProba(x).ToArray());
        }
        finally
        {
            File.Delete(path);
        }
        // A regression fold model predicts as the normal model too.
        var (dx, dy) = TestData.LoadXy("diabetes.csv", "target");
        var rdata = CvData.Create("test", dx, dy, null, null, new KFold { NSplits = 3 });
        var reg = new GradientBoostingRegressor { NEstimators = 30, NThreads = 1 };
        using var rfitter = IterativeFitter.For(reg, Scorers.Get("r2"))!;
        using var liveReg = (LiveBoostingRegressor)rfitter.Fit(reg, rdata[0], new FitProgress());
        Assert.Equal(reg.Fit(rdata[0].TrainX, rdata[0].TrainY).PredictValues(rdata[0].TestX), liveReg.PredictValues(rdata[0].TestX));
    }

    [Fact]
    public void Per_iteration_values_are_the_scorer_on_the_running_predictions()
    {
        var (x, y) = Cancer;
        var data = CvData.Create("test", x, y, null, null, new StratifiedKFold { NSplits = 3 });
        var fold = data[1];
        using var fitter = IterativeFitter.For(Gbdt, Scorers.Get("accuracy"))!;
        var values = new List<double>();
        var progress = new FitProgress { Report = (it, v) => { values.Add(v); return it == 20; } };
        Assert.Throws<TrialPrunedException>(() => fitter.Fit(Gbdt, fold, progress));
        Assert.True(progress.Pruned);
        Assert.Equal(20, progress.PrunedAt);
        Assert.Equal(20, progress.Iterations);
        Assert.Equal(20, values.Count);
        var twenty = (Gbdt with { NEstimators = 20 }).Fit(fold.TrainX, fold.TrainY);
        Assert.Equal(Scorers.Get("accuracy").Score(twenty, fold.TestX, fold.TestY!), values[^1], 12);
    }

    [Fact]
    public void Pipeline_preprocessing_is_fitted_once_per_fold()
    {
        var (x, y) = Cancer;
        CountingScaler.Fits = 0;
        var pipe = new Pipeline(new CountingScaler(), Gbdt with { NEstimators = 20 });
        var r = new RandomSearch(pipe, Space) { NIter = 6, RandomState = 1, Cv = new StratifiedKFold { NSplits = 3 }, Refit = false }.Run(x, y);
        Assert.All(r.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(3, CountingScaler.Fits);
        // Cross-validating the whole pipeline (preprocessing refitted with every fit) gives the same scores.
        foreach (var t in r.Trials.Take(2))
        {
            var cv = CrossValidation.CrossValidate(ParameterSetter.With(pipe, t.Params), x, y, new StratifiedKFold { NSplits = 3 });
            Assert.Equal(cv.TestScores["accuracy"], t.TestScores["accuracy"]);
        }
        Assert.Equal(3 + 2 * 3, CountingScaler.Fits);
    }

    /// <summary>A standard scaler that counts its fits.</summary>
    public sealed record CountingScaler : IEstimator<StandardScalerModel>
    {
        public static int Fits;

        public bool WithMean { get; init; } = true;

        public StandardScalerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
        {
            Interlocked.Increment(ref Fits);
            return new StandardScaler { WithMean = WithMean }.Fit(x, y, sampleWeight);
        }
    }
}
