using Augur.Data;
using Augur.Numerics;

namespace Augur.Explain;

/// <summary>LightGBM's own tree SHAP contributions (<c>C_API_PREDICT_CONTRIB</c>), as an explanation.</summary>
public static class LightGbmNativeShap
{
    /// <summary>Explains <paramref name="rows"/> of <paramref name="x"/> (all rows when null) with LightGBM's contributions, on the raw score's scale (the margin; the value for regressors without a link).</summary>
    public static ShapExplanation Explain(IPredictor model, Frame x, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        if (model is not Boosting.IGradientBoostingModel g)
            throw new AugurException($"LightGBM's native contributions need a gradient-boosting model, not {model.Kind}; use tree or kernel SHAP");
        var rowList = Explainers.ResolveRows(rows, x.RowCount, "LightGbmNativeShap");
        var data = FrameMixer.Inputs(model, x, "LightGbmNativeShap").Take(rowList.ToArray());
        var contributions = g.PredictContributions(data);
        var names = model.Signature.InputNames;
        var p = names.Count;
        var view = TreeModels.View(model);
        var values = new Matrix[contributions.Count];
        var baseValues = new double[contributions.Count];
        for (var k = 0; k < contributions.Count; k++)
        {
            var c = contributions[k];
            var v = new Matrix(c.Rows, p);
            for (var i = 0; i < c.Rows; i++) c.Row(i)[..p].CopyTo(v.Row(i));
            values[k] = v;
            baseValues[k] = c.Rows > 0 ? c[0, p] : 0;
        }
        return new ShapExplanation
        {
            Method = "lightgbm_native",
            OutputSpace = view.Space,
            FeatureNames = names.ToArray(),
            OutputNames = view.OutputNames,
            BaseValues = baseValues,
            Values = values,
            ModelOutput = g.PredictRaw(data),
            Rows = rowList.ToArray(),
            FeatureValues = ShapExplanation.NumericValues(data, names),
        };
    }
}
