using Augur.Data;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>
/// A fitted linear regressor (<see cref="LinearRegressionModel"/>, <see cref="RidgeModel"/>, <see cref="LassoModel"/>,
/// <see cref="ElasticNetModel"/>, <see cref="SgdRegressorModel"/>): one weight per input feature and an intercept;
/// immutable and thread-safe.
/// </summary>
public abstract class LinearRegressorModel : IRegressor, ILinearModel, IFeatureImportances
{
    private readonly string _name;

    private protected LinearRegressorModel(string name, RegressorState state)
    {
        _name = name;
        State = state;
    }

    private protected RegressorState State { get; }

    /// <summary>The weight of each input feature, in signature order.</summary>
    public IReadOnlyList<double> Coefficients => State.Coef;

    /// <summary>The intercept (0 when fitted without one).</summary>
    public double Intercept => State.Intercept;

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public ModelSignature Signature => State.Signature;

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Regression;

    /// <inheritdoc />
    public LinearCoefficients CoefficientMatrix => State.CoefficientMatrix;

    /// <summary>
    /// The magnitude of each input feature's coefficient, in signature order (for several outputs, the sum of the
    /// magnitudes over outputs), as scikit-learn's <c>SelectFromModel</c> reads <c>coef_</c>. Depends on the features'
    /// scales: standardise them first to compare features.
    /// </summary>
    public IReadOnlyList<double> FeatureImportances => LinearImportances.Of(CoefficientMatrix);

    /// <inheritdoc />
    public IReadOnlyList<double> Intercepts => State.Intercepts;

    /// <inheritdoc />
    public LinearLink Link => LinearLink.Identity;

    /// <inheritdoc />
    public double[] PredictValues(Frame x) => State.PredictValues(x, _name);

    /// <inheritdoc />
    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <summary>Predicts one row given as feature values in signature order, without building a frame.</summary>
    public double PredictRow(ReadOnlySpan<double> features) => State.PredictRow(features, _name);

    /// <inheritdoc />
    public abstract void Save(ModelWriter writer);
}
