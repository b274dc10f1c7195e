using Augur.Boosting;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Tests.Boosting;

/// <summary>Validation sets, evaluation history, early stopping, custom metrics and iteration callbacks.</summary>
public class BoostingTrainingTests
{
    private static (Frame TrainX, Column TrainY, Frame TestX, Column TestY) Cancer() =>
        BoostingTestData.Split("breast_cancer.csv", "diagnosis", "breast_cancer");

    [Fact]
    public void EarlyStopping_KeepsBestIteration_OfWatchedLoss()
    {
        var (trainX, trainY, testX, testY) = Cancer();
        var model = new GradientBoostingClassifier { NEstimators = 500, LearningRate = 0.3, EarlyStoppingRounds = 10 }
            .Fit(trainX, trainY, testX, testY);
        var history = model.History;
        Assert.True(history.StoppedEarly);
        Assert.Equal("binary_logloss", history.WatchedMetric);
        var losses = history.Validation["binary_logloss"];
        Assert.Equal(history.IterationsRun, losses.Length);
        var best = Array.IndexOf(losses, losses.Min()) + 1;
        Assert.Equal(best, history.BestIteration);
        Assert.Equal(history.IterationsRun - 10, history.BestIteration);
        Assert.Equal(best, model.Iterations);
        Assert.Empty(history.Training);
    }

    [Fact]
    public void EarlyStopping_OnHigherIsBetterMetric_AndTrainingCurve()
    {
        var (trainX, trainY, testX, testY) = Cancer();
        var options = new GradientBoostingClassifier { NEstimators = 200, LearningRate = 0.3, EarlyStoppingRounds = 15, EvalMetric = "auc,binary_logloss" };
        var model = options.Fit(trainX, trainY, new EvalSet(testX, testY), monitor: new BoostingMonitor { EvaluateTraining = true });
        var auc = model.History.Validation["auc"];
        Assert.Equal("auc", model.History.WatchedMetric);
        Assert.Equal(Array.IndexOf(auc, auc.Max()) + 1, model.History.BestIteration);
        Assert.Equal(auc.Length, model.History.Training["binary_logloss"].Length);
        // The training loss falls steadily.
        var train = model.History.Training["binary_logloss"];
        Assert.True(train[^1] < train[0] / 5);
        // The kept model's AUC on the validation set is the best one recorded.
        var proba = model.PredictProba(testX).Column(1);
        Close.Equal(auc.Max(), BoostingTestData.Auc(model.Classes.Encode(testY), proba), 1e-12, 1e-12, "auc");
    }

    [Fact]
    public void CustomMetric_SeesTheSamePredictionsAsLightGbm()
    {
        var (trainX, trainY, testX, testY) = Cancer();
        static double LogLoss(double[] y, Matrix p, double[]? w)
        {
            var sum = 0.0;
            for (var i = 0; i < y.Length; i++)
            {
                var q = Math.Clamp(p[i, (int)y[i]], 1e-15, 1 - 1e-15);
                sum -= Math.Log(q);
            }
            return sum / y.Length;
        }
        var monitor = new BoostingMonitor { CustomMetric = new CustomMetric("my_logloss", LogLoss) };
        var model = new GradientBoostingClassifier { NEstimators = 25 }.Fit(trainX, trainY, new EvalSet(testX, testY), monitor: monitor);
        Assert.Equal("my_logloss", model.History.WatchedMetric);
        Close.Equal(model.History.Validation["binary_logloss"], model.History.Validation["my_logloss"], 1e-9, 1e-12, "custom vs LightGBM logloss");
    }

    [Fact]
    public void CustomMetric_Regression_DrivesEarlyStopping()
    {
        var (x, y) = BoostingTestData.Regression(800, seed: 3, noise: 1.0);
        var train = Enumerable.Range(0, 600).ToArray();
        var valid = Enumerable.Range(600, 200).ToArray();
        var maxError = new CustomMetric("max_error", (t, p, _) => t.Select((v, i) => Math.Abs(v - p[i, 0])).Max());
        var model = new GradientBoostingRegressor { NEstimators = 300, EarlyStoppingRounds = 20, LearningRate = 0.2 }.Fit(
            x.Take(train), new Float64Column("y", train.Select(i => y[i]).ToArray()),
            new EvalSet(x.Take(valid), new Float64Column("y", valid.Select(i => y[i]).ToArray())),
            monitor: new BoostingMonitor { CustomMetric = maxError });
        var curve = model.History.Validation["max_error"];
        Assert.Equal(Array.IndexOf(curve, curve.Min()) + 1, model.Iterations);
        Assert.Equal(curve.Length, model.History.Validation["l2"].Length);
    }

    [Fact]
    public void Callback_CanStopTraining_AndSeesEveryIteration()
    {
        var (trainX, trainY, testX, testY) = Cancer();
        var seen = new List<BoostingIteration>();
        var reported = 0;
        var monitor = new BoostingMonitor
        {
            OnIteration = it =>
            {
                seen.Add(it);
                return it.Iteration == 7 ? BoostingAction.Stop : BoostingAction.Continue;
            },
            Progress = new SyncProgress<BoostingIteration>(_ => reported++),
        };
        var model = new GradientBoostingClassifier { NEstimators = 100 }.Fit(trainX, trainY, new EvalSet(testX, testY), monitor: monitor);
        Assert.Equal(7, model.Iterations);
        Assert.Equal(7, model.History.IterationsRun);
        Assert.True(model.History.StoppedEarly);
        Assert.Equal(Enumerable.Range(1, 7), seen.Select(s => s.Iteration));
        Assert.Equal(7, reported);
        Assert.Equal(model.History.Validation["binary_logloss"][6], seen[6].Validation["binary_logloss"]);
        Assert.Empty(seen[0].Training);
    }

    [Fact]
    public void Callback_WithoutValidationSet_StillRuns()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        var count = 0;
        var model = new GradientBoostingClassifier { NEstimators = 12 }.Fit(x, y, null, null, new BoostingMonitor { OnIteration = _ => { count++; return BoostingAction.Continue; } });
        Assert.Equal(12, count);
        Assert.Equal(12, model.Iterations);
        Assert.Empty(model.History.Validation);
        Assert.Null(model.History.WatchedMetric);
    }

    [Fact]
    public void EarlyStopping_Errors()
    {
        var (trainX, trainY, testX, testY) = Cancer();
        var noValidation = Assert.Throws<AugurException>(() => new GradientBoostingClassifier { EarlyStoppingRounds = 5 }.Fit(trainX, trainY));
        Assert.Contains("validation", noValidation.Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => new GradientBoostingClassifier { EarlyStoppingRounds = 5, EvalMetric = "none" }.Fit(trainX, trainY, testX, testY));
        var unknown = Assert.Throws<AugurException>(() => new GradientBoostingClassifier { EvalMetric = "accuracy" }.Fit(trainX, trainY, testX, testY));
        Assert.Contains("binary_logloss", unknown.Message, StringComparison.Ordinal);
        var badLabel = Assert.Throws<AugurException>(() => new GradientBoostingClassifier().Fit(trainX, trainY, testX, new StringColumn("diagnosis", Enumerable.Repeat("other", testX.RowCount).ToArray())));
        Assert.Contains("other", badLabel.Message, StringComparison.Ordinal);
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
