using Augur.Data;
using Augur.Numerics;

namespace Augur.Boosting;

/// <summary>How trees are combined (LightGBM's <c>boosting</c> parameter).</summary>
public enum BoostingType
{
    /// <summary>Gradient-boosted decision trees: each tree fits the gradient of the loss (<c>gbdt</c>).</summary>
    Gbdt,
    /// <summary>Dropouts meet multiple additive regression trees (<c>dart</c>); early stopping is not available.</summary>
    Dart,
    /// <summary>Random forest (<c>rf</c>): independent trees on bagged rows (and/or sampled columns), averaged.</summary>
    Rf,
}

/// <summary>Which feature importance to report.</summary>
public enum FeatureImportanceType
{
    /// <summary>How many splits use the feature.</summary>
    Split,
    /// <summary>The total loss reduction of the splits that use the feature.</summary>
    Gain,
}

/// <summary>What a training callback asks for after an iteration.</summary>
public enum BoostingAction
{
    /// <summary>Go on training.</summary>
    Continue,
    /// <summary>Stop now and keep the model as it is (with early stopping: its best iteration so far).</summary>
    Stop,
}

/// <summary>A validation set for early stopping and evaluation history.</summary>
/// <param name="X">Validation features, with the training columns (matched by name).</param>
/// <param name="Y">Validation target, of the same kind as the training target.</param>
public sealed record EvalSet(Frame X, Column Y)
{
    /// <summary>Optional non-negative weight per validation row.</summary>
    public double[]? SampleWeight { get; init; }

    /// <summary>For rankers: the query (group) of each validation row.</summary>
    public Column? Group { get; init; }
}

/// <summary>
/// A metric computed by your code after every iteration on the validation set.
/// <see cref="Evaluate"/> receives the validation target as LightGBM sees it (class index for classifiers, the value for
/// regressors, the relevance for rankers), the current predictions (rows × outputs: class probabilities for classifiers,
/// one column of values or scores otherwise) and the validation weights (null when none were given).
/// </summary>
/// <param name="Name">The metric's name in the evaluation history.</param>
/// <param name="Evaluate">Computes the metric.</param>
/// <param name="HigherIsBetter">True for scores (AUC), false for losses.</param>
public sealed record CustomMetric(string Name, Func<double[], Matrix, double[]?, double> Evaluate, bool HigherIsBetter = false);

/// <summary>What happened in one boosting iteration, as passed to <see cref="BoostingMonitor.OnIteration"/>.</summary>
/// <param name="Iteration">The number of iterations done so far (1 after the first).</param>
/// <param name="Validation">Validation metric values by name (empty without a validation set).</param>
/// <param name="Training">Training metric values by name (empty unless <see cref="BoostingMonitor.EvaluateTraining"/>).</param>
/// <param name="BestIteration">The iteration with the best value of the watched metric so far (0 when nothing is watched).</param>
public sealed record BoostingIteration(
    int Iteration,
    IReadOnlyDictionary<string, double> Validation,
    IReadOnlyDictionary<string, double> Training,
    int BestIteration);

/// <summary>
/// What to watch while training and whom to tell: a custom metric, training-set evaluation and an iteration callback
/// that can stop training (a tuner uses it to prune a trial).
/// </summary>
public sealed class BoostingMonitor
{
    /// <summary>A metric of your own, computed on the validation set after every iteration; when given, early stopping watches it.</summary>
    public CustomMetric? CustomMetric { get; init; }

    /// <summary>Also evaluate the built-in metrics on the training set every iteration (for learning curves; costs time on large data).</summary>
    public bool EvaluateTraining { get; init; }

    /// <summary>Called after every iteration; return <see cref="BoostingAction.Stop"/> to stop training.</summary>
    public Func<BoostingIteration, BoostingAction>? OnIteration { get; init; }

    /// <summary>Receives every iteration's record (for progress bars); cannot stop training.</summary>
    public IProgress<BoostingIteration>? Progress { get; init; }
}

/// <summary>The per-iteration evaluation record of a boosting model (learning curves, trial pruning).</summary>
public sealed class BoostingHistory
{
    /// <summary>Creates a history.</summary>
    public BoostingHistory(
        IReadOnlyDictionary<string, double[]> validation,
        IReadOnlyDictionary<string, double[]> training,
        string? watchedMetric,
        int bestIteration,
        int iterationsRun,
        bool stoppedEarly)
    {
        Validation = validation;
        Training = training;
        WatchedMetric = watchedMetric;
        BestIteration = bestIteration;
        IterationsRun = iterationsRun;
        StoppedEarly = stoppedEarly;
    }

    /// <summary>An empty history (no validation set, nothing recorded).</summary>
    public static BoostingHistory Empty(int iterations) =>
        new(new Dictionary<string, double[]>(), new Dictionary<string, double[]>(), null, 0, iterations, false);

    /// <summary>Validation metric name → its value after each iteration (index 0 = after the first iteration).</summary>
    public IReadOnlyDictionary<string, double[]> Validation { get; }

    /// <summary>Training metric name → its value after each iteration (empty unless training evaluation was asked for).</summary>
    public IReadOnlyDictionary<string, double[]> Training { get; }

    /// <summary>The metric early stopping watched (or that decides <see cref="BestIteration"/>), if any.</summary>
    public string? WatchedMetric { get; }

    /// <summary>The 1-based iteration with the best watched metric (0 when nothing was watched).</summary>
    public int BestIteration { get; }

    /// <summary>How many iterations ran before training ended.</summary>
    public int IterationsRun { get; }

    /// <summary>True when early stopping (or the callback) ended training before <c>n_estimators</c>.</summary>
    public bool StoppedEarly { get; }
}
