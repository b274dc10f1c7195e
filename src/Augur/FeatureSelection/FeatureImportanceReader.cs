using Augur.Pipelines;

namespace Augur.FeatureSelection;

/// <summary>How per-output coefficients are folded into one importance per feature.</summary>
internal enum ImportanceFold
{
    /// <summary>Absolute value; several outputs: L1 norm over outputs (scikit-learn's SelectFromModel).</summary>
    Norm,
    /// <summary>Square; several outputs: sum of squares (scikit-learn's RFE).</summary>
    Square,
}

/// <summary>Reads feature importances or coefficient magnitudes from a fitted model.</summary>
internal static partial class FeatureImportanceReader
{
    /// <summary>One importance per input feature of <paramref name="model"/> (signature order).</summary>
    public static double[] Read(IModel model, ImportanceFold fold, string consumer)
    {
        ArgumentNullException.ThrowIfNull(model);
        var target = model is PipelineModel p ? p.Final : model;
        double[]? result = null;
        // Linear models fold their coefficients as scikit-learn folds coef_ (their FeatureImportances is the Norm fold).
        if (target is Linear.ILinearModel linear) result = FromCoefficients(linear.CoefficientMatrix, fold);
        else if (target is IFeatureImportances fi) result = fold == ImportanceFold.Square ? fi.FeatureImportances.Select(v => v * v).ToArray() : fi.FeatureImportances.ToArray();
        else ReadKnown(target, fold, ref result);
        if (result is null)
            throw new AugurException($"{consumer} needs a model with feature importances or coefficients, but {target.Kind} has neither");
        var inputs = model.Signature.Inputs.Count;
        if (model is PipelineModel pm && result.Length != inputs)
            throw new AugurException($"{consumer}: the pipeline's final step sees {pm.FinalFeatureNames.Count} features, not the {inputs} input columns; select features on the estimator itself");
        if (result.Length != inputs)
            throw new AugurException($"{consumer}: {target.Kind} gave {result.Length} importances for {inputs} features");
        return result;
    }

    /// <summary>Norm: Σₖ |W[k, j]| (|w| for one output); Square: Σₖ W[k, j]² (scikit-learn's <c>_get_feature_importances</c>).</summary>
    private static double[] FromCoefficients(Linear.LinearCoefficients coef, ImportanceFold fold)
    {
        var result = new double[coef.Features];
        for (var k = 0; k < coef.Outputs; k++)
        {
            var row = coef.Row(k);
            for (var j = 0; j < row.Length; j++) result[j] += fold == ImportanceFold.Square ? row[j] * row[j] : Math.Abs(row[j]);
        }
        return result;
    }

    static partial void ReadKnown(IModel model, ImportanceFold fold, ref double[]? importances);
}
