using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>
/// A fitted linear classifier (<see cref="LogisticRegressionModel"/>, <see cref="SgdClassifierModel"/>,
/// <see cref="LinearSvcModel"/>, <see cref="RidgeClassifierModel"/>): one score per class (a single score for two
/// classes), affine in the features; immutable and thread-safe.
/// </summary>
public abstract class LinearClassifierModel : IClassifier, ILinearModel, IFeatureImportances
{
    private protected LinearClassifierModel(string name, ClassifierState state)
    {
        Name = name;
        State = state;
    }

    /// <summary>The estimator's name, for error messages.</summary>
    private protected string Name { get; }

    private protected ClassifierState State { get; }

    /// <summary>The weights: one row for two classes (the second class's score), one row per class otherwise.</summary>
    public LinearCoefficients Coefficients => State.CoefficientMatrix;

    /// <inheritdoc />
    public IReadOnlyList<double> Intercepts => State.Intercepts;

    /// <inheritdoc />
    public LinearCoefficients CoefficientMatrix => State.CoefficientMatrix;

    /// <summary>
    /// The magnitude of each input feature's coefficient, in signature order (for several outputs, the sum of the
    /// magnitudes over outputs), as scikit-learn's <c>SelectFromModel</c> reads <c>coef_</c>. Depends on the features'
    /// scales: standardise them first to compare features.
    /// </summary>
    public IReadOnlyList<double> FeatureImportances => LinearImportances.Of(CoefficientMatrix);

    /// <inheritdoc />
    public LinearLink Link => State.Link;

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public ModelSignature Signature => State.Signature;

    /// <inheritdoc />
    public ModelTask Task => State.Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes => State.Classes;

    /// <summary>The linear scores (decision values): rows × 1 for two classes, rows × classes otherwise.</summary>
    public Matrix DecisionFunction(Frame x) => State.DecisionFunction(x, Name);

    /// <inheritdoc />
    public Column Predict(Frame x) => State.Predict(x, Name);

    /// <summary>
    /// Class probabilities through the model's link (logistic or softmax models). Models without a probabilistic link
    /// (linear SVC, ridge classifier, SGD with a margin loss) squash their scores instead (logistic for two classes,
    /// softmax otherwise): not calibrated probabilities (scikit-learn offers none); calibrate the model when
    /// probabilities matter.
    /// </summary>
    public virtual Matrix PredictProba(Frame x) => State.PredictProba(x, Name, Link == LinearLink.Identity ? State.MarginLink : Link);

    /// <summary>The class index predicted for one row of feature values in signature order, without building a frame.</summary>
    public int PredictRow(ReadOnlySpan<double> features) => State.PredictIndexRow(features, Name);

    /// <inheritdoc />
    public abstract void Save(ModelWriter writer);
}
