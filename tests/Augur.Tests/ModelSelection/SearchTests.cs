using Augur.Data;
using Augur.ModelSelection;
using Augur.Numerics;

namespace Augur.Tests.ModelSelection;

public sealed class SearchTests
{
    private static (Frame X, Column Y) Diabetes => CrossValidationTests.Diabetes;
    private static (Frame X, Column Y) Wine => CrossValidationTests.Wine;

    private static SearchSpace RidgeSpace => SearchSpace.For<TestRidge>()
        .Float(e => e.Alpha, 1e-3, 100, log: true)
        .Categorical(e => e.FitIntercept, true, false);

    [Fact]
    public void Grid_search_matches_scikit_learn()
    {
        var (x, y) = Diabetes;
        var e = CrossValidationTests.Ref.GetProperty("grid_search");
        var grid = new ParameterGrid(new Dictionary<string, IReadOnlyList<object?>>
        {
            ["alpha"] = [0.01, 0.1, 1.0, 10.0, 100.0],
            ["fit_intercept"] = [true, false],
        });
        var r = new GridSearch(new TestRidge(), grid) { Cv = new KFold(), Scoring = ["r2"] }.Run(x, y);
        var expectedParams = e.GetProperty("params").EnumerateArray().ToArray();
        Assert.Equal(expectedParams.Length, r.Trials.Count);
        for (var i = 0; i < expectedParams.Length; i++)
        {
            Assert.Equal(expectedParams[i].GetProperty("alpha").GetDouble(), (double)r.Trials[i].Params["alpha"]!);
            Assert.Equal(expectedParams[i].GetProperty("fit_intercept").GetBoolean(), (bool)r.Trials[i].Params["fit_intercept"]!);
        }
        Close.Equal(e.GetProperty("mean").Doubles(), ((Float64Column)r.CvResults["mean_test_score"]).Values.ToArray(), 1e-9, 1e-9, "mean");
        Close.Equal(e.GetProperty("std").Doubles(), ((Float64Column)r.CvResults["std_test_score"]).Values.ToArray(), 1e-7, 1e-9, "std");
        Assert.Equal(e.GetProperty("rank").Ints().Select(v => (long)v), ((Int64Column)r.CvResults["rank_test_score"]).Values.ToArray());
        Close.Equal(e.GetProperty("best_score").GetDouble(), r.BestScore, 1e-9);
        Assert.Equal(0.01, r.BestParams["alpha"]);
        Assert.IsType<TestRidgeModel>(r.BestModel);
        Assert.Equal(0.01, ((TestRidge)r.BestEstimator!).Alpha);
        Assert.All(r.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Contains("split4_test_score", r.CvResults.ColumnNames);
        Assert.Contains("param_fit_intercept", r.CvResults.ColumnNames);
    }

    [Fact]
    public void Random_and_grid_results_do_not_depend_on_parallelism()
    {
        var (x, y) = Diabetes;
        var a = new RandomSearch(new TestRidge(), RidgeSpace) { NIter = 12, RandomState = 3, Cv = new KFold(), MaxDegreeOfParallelism = 1 }.Run(x, y);
        var b = new RandomSearch(new TestRidge(), RidgeSpace) { NIter = 12, RandomState = 3, Cv = new KFold(), MaxDegreeOfParallelism = 4 }.Run(x, y);
        Assert.Equal(a.Trials.Select(t => t.Score), b.Trials.Select(t => t.Score));
        Assert.Equal(a.Trials.Select(t => t.Params["alpha"]), b.Trials.Select(t => t.Params["alpha"]));
        var c = new RandomSearch(new TestRidge(), RidgeSpace) { NIter = 12, RandomState = 4, Cv = new KFold() }.Run(x, y);
        Assert.NotEqual(a.Trials.Select(t => t.Params["alpha"]), c.Trials.Select(t => t.Params["alpha"]));
        Assert.All(a.Trials, t => Assert.InRange((double)t.Params["alpha"]!, 1e-3, 100));
        Assert.Equal(a.Trials.Max(t => t.Score), a.BestScore);
    }

    [Fact]
    public void Tpe_is_reproducible_and_beats_its_random_start_up()
    {
        var (x, y) = Diabetes;
        var space = SearchSpace.For<TestRidge>().Float(e => e.Alpha, 1e-4, 1e3, log: true);
        TpeSearch Make(int dop) => new(new TestRidge(), space) { NTrials = 30, NStartupTrials = 8, RandomState = 1, Cv = new KFold(), MaxDegreeOfParallelism = dop, Refit = false };
        var a = Make(1).Run(x, y);
        var b = Make(1).Run(x, y);
        Assert.Equal(a.Trials.Select(t => t.Params["alpha"]), b.Trials.Select(t => t.Params["alpha"]));
        Assert.Equal(30, a.Trials.Count);
        Assert.Null(a.BestModel);
        // After start-up, TPE concentrates on the good (small-alpha) region.
        var late = a.Trials.Skip(15).Count(t => (double)t.Params["alpha"]! < 1);
        Assert.True(late >= 10, $"only {late} of the last 15 trials are in the good region");
        Assert.True(a.BestScore >= a.Trials.Take(8).Max(t => t.Score));
        var p = Make(3).Run(x, y);
        Assert.Equal(30, p.Trials.Count);
        Assert.Equal(p.Trials.Select(t => t.Params["alpha"]), Make(3).Run(x, y).Trials.Select(t => t.Params["alpha"]));
    }

    [Fact]
    public void Tpe_handles_categorical_and_conditional_parameters()
    {
        var (x, y) = Wine;
        var space = SearchSpace.For<TestCentroid>().Categorical(e => e.Shrink, 0.0, 1.0, 5.0);
        var r = new TpeSearch(new TestCentroid(), space) { NTrials = 20, NStartupTrials = 5, Scoring = ["neg_log_loss", "accuracy"], Refit = false }.Run(x, y);
        Assert.Equal(20, r.Trials.Count);
        Assert.All(r.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Contains("mean_test_neg_log_loss", r.CvResults.ColumnNames);
        Assert.Contains("rank_test_accuracy", r.CvResults.ColumnNames);
        Assert.Equal("neg_log_loss", r.RankMetric);
        // Larger shrink gives flatter probabilities and a better log loss here; TPE should favour it after start-up.
        var best = (double)r.BestParams["shrink"]!;
        Assert.True(r.Trials.Skip(10).Count(t => (double)t.Params["shrink"]! == best) >= 5);

        var (dx, dy) = Diabetes;
        var conditional = SearchSpace.For<TestRidge>()
            .Categorical(e => e.FitIntercept, true, false)
            .When(e => e.FitIntercept, false, s => s.Categorical(e => e.FailWhen, "always"))
            .Float(e => e.Alpha, 0.01, 10, log: true);
        var c = new TpeSearch(new TestRidge(), conditional) { NTrials = 16, NStartupTrials = 4, Cv = new KFold(), Refit = false }.Run(dx, dy);
        foreach (var t in c.Trials)
        {
            var intercept = (bool)t.Params["fit_intercept"]!;
            Assert.Equal(!intercept, t.Params.ContainsKey("fail_when"));
            if (intercept) Assert.Equal(TrialState.Complete, t.State);
            else { Assert.Equal(TrialState.Failed, t.State); Assert.Contains("asked to fail", t.Error); }
        }
        Assert.True(c.Trials.Skip(4).Count(t => (bool)t.Params["fit_intercept"]!) >= 8, "TPE should avoid the failing branch");
        Assert.Contains(c.CvResults["param_fail_when"].MissingCount, new[] { c.Trials.Count(t => (bool)t.Params["fit_intercept"]!) });
    }

    [Fact]
    public void Failed_trials_are_recorded_not_raised()
    {
        var (x, y) = Diabetes;
        var grid = new ParameterGrid(new Dictionary<string, IReadOnlyList<object?>> { ["fail_when"] = [null, "always"], ["alpha"] = [1.0] });
        var r = new GridSearch(new TestRidge(), grid) { Cv = new KFold() }.Run(x, y);
        Assert.Equal(TrialState.Complete, r.Trials[0].State);
        Assert.Equal(TrialState.Failed, r.Trials[1].State);
        Assert.Contains("asked to fail", r.Trials[1].Error);
        Assert.Equal("failed", r.CvResults["state"].Format(1));
        Assert.Equal(2, ((Int64Column)r.CvResults["rank_test_score"]).Values[1]);
        Assert.Equal(0, r.BestIndex);
    }

    [Fact]
    public void Timeout_stops_starting_trials()
    {
        var (x, y) = Diabetes;
        var r = new RandomSearch(new TestRidge(), RidgeSpace) { NIter = 50, Timeout = TimeSpan.Zero, Cv = new KFold(), MaxDegreeOfParallelism = 1 }.Run(x, y);
        Assert.True(r.TimedOut);
        Assert.Empty(r.Trials);
        Assert.Null(r.BestModel);
        Assert.True(double.IsNaN(r.BestScore));
    }

    [Fact]
    public void Halving_follows_scikit_learn_schedule()
    {
        var (x, y) = Diabetes;
        var candidates = new[] { 1e-3, 1e-2, 0.1, 1, 10, 100, 1000, 1e4, 1e5 }
            .Select(a => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["alpha"] = a }).ToArray();
        var r = new HalvingSearch(new TestRidge(), candidates) { Cv = new KFold(), Factor = 3, RandomState = 2 }.Run(x, y);
        // 9 candidates, factor 3: rounds of 9, 3, 1 candidates; "exhaust" starts at 442 / 9 = 49 rows.
        Assert.Equal([9, 3, 1], r.Trials.GroupBy(t => t.Iteration).Select(g => g.Count()));
        Assert.Equal([49L, 147L, 441L], r.Trials.GroupBy(t => t.Iteration).Select(g => g.First().Resources));
        Assert.Equal(2, r.BestTrial!.Iteration);
        Assert.Contains("n_resources", r.CvResults.ColumnNames);
        Assert.True((double)r.BestParams["alpha"]! <= 1);
        var again = new HalvingSearch(new TestRidge(), candidates) { Cv = new KFold(), Factor = 3, RandomState = 2, MaxDegreeOfParallelism = 1 }.Run(x, y);
        Assert.Equal(r.Trials.Select(t => t.Score), again.Trials.Select(t => t.Score));

        var random = new HalvingSearch(new TestRidge(), RidgeSpace) { Cv = new KFold(), Factor = 2, RandomState = 1 }.Run(x, y);
        // "smallest" = 2 · 5 folds = 10 rows, so 442 / 10 = 44 candidates first.
        Assert.Equal(44, random.Trials.Count(t => t.Iteration == 0));
        Assert.Equal(10L, random.Trials[0].Resources);
    }

    [Fact]
    public void Median_pruner_stops_poor_trials_per_fold()
    {
        var (x, y) = Diabetes;
        var grid = new ParameterGrid(new Dictionary<string, IReadOnlyList<object?>> { ["alpha"] = [0.01, 0.02, 0.03, 1e5, 2e5, 3e5] });
        var r = new GridSearch(new TestRidge(), grid) { Cv = new KFold(), Pruner = new MedianPruner { NStartupTrials = 3 }, MaxDegreeOfParallelism = 1 }.Run(x, y);
        Assert.All(r.Trials.Take(3), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(r.Trials.Skip(3), t => Assert.Equal(TrialState.Pruned, t.State));
        Assert.All(r.Trials.Skip(3), t => Assert.Single(t.FitTimes));
        Assert.Equal("pruned", r.CvResults["state"].Format(4));
    }

    [Fact]
    public void Successive_halving_pruner_keeps_the_top_fraction_at_each_rung()
    {
        var values = new IntermediateValues();
        var pruner = new SuccessiveHalvingPruner { MinResource = 1, ReductionFactor = 2 };
        long Step(int it) => IntermediateValues.Step(0, it);
        values.Report(0, Step(1), 0.9);
        Assert.False(pruner.ShouldPrune(0, Step(1), values));
        values.Report(1, Step(1), 0.5);
        Assert.True(pruner.ShouldPrune(1, Step(1), values));
        values.Report(2, Step(1), 0.95);
        Assert.False(pruner.ShouldPrune(2, Step(1), values));
        values.Report(2, Step(3), 0.1);
        Assert.False(pruner.ShouldPrune(2, Step(3), values)); // 3 is not a rung
        var median = new MedianPruner { NStartupTrials = 1 };
        values.MarkComplete(0);
        values.Report(3, Step(1), 0.8);
        Assert.True(median.ShouldPrune(3, Step(1), values));
        values.Report(4, Step(1), 0.99);
        Assert.False(median.ShouldPrune(4, Step(1), values));
    }

    [Fact]
    public void Searches_are_estimators()
    {
        var (x, y) = Diabetes;
        var model = new RandomSearch(new TestRidge(), RidgeSpace) { NIter = 4, Cv = new KFold() }.Fit(x, y);
        Assert.IsType<TestRidgeModel>(model);
        var cv = CrossValidation.CrossValidate(new GridSearch(new TestRidge(), SearchSpace.Empty.Float("alpha", 0.1, 10, log: true).Grid(3)) { Cv = new KFold { NSplits = 3 } },
            x, y, new KFold { NSplits = 3 }, maxDegreeOfParallelism: 1);
        Assert.Equal(3, cv.TestScores["r2"].Length);
    }

    [Fact]
    public void Pipelines_take_final_step_and_prefixed_options()
    {
        var (x, y) = Diabetes;
        var pipe = new Augur.Pipelines.Pipeline(new TestRidge());
        var set = (Augur.Pipelines.Pipeline)ParameterSetter.With(pipe, new Dictionary<string, object?> { ["alpha"] = 3.0 });
        Assert.Equal(3.0, ((TestRidge)set.FinalStep).Alpha);
        var prefixed = (Augur.Pipelines.Pipeline)ParameterSetter.With(pipe, new Dictionary<string, object?> { ["testridge__fit_intercept"] = false });
        Assert.False(((TestRidge)prefixed.FinalStep).FitIntercept);
        Assert.Equal(1.0, ((TestRidge)pipe.FinalStep).Alpha);
        Assert.Contains("no step", Assert.Throws<AugurException>(() => ParameterSetter.With(pipe, new Dictionary<string, object?> { ["nope__alpha"] = 1.0 })).Message);
        var r = new GridSearch(pipe, SearchSpace.Empty.Float("alpha", 0.01, 1, log: true).Grid(3)) { Cv = new KFold() }.Run(x, y);
        Assert.All(r.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Contains(ParameterSetter.Describe(pipe), p => p.Name == "testridge__alpha");
    }
}
