using Augur.Data;
using Augur.Numerics;
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
public sealed class RandomForestRegressorModel : IRegressor, IFeatureImportances
{
    /// <summary>The model kind in model files.</summary>
    public const string KindName = "random_forest_regressor";

    private readonly ForestCore _core;
    private readonly int _threads;

    internal RandomForestRegressorModel(RandomForestRegressor options, ForestFit fit)
    {
        Options = options;
        Signature = fit.Signature;
        _core = fit.Core;
        OobScore = fit.OobScore;
        _threads = TreeFitting.Threads(options.NJobs, nameof(RandomForestRegressor));
    }

    /// <summary>The options the forest was grown with.</summary>
    public RandomForestRegressor Options { get; }

    /// <summary>The trees, in order (node values are weighted means).</summary>
    public IReadOnlyList<TreeStructure> Estimators => _core.Trees;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Regression;

    /// <summary>Mean impurity-based feature importances of the trees, normalized to sum to 1.</summary>
    public IReadOnlyList<double> FeatureImportances => _core.Importances;

    /// <summary>Out-of-bag R² (when fitted with <c>OobScore</c>), else null.</summary>
    public double? OobScore { get; }

    /// <summary>Out-of-bag prediction of each training row (0 for rows no tree left out), or null.</summary>
    public double[]? OobPrediction => _core.OobOutput is null ? null : (double[])_core.OobOutput.Data.Clone();

    /// <summary>Mean of the trees' predictions.</summary>
    public double[] PredictValues(Frame x) => _core.Predictor.PredictMean(Signature.Conform(x, nameof(RandomForestRegressor)), _threads).Data;

    /// <inheritdoc />
    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <summary>The prediction for one row given as feature values in training order (no allocation).</summary>
    public double PredictRow(ReadOnlySpan<double> row) => _core.Predictor.PredictValueRow(row);

    /// <summary>The leaf (node index) each row reaches in each tree: rows × trees.</summary>
    public int[,] Apply(Frame x) => _core.Apply(Signature.Features(x, nameof(RandomForestRegressor)));

    /// <inheritdoc />
    public void Save(ModelWriter writer) => ForestFitting.Save(writer, Options, Signature, OobScore, _core);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static RandomForestRegressorModel Load(ModelReader reader)
    {
        var (options, fit) = ForestFitting.Load<RandomForestRegressor>(reader, classifier: false);
        return new RandomForestRegressorModel(options, fit);
    }
}
