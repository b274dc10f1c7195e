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
public sealed class RidgeClassifierModel : LinearClassifierModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "ridge_classifier";

    internal RidgeClassifierModel(RidgeClassifier options, ClassifierState state) : base("RidgeClassifier", state) => Options = options;

    /// <summary>The options the model was fitted with.</summary>
    public RidgeClassifier Options { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void Save(ModelWriter writer) => State.Save(writer, Options);

    /// <summary>Rebuilds the model from a model file.</summary>
    public static RidgeClassifierModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new RidgeClassifierModel(reader.ReadOptions<RidgeClassifier>(), ClassifierState.Load(reader, LinearLink.Identity));
    }
}
