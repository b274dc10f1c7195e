using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Trees;

/// <summary>
/// A CART decision tree regressor (scikit-learn's <c>DecisionTreeRegressor</c>, same options and defaults). With the
/// default options it reproduces scikit-learn 1.2's tree split for split, except where several features give exactly
/// the same impurity decrease (scikit-learn keeps the first in a random feature order, Augur the lowest feature index).
/// </summary>
/// <remarks>Features are rounded to single precision, as in scikit-learn. Missing values are not accepted.</remarks>
public sealed record DecisionTreeRegressor : IEstimator<DecisionTreeRegressorModel>, ITreeGrowthOptions
{
    /// <summary>Split quality measure: squared_error (default) or friedman_mse.</summary>
    public RegressionCriterion Criterion { get; init; } = RegressionCriterion.SquaredError;

    /// <summary>best (exact search, default) or random (one random threshold per candidate feature).</summary>
    public TreeSplitter Splitter { get; init; } = TreeSplitter.Best;

    /// <summary>Maximum depth (the root is depth 0); null grows until leaves are pure or too small.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>Fewest rows a node needs to be split (at least 2).</summary>
    public int MinSamplesSplit { get; init; } = 2;

    /// <summary>Fewest rows each leaf must keep.</summary>
    public int MinSamplesLeaf { get; init; } = 1;

    /// <summary>Smallest fraction of the total sample weight each leaf must keep.</summary>
    public double MinWeightFractionLeaf { get; init; }

    /// <summary>Features considered at each split: null (all), <c>sqrt</c>, <c>log2</c>, a count (<c>7</c>) or a fraction (<c>0.5</c>).</summary>
    public string? MaxFeatures { get; init; }

    /// <summary>Seed for feature sampling and random thresholds (unused when every feature is considered with best splits).</summary>
    public int RandomState { get; init; }

    /// <summary>Grow best-first to at most this many leaves; null grows depth-first without a limit.</summary>
    public int? MaxLeafNodes { get; init; }

    /// <summary>Split only when the weighted impurity decrease is at least this.</summary>
    public double MinImpurityDecrease { get; init; }

    /// <inheritdoc />
    public DecisionTreeRegressorModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = nameof(DecisionTreeRegressor);
        var matrix = TreeFitting.Features(x, name);
        var target = ModelInputs.RegressionTarget(y, x.RowCount, name);
        sampleWeight = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var settings = TreeFitting.Settings(name, TreeFitting.Map(Criterion), Splitter == TreeSplitter.Random, this, x.ColumnCount);
        var data = TreeTrainingSet.ForRegression(matrix, x.ColumnNames, target, 1, name);
        var tree = new TreeGrower(data).Grow(sampleWeight, settings, new Rng(RandomState));
        var signature = ModelSignature.Infer(x, ModelTask.Regression, allowsMissing: false, y);
        return new DecisionTreeRegressorModel(this, signature, tree);
    }
}

/// <summary>A fitted <see cref="DecisionTreeRegressor"/>: immutable and thread-safe.</summary>
public sealed class DecisionTreeRegressorModel : IRegressor, IFeatureImportances
{
    /// <summary>The model kind in model files.</summary>
    public const string KindName = "decision_tree_regressor";

    private readonly TreeEnsemblePredictor _predictor;
    private readonly double[] _importances;

    internal DecisionTreeRegressorModel(DecisionTreeRegressor options, ModelSignature signature, TreeStructure tree)
    {
        Options = options;
        Signature = signature;
        Tree = tree;
        _predictor = TreeEnsemblePredictor.Create([tree], probabilities: false);
        _importances = tree.FeatureImportances();
    }

    /// <summary>The options the tree was grown with.</summary>
    public DecisionTreeRegressor Options { get; }

    /// <summary>The fitted tree (node values are weighted means).</summary>
    public TreeStructure Tree { get; }

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Regression;

    /// <summary>Impurity-based feature importances, normalized to sum to 1 (scikit-learn's <c>feature_importances_</c>).</summary>
    public IReadOnlyList<double> FeatureImportances => _importances;

    /// <summary>The number of features considered at each split (scikit-learn's <c>max_features_</c>).</summary>
    public int MaxFeaturesUsed => TreeOptionParsing.ResolveMaxFeatures(Options.MaxFeatures, Tree.FeatureCount, nameof(DecisionTreeRegressor));

    /// <inheritdoc />
    public double[] PredictValues(Frame x) => _predictor.PredictMean(Signature.Conform(x, nameof(DecisionTreeRegressor)), Environment.ProcessorCount).Data;

    /// <inheritdoc />
    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <summary>The prediction for one row given as feature values in training order (no allocation).</summary>
    public double PredictRow(ReadOnlySpan<double> row) => _predictor.PredictValueRow(row);

    /// <summary>The leaf (node index of <see cref="Tree"/>) each row of <paramref name="x"/> ends in.</summary>
    public int[] Apply(Frame x) => Tree.Apply(Signature.Features(x, nameof(DecisionTreeRegressor)));

    /// <summary>The nodes each row passes through (rows × nodes indicator matrix).</summary>
    public CsrMatrix DecisionPath(Frame x) => Tree.DecisionPath(Signature.Features(x, nameof(DecisionTreeRegressor)));

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        TreeFitting.WriteHeader(writer, Options, Signature);
        Tree.Save(writer, "tree_");
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static DecisionTreeRegressorModel Load(ModelReader reader)
    {
        var (options, signature) = TreeFitting.ReadHeader<DecisionTreeRegressor>(reader, classifier: false, "tree");
        var tree = TreeStructure.Load(reader, "tree_", signature.Inputs.Count, 1);
        return new DecisionTreeRegressorModel(options, signature, tree);
    }
}
