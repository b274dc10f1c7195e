using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Trees;

/// <summary>
/// A CART decision tree classifier (scikit-learn's <c>DecisionTreeClassifier</c>, same options and defaults). With the
/// default options (every feature considered, best splits) it reproduces scikit-learn 1.2's tree split for split,
/// except where several features give exactly the same impurity decrease: scikit-learn then keeps the first in a random
/// feature order, Augur the lowest feature index.
/// </summary>
/// <remarks>
/// Features are rounded to single precision before fitting and predicting, as in scikit-learn. Missing values are not
/// accepted (impute them first); the model's signature says so.
/// </remarks>
public sealed record DecisionTreeClassifier : IEstimator<DecisionTreeClassifierModel>, ITreeGrowthOptions
{
    /// <summary>Split quality measure: gini (default), entropy or log_loss.</summary>
    public ClassificationCriterion Criterion { get; init; } = ClassificationCriterion.Gini;

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

    /// <summary>Class weights: null, <c>balanced</c>, or <c>label:weight</c> pairs separated by commas (unlisted classes weigh 1).</summary>
    public string? ClassWeight { get; init; }

    /// <inheritdoc />
    public DecisionTreeClassifierModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = nameof(DecisionTreeClassifier);
        var matrix = TreeFitting.Features(x, name);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, name, minClasses: 1);
        sampleWeight = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var settings = TreeFitting.Settings(name, TreeFitting.Map(Criterion), Splitter == TreeSplitter.Random, this, x.ColumnCount);
        var weights = TreeFitting.CombineWeights(sampleWeight, TreeOptionParsing.ClassWeights(ClassWeight, classes, encoded, name), encoded);
        var data = TreeTrainingSet.ForClassification(matrix, x.ColumnNames, encoded, classes.Count, 1, name);
        var tree = new TreeGrower(data).Grow(weights, settings, new Rng(RandomState));
        var signature = ModelSignature.Infer(x, ModelInputs.ClassificationTask(classes), allowsMissing: false, y, classes);
        return new DecisionTreeClassifierModel(this, signature, tree);
    }
}

/// <summary>A fitted <see cref="DecisionTreeClassifier"/>: immutable and thread-safe.</summary>
public sealed class DecisionTreeClassifierModel : IClassifier, IFeatureImportances
{
    /// <summary>The model kind in model files.</summary>
    public const string KindName = "decision_tree_classifier";

    private readonly TreeEnsemblePredictor _predictor;
    private readonly double[] _importances;

    internal DecisionTreeClassifierModel(DecisionTreeClassifier options, ModelSignature signature, TreeStructure tree)
    {
        Options = options;
        Signature = signature;
        Classes = signature.Classes ?? throw new ArgumentException("a classifier signature needs classes");
        Tree = tree;
        _predictor = TreeEnsemblePredictor.Create([tree], probabilities: true);
        _importances = tree.FeatureImportances();
    }

    /// <summary>The options the tree was grown with.</summary>
    public DecisionTreeClassifier Options { get; }

    /// <summary>The fitted tree (node values are weighted class counts).</summary>
    public TreeStructure Tree { get; }

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <summary>Impurity-based feature importances, normalized to sum to 1 (scikit-learn's <c>feature_importances_</c>).</summary>
    public IReadOnlyList<double> FeatureImportances => _importances;

    /// <summary>The number of features considered at each split (scikit-learn's <c>max_features_</c>).</summary>
    public int MaxFeaturesUsed => TreeOptionParsing.ResolveMaxFeatures(Options.MaxFeatures, Tree.FeatureCount, nameof(DecisionTreeClassifier));

    /// <inheritdoc />
    public Column Predict(Frame x) => Classes.Decode(TreeEnsemblePredictor.ArgMaxRows(PredictProba(x)));

    /// <inheritdoc />
    public Matrix PredictProba(Frame x) => _predictor.PredictMean(Signature.Conform(x, nameof(DecisionTreeClassifier)), Environment.ProcessorCount);

    /// <summary>The class index predicted for one row given as feature values in training order (no allocation).</summary>
    public int PredictRow(ReadOnlySpan<double> row) => _predictor.PredictClassRow(row);

    /// <summary>Class probabilities of one row into <paramref name="probabilities"/> (one per class).</summary>
    public void PredictProbaRow(ReadOnlySpan<double> row, Span<double> probabilities) => _predictor.PredictRow(row, probabilities);

    /// <summary>The leaf (node index of <see cref="Tree"/>) each row of <paramref name="x"/> ends in.</summary>
    public int[] Apply(Frame x) => Tree.Apply(Signature.Features(x, nameof(DecisionTreeClassifier)));

    /// <summary>The nodes each row passes through (rows × nodes indicator matrix).</summary>
    public CsrMatrix DecisionPath(Frame x) => Tree.DecisionPath(Signature.Features(x, nameof(DecisionTreeClassifier)));

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        TreeFitting.WriteHeader(writer, Options, Signature);
        Tree.Save(writer, "tree_");
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static DecisionTreeClassifierModel Load(ModelReader reader)
    {
        var (options, signature) = TreeFitting.ReadHeader<DecisionTreeClassifier>(reader, classifier: true, "tree");
        var tree = TreeStructure.Load(reader, "tree_", signature.Inputs.Count, signature.Classes!.Count);
        return new DecisionTreeClassifierModel(options, signature, tree);
    }
}
