namespace Augur.Linear;

/// <summary>Feature importances of linear models: coefficient magnitudes, as scikit-learn's SelectFromModel reads <c>coef_</c>.</summary>
internal static class LinearImportances
{
    /// <summary>|w| per feature; for several outputs, the L1 norm over outputs (Σₖ |W[k, j]|).</summary>
    public static double[] Of(LinearCoefficients coefficients)
    {
        var result = new double[coefficients.Features];
        for (var k = 0; k < coefficients.Outputs; k++)
        {
            var row = coefficients.Row(k);
            for (var j = 0; j < row.Length; j++) result[j] += Math.Abs(row[j]);
        }
        return result;
    }
}
