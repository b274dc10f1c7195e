using Augur.Data;
using Augur.Serialization;
using Augur.Trees;

namespace Augur.Ensemble;

/// <summary>
/// A random forest regressor (scikit-learn's <c>RandomForestRegressor</c>, same options and defaults): best-split CART trees grown on bootstrap samples, considering every feature at each split by default; predictions are the mean of the trees'.
/// </summary>
/// <remarks>
/// Trees grow in parallel; tree <c>t</c> takes its randomness from <c>Rng.Derive(RandomState, …)</c>, so results are identical for
/// any thread count. The random streams differ from scikit-learn's, so forests agree with scikit-learn statistically
/// (held-out R² within about 0.02), not tree by tree. Splits are exact (every distinct value is a candidate), as in
/// scikit-learn. Features are rounded to single precision; missing values are not accepted.
/// </remarks>
public sealed record RandomForestRegressor : IEstimator<RandomForestRegressorModel>, IForestRegressorOptions
{
    /// <summary>Number of trees.</summary>
    public int NEstimators { get; init; } = 100;

    /// <summary>Split quality measure: squared_error (default) or friedman_mse.</summary>
    public RegressionCriterion Criterion { get; init; } = RegressionCriterion.SquaredError;

    /// <summary>Maximum depth of each tree; null grows until leaves are pure or too small.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>Fewest rows a node needs to be split (at least 2).</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>Fewest rows each leaf must keep.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Smallest fraction of a tree's total sample weight each leaf must keep.</summary>
    public double MinWeightFractionLeaf { get; init; }

    /// <summary>Features considered at each split: <c>1.0</c> (default), null (all), <c>sqrt</c>, <c>log2</c>, a count (<c>7</c>) or a fraction (<c>0.5</c>).</summary>
    public string? MaxFeatures { get; init; } = "1.0";

    /// <summary>Grow each tree best-first to at most this many leaves; null grows depth-first without a limit.</summary>
    public int? MaxLeafNodes { get; init; }

    /// <summary>Split only when the weighted impurity decrease is at least this.</summary>
    public double MinImpurityDecrease { get; init; }

    /// <summary>Grow each tree on a bootstrap sample (rows drawn with replacement) instead of all rows.</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Score the forest on the rows each tree did not see (needs <see cref="Bootstrap"/>).</summary>
    public bool OobScore { get; init; }

    /// <summary>Threads used to grow trees and predict: null, 0 or −1 for every core; results do not depend on it.</summary>
    public int? NJobs { get; init; }

    /// <summary>Seed of the bootstrap samples, feature sampling and random thresholds.</summary>
    public int RandomState { get; init; }

    /// <summary>Rows per bootstrap sample: null for as many as the training rows, a fraction in (0, 1], or a count.</summary>
    public double? MaxSamples { get; init; }

    /// <inheritdoc />
    public RandomForestRegressorModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null) =>
        new(this, ForestFitting.FitRegressor(this, nameof(RandomForestRegressor), randomSplits: false, x, y, sampleWeight));
}

/// <summary>A fitted <see cref="RandomForestRegressor"/>: immutable and thread-safe.</summary>
public sealed class RandomForestRegressorModel : ForestRegressorModel
{
    /// <summary>The model kind in model files.</summary>
    public const string KindName = "random_forest_regressor";

    internal RandomForestRegressorModel(RandomForestRegressor options, ForestFit fit) : base(nameof(RandomForestRegressor), options.NJobs, fit) => Options = options;

    /// <summary>The options the forest was grown with.</summary>
    public RandomForestRegressor Options { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void Save(ModelWriter writer) => ForestFitting.Save(writer, Options, Signature, OobScore, Core);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static RandomForestRegressorModel Load(ModelReader reader)
    {
        var (options, fit) = ForestFitting.Load<RandomForestRegressor>(reader, classifier: false);
        return new RandomForestRegressorModel(options, fit);
    }
}
