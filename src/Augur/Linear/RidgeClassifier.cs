using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>
/// Classification by ridge regression on ±1 targets (scikit-learn's <c>RidgeClassifier</c>): one regression per class
/// (one-vs-all) when there are more than two classes, one for the second class otherwise; the class with the largest
/// score wins.
/// </summary>
public sealed record RidgeClassifier : IEstimator<RidgeClassifierModel>
{
    /// <summary>The penalty strength α (≥ 0).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Whether to fit an intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>Iteration limit of the iterative solvers (null: the solver's default).</summary>
    public int? MaxIter { get; init; }

    /// <summary>Tolerance of the iterative solvers.</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary>Per-class weights (null: every class weighs 1).</summary>
    public ClassWeight? ClassWeight { get; init; }

    /// <summary>The solver.</summary>
    public RidgeSolver Solver { get; init; } = RidgeSolver.Auto;

    /// <summary>Constrain the coefficients to be non-negative.</summary>
    public bool Positive { get; init; }

    /// <inheritdoc />
    public RidgeClassifierModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        RidgeCore.Check(Alpha, Tol, MaxIter, "RidgeClassifier");
        var (features, classes, encoded, w, signature) = ClassifierState.Prepare(x, y, sampleWeight, ClassWeight, "RidgeClassifier", allowSparse: !Positive);
        var n = features.Rows;
        var outputs = classes.Count == 2 ? 1 : classes.Count;
        var targets = new double[outputs][];
        for (var k = 0; k < outputs; k++)
        {
            var target = new double[n];
            var cls = outputs == 1 ? 1 : k;
            for (var i = 0; i < n; i++) target[i] = encoded[i] == cls ? 1 : -1;
            targets[k] = target;
        }
        var (coefs, intercepts) = RidgeCore.Fit(features, targets, w, Alpha, FitIntercept, Solver, Tol, MaxIter, Positive);
        var state = new ClassifierState(signature, classes, ClassifierState.Flatten(coefs), intercepts, LinearLink.Identity, ovrNormalize: false);
        return new RidgeClassifierModel(this, state);
    }
}

/// <summary>A fitted <see cref="RidgeClassifier"/>.</summary>
public sealed class RidgeClassifierModel : IClassifier, ILinearModel, IFeatureImportances
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "ridge_classifier";

    private readonly ClassifierState _state;

    internal RidgeClassifierModel(RidgeClassifier options, ClassifierState state)
    {
        Options = options;
        _state = state;
    }

    /// <summary>The options the model was fitted with.</summary>
    public RidgeClassifier Options { get; }

    /// <summary>The weights: one row for two classes (the second class's score), one row per class otherwise.</summary>
    public LinearCoefficients Coefficients => _state.CoefficientMatrix;

    /// <inheritdoc />
    public IReadOnlyList<double> Intercepts => _state.Intercepts;

    /// <inheritdoc />
    public LinearCoefficients CoefficientMatrix => _state.CoefficientMatrix;

    /// <summary>
    /// The magnitude of each input feature's coefficient, in signature order (for several outputs, the sum of the
    /// magnitudes over outputs), as scikit-learn's <c>SelectFromModel</c> reads <c>coef_</c>. Depends on the features'
    /// scales: standardise them first to compare features.
    /// </summary>
    public IReadOnlyList<double> FeatureImportances => LinearImportances.Of(CoefficientMatrix);

    /// <inheritdoc />
    public LinearLink Link => LinearLink.Identity;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature => _state.Signature;

    /// <inheritdoc />
    public ModelTask Task => _state.Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes => _state.Classes;

    /// <summary>The decision values: rows × 1 for two classes, rows × classes otherwise.</summary>
    public Matrix DecisionFunction(Frame x) => _state.DecisionFunction(x, "RidgeClassifier");

    /// <inheritdoc />
    public Column Predict(Frame x) => _state.Predict(x, "RidgeClassifier");

    /// <summary>
    /// Scores squashed into [0, 1] (the logistic of the decision value for two classes, the softmax of the decision
    /// values otherwise). Ridge classifiers are not probabilistic: these are not calibrated probabilities (scikit-learn
    /// offers none); wrap the model in a calibrator when probabilities matter.
    /// </summary>
    public Matrix PredictProba(Frame x) => _state.PredictProba(x, "RidgeClassifier", _state.MarginLink);

    /// <summary>The class index predicted for one row of feature values in signature order, without building a frame.</summary>
    public int PredictRow(ReadOnlySpan<double> features) => _state.PredictIndexRow(features, "RidgeClassifier");

    /// <inheritdoc />
    public void Save(ModelWriter writer) => _state.Save(writer, Options);

    /// <summary>Rebuilds the model from a model file.</summary>
    public static RidgeClassifierModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new RidgeClassifierModel(reader.ReadOptions<RidgeClassifier>(), ClassifierState.Load(reader, LinearLink.Identity));
    }
}
