using Augur.Ensemble;
using Augur.Numerics;
using Augur.Trees;

namespace Augur.Explain;

internal static partial class TreeModels
{
    static partial void OwnView(IModel model, ref TreeView? view)
    {
        view = model switch
        {
            DecisionTreeClassifierModel m => Classifier(m, [m.Tree]),
            ForestClassifierModel m => Classifier(m, m.Estimators),
            DecisionTreeRegressorModel m => Regressor(m, [m.Tree]),
            ForestRegressorModel m => Regressor(m, m.Estimators),
            _ => view,
        };
    }

    private static TreeView Classifier(IClassifier m, IReadOnlyList<TreeStructure> trees)
    {
        var forest = Build(m.Signature.Inputs.Count, trees, true);
        return new TreeView(forest, x => m.Signature.Features(x, m.Kind), m.PredictProba, m.Classes.Names.ToArray(), Enumerable.Range(0, forest.Outputs).ToArray(), OutputSpace.Probability);
    }

    private static TreeView Regressor(IRegressor m, IReadOnlyList<TreeStructure> trees)
    {
        var forest = Build(m.Signature.Inputs.Count, trees, false);
        return new TreeView(forest, x => m.Signature.Features(x, m.Kind), x => new Matrix(x.RowCount, 1, m.PredictValues(x)), ["value"], [0], OutputSpace.Value);
    }

    private static ShapForest Build(int features, IReadOnlyList<TreeStructure> trees, bool probabilities) => new()
    {
        Trees = trees.Select(t => FromStructure(t, probabilities)).ToArray(),
        Features = features,
        Outputs = trees[0].OutputWidth,
        Scale = 1.0 / trees.Count,
        RoundToSingle = true,
    };

    /// <summary>Builds the explainer's view of an Augur tree; classification trees get class probabilities at their leaves.</summary>
    private static ShapTree FromStructure(TreeStructure t, bool probabilities)
    {
        var n = t.NodeCount;
        var width = t.OutputWidth;
        var values = new double[n * width];
        for (var i = 0; i < n; i++)
        {
            if (!t.IsLeaf(i)) continue;
            var v = t.NodeValue(i);
            double sum = 0;
            if (probabilities) foreach (var c in v) sum += c;
            for (var k = 0; k < width; k++) values[i * width + k] = probabilities ? (sum > 0 ? v[k] / sum : 0) : v[k];
        }
        var left = t.LeftChildren.ToArray();
        var right = t.RightChildren.ToArray();
        var cover = t.WeightedNodeSampleCounts.ToArray();
        return new ShapTree
        {
            Left = left,
            Right = right,
            Feature = t.Features.ToArray(),
            Threshold = t.Thresholds.ToArray(),
            Rule = new byte[n],
            Decision = new byte[n],
            Cover = cover,
            Values = values,
            Width = width,
        }.Finish();
    }
}
