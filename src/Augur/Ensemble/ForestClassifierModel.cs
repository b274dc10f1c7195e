using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;
using Augur.Trees;

namespace Augur.Ensemble;

/// <summary>
/// A fitted forest classifier (<see cref="RandomForestClassifierModel"/> or <see cref="ExtraTreesClassifierModel"/>: they
/// differ only in how their trees were grown): immutable and thread-safe.
/// </summary>
public abstract class ForestClassifierModel : IClassifier, IFeatureImportances
{
    private readonly int _threads;
    private readonly string _name;

    private protected ForestClassifierModel(string name, int? nJobs, ForestFit fit)
    {
        _name = name;
        Signature = fit.Signature;
        Classes = fit.Signature.Classes ?? throw new ArgumentException("a classifier signature needs classes");
        Core = fit.Core;
        OobScore = fit.OobScore;
        _threads = TreeFitting.Threads(nJobs, name);
    }

    private protected ForestCore Core { get; }

    /// <summary>The trees, in order (node values are weighted class counts).</summary>
    public IReadOnlyList<TreeStructure> Estimators => Core.Trees;

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public ModelTask Task => Signature.Task;

    /// <summary>Mean impurity-based feature importances of the trees, normalized to sum to 1.</summary>
    public IReadOnlyList<double> FeatureImportances => Core.Importances;

    /// <summary>Out-of-bag accuracy (when fitted with <c>OobScore</c>), else null.</summary>
    public double? OobScore { get; }

    /// <summary>Out-of-bag class probabilities of each training row (rows × classes; zeros for rows no tree left out), or null.</summary>
    public Matrix? OobDecisionFunction => Core.OobOutput?.Clone();

    /// <inheritdoc />
    public Column Predict(Frame x) => Classes.Decode(TreeEnsemblePredictor.ArgMaxRows(PredictProba(x)));

    /// <summary>Mean of the trees' class probabilities (each tree's leaf class fractions), as scikit-learn.</summary>
    public Matrix PredictProba(Frame x) => Core.Predictor.PredictMean(Signature.Conform(x, _name), _threads);

    /// <summary>The class index predicted for one row given as feature values in training order (no allocation).</summary>
    public int PredictRow(ReadOnlySpan<double> row) => Core.Predictor.PredictClassRow(row);

    /// <summary>Class probabilities of one row into <paramref name="probabilities"/> (one per class).</summary>
    public void PredictProbaRow(ReadOnlySpan<double> row, Span<double> probabilities) => Core.Predictor.PredictRow(row, probabilities);

    /// <summary>The leaf (node index) each row reaches in each tree: rows × trees.</summary>
    public int[,] Apply(Frame x) => Core.Apply(Signature.Features(x, _name));

    /// <inheritdoc />
    public abstract void Save(ModelWriter writer);
}
