using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;
using Augur.Trees;

namespace Augur.Ensemble;

/// <summary>
/// An extremely randomized trees classifier (scikit-learn's <c>ExtraTreesClassifier</c>, same options and defaults): each split draws one random threshold per candidate feature; trees use all rows unless <c>Bootstrap</c> is set.
/// </summary>
/// <remarks>
/// Trees grow in parallel; tree <c>t</c> takes its randomness from <c>Rng.Derive(RandomState, …)</c>, so results are identical for
/// any thread count. The random streams differ from scikit-learn's, so forests agree with scikit-learn statistically
/// (held-out scores within about 0.02), not tree by tree. Splits are exact (every distinct value is a candidate), as in
/// scikit-learn. Features are rounded to single precision; missing values are not accepted.
/// </remarks>
public sealed record ExtraTreesClassifier : IEstimator<ExtraTreesClassifierModel>, IForestClassifierOptions
{
    /// <summary>Number of trees.</summary>
    public int NEstimators { get; init; } = 100;

    /// <summary>Split quality measure: gini (default), entropy or log_loss.</summary>
    public ClassificationCriterion Criterion { get; init; } = ClassificationCriterion.Gini;

    /// <summary>Maximum depth of each tree; null grows until leaves are pure or too small.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>Fewest rows a node needs to be split (at least 2).</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>Fewest rows each leaf must keep.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Smallest fraction of a tree's total sample weight each leaf must keep.</summary>
    public double MinWeightFractionLeaf { get; init; }

    /// <summary>Features considered at each split: <c>sqrt</c> (default), null (all), <c>sqrt</c>, <c>log2</c>, a count (<c>7</c>) or a fraction (<c>0.5</c>).</summary>
    public string? MaxFeatures { get; init; } = "sqrt";

    /// <summary>Grow each tree best-first to at most this many leaves; null grows depth-first without a limit.</summary>
    public int? MaxLeafNodes { get; init; }

    /// <summary>Split only when the weighted impurity decrease is at least this.</summary>
    public double MinImpurityDecrease { get; init; }

    /// <summary>Grow each tree on a bootstrap sample (rows drawn with replacement) instead of all rows.</summary>
    public bool Bootstrap { get; init; } = false;

    /// <summary>Score the forest on the rows each tree did not see (needs <see cref="Bootstrap"/>).</summary>
    public bool OobScore { get; init; }

    /// <summary>Threads used to grow trees and predict: null, 0 or −1 for every core; results do not depend on it.</summary>
    public int? NJobs { get; init; }

    /// <summary>Seed of the bootstrap samples, feature sampling and random thresholds.</summary>
    public int RandomState { get; init; }

    /// <summary>
    /// Class weights: null, <c>balanced</c> (from the whole target), <c>balanced_subsample</c> (from each bootstrap sample),
    /// or <c>label:weight</c> pairs separated by commas (unlisted classes weigh 1).
    /// </summary>
    public string? ClassWeight { get; init; }

    /// <summary>Rows per bootstrap sample: null for as many as the training rows, a fraction in (0, 1], or a count.</summary>
    public double? MaxSamples { get; init; }

    /// <inheritdoc />
    public ExtraTreesClassifierModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null) =>
        new(this, ForestFitting.FitClassifier(this, nameof(ExtraTreesClassifier), randomSplits: true, x, y, sampleWeight));
}

/// <summary>A fitted <see cref="ExtraTreesClassifier"/>: immutable and thread-safe.</summary>
public sealed class ExtraTreesClassifierModel : IClassifier, IFeatureImportances
{
    /// <summary>The model kind in model files.</summary>
    public const string KindName = "extra_trees_classifier";

    private readonly ForestCore _core;
    private readonly int _threads;

    internal ExtraTreesClassifierModel(ExtraTreesClassifier options, ForestFit fit)
    {
        Options = options;
        Signature = fit.Signature;
        Classes = fit.Signature.Classes ?? throw new ArgumentException("a classifier signature needs classes");
        _core = fit.Core;
        OobScore = fit.OobScore;
        _threads = TreeFitting.Threads(options.NJobs, nameof(ExtraTreesClassifier));
    }

    /// <summary>The options the forest was grown with.</summary>
    public ExtraTreesClassifier Options { get; }

    /// <summary>The trees, in order (node values are weighted class counts).</summary>
    public IReadOnlyList<TreeStructure> Estimators => _core.Trees;

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <summary>Mean impurity-based feature importances of the trees, normalized to sum to 1.</summary>
    public IReadOnlyList<double> FeatureImportances => _core.Importances;

    /// <summary>Out-of-bag accuracy (when fitted with <c>OobScore</c>), else null.</summary>
    public double? OobScore { get; }

    /// <summary>Out-of-bag class probabilities of each training row (rows × classes; zeros for rows no tree left out), or null.</summary>
    public Matrix? OobDecisionFunction => _core.OobOutput?.Clone();

    /// <inheritdoc />
    public Column Predict(Frame x) => Classes.Decode(TreeEnsemblePredictor.ArgMaxRows(PredictProba(x)));

    /// <summary>Mean of the trees' class probabilities (each tree's leaf class fractions), as scikit-learn.</summary>
    public Matrix PredictProba(Frame x) => _core.Predictor.PredictMean(Signature.Conform(x, nameof(ExtraTreesClassifier)), _threads);

    /// <summary>The class index predicted for one row given as feature values in training order (no allocation).</summary>
    public int PredictRow(ReadOnlySpan<double> row) => _core.Predictor.PredictClassRow(row);

    /// <summary>Class probabilities of one row into <paramref name="probabilities"/> (one per class).</summary>
    public void PredictProbaRow(ReadOnlySpan<double> row, Span<double> probabilities) => _core.Predictor.PredictRow(row, probabilities);

    /// <summary>The leaf (node index) each row reaches in each tree: rows × trees.</summary>
    public int[,] Apply(Frame x) => _core.Apply(Signature.Features(x, nameof(ExtraTreesClassifier)));

    /// <inheritdoc />
    public void Save(ModelWriter writer) => ForestFitting.Save(writer, Options, Signature, OobScore, _core);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static ExtraTreesClassifierModel Load(ModelReader reader)
    {
        var (options, fit) = ForestFitting.Load<ExtraTreesClassifier>(reader, classifier: true);
        return new ExtraTreesClassifierModel(options, fit);
    }
}
