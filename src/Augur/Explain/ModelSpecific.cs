using Augur.Boosting;
using Augur.Data;
using Augur.Numerics;
using Augur.Pipelines;

namespace Augur.Explain;

public static partial class Explainers
{
    static partial void ChooseSpecific(IModel model, ref ShapAlgorithm choice)
    {
        if (TreeModels.IsTreeModel(model)) choice = ShapAlgorithm.Tree;
        else ChooseLinear(model, ref choice);
    }

    /// <summary>Linear models pick linear SHAP here.</summary>
    static partial void ChooseLinear(IModel model, ref ShapAlgorithm choice);

    /// <summary>Linear models are explained here.</summary>
    static partial void ExplainLinear(IPredictor model, Frame background, Frame x, IReadOnlyList<int>? rows, ShapOptions options, ref ShapExplanation? result);

    static partial void ExplainSpecific(IPredictor model, ShapAlgorithm algorithm, Frame background, Frame x, IReadOnlyList<int>? rows,
        ShapOptions options, ref ShapExplanation? result)
    {
        switch (algorithm)
        {
            case ShapAlgorithm.Tree or ShapAlgorithm.TreeInterventional when TreeShap.Supports(model):
                result = new TreeShap
                {
                    FeaturePerturbation = algorithm == ShapAlgorithm.Tree ? FeaturePerturbation.PathDependent : FeaturePerturbation.Interventional,
                    MaxBackgroundRows = options.MaxBackgroundRows,
                    RandomState = options.RandomState,
                    OutputSpace = options.OutputSpace,
                    KeepTransformedFeatures = options.KeepTransformedFeatures,
                }.Explain(model, x, rows, background);
                break;
            case ShapAlgorithm.Linear:
                ExplainLinear(model, background, x, rows, options, ref result);
                break;
            case ShapAlgorithm.LightGbmNative when model is PipelineModel { Final: IGradientBoostingModel } p:
                result = ThroughPipeline(p, background, x, rows, options.KeepTransformedFeatures, (final, _, tx, r) => LightGbmNativeShap.Explain(final, tx, r));
                break;
            case ShapAlgorithm.LightGbmNative when model is IGradientBoostingModel:
                result = LightGbmNativeShap.Explain(model, x, rows);
                break;
        }
    }
}

internal static partial class Margins
{
    static partial void TryCreateSpecific(IModel model, ref MarginFunction? found)
    {
        TryLinear(model, ref found);
        switch (model)
        {
            case IGradientBoostingModel g:
                found = new MarginFunction(TreeModels.View(g).OutputNames, g.PredictRaw);
                break;
        }
    }
}

internal static partial class Margins
{
    /// <summary>Linear models add their margin here.</summary>
    static partial void TryLinear(IModel model, ref MarginFunction? found);
}

internal static partial class TreeRecursion
{
    static partial void Compute(IPredictor model, int[] features, double[][] points, OutputSpace? space,
        ref bool found, ref Matrix? average, ref string[]? outputNames, ref OutputSpace resultSpace)
    {
        if (!TreeModels.IsOwnTreeModel(model)) return;
        var view = TreeModels.View(model);
        if (space is { } s && s != view.Space) return;
        var forest = view.Forest;
        var keep = view.Space == OutputSpace.Probability && forest.Outputs == 2 ? new[] { 1 } : Enumerable.Range(0, forest.Outputs).ToArray();
        var result = new Matrix(keep.Length, points.Length);
        var row = new double[forest.Features];
        var acc = new double[forest.Outputs];
        for (var g = 0; g < points.Length; g++)
        {
            for (var f = 0; f < features.Length; f++) row[features[f]] = points[g][f];
            forest.Prepare(row);
            Array.Clear(acc);
            foreach (var t in forest.Trees) Walk(t, 0, 1.0, forest.Scale, features, row, acc);
            for (var o = 0; o < keep.Length; o++) result[o, g] = acc[keep[o]];
        }
        found = true;
        average = result;
        outputNames = keep.Select(k => view.OutputNames[k]).ToArray();
        resultSpace = view.Space;
    }

    /// <summary>Weighted traversal: splits on target features follow the grid value, others both children by cover.</summary>
    private static void Walk(ShapTree t, int node, double weight, double scale, int[] features, double[] row, double[] acc)
    {
        if (t.IsLeaf(node))
        {
            for (var k = 0; k < t.Width; k++) acc[t.Output >= 0 ? t.Output : k] += scale * weight * t.Values[node * t.Width + k];
            return;
        }
        var f = t.Feature[node];
        if (Array.IndexOf(features, f) >= 0)
        {
            Walk(t, t.Next(node, row[f]), weight, scale, features, row, acc);
            return;
        }
        var cover = t.Cover[node];
        Walk(t, t.Left[node], weight * t.Cover[t.Left[node]] / cover, scale, features, row, acc);
        Walk(t, t.Right[node], weight * t.Cover[t.Right[node]] / cover, scale, features, row, acc);
    }
}
