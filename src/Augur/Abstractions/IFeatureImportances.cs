namespace Augur;

/// <summary>
/// A fitted model that says how much each of its input features matters (tree impurity importances, absolute linear
/// coefficients, boosting gains). Model-based feature selection (<c>SelectFromModel</c>, <c>RFE</c>) reads it.
/// </summary>
public interface IFeatureImportances : IModel
{
    /// <summary>One non-negative value per input feature, in signature order; larger means more important.</summary>
    IReadOnlyList<double> FeatureImportances { get; }
}
