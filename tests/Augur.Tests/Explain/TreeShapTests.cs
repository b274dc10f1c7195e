using Augur.Data;
using Augur.Ensemble;
using Augur.Explain;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Preprocessing;
using Augur.Trees;
using CsCheck;

namespace Augur.Tests.Explain;

public sealed class TreeShapTests
{
    private static Column Target(Frame x, bool classes)
    {
        var v = Enumerable.Range(0, x.RowCount).Select(i => x[0].GetDouble(i) * x[1].GetDouble(i) + Math.Sin(3 * x[x.ColumnCount - 1].GetDouble(i)) + 0.5 * x[2 % x.ColumnCount].GetDouble(i)).ToArray();
        return classes ? new Int64Column("y", v.Select(t => (long)(t < -0.5 ? 0 : t < 0.5 ? 1 : 2)).ToArray()) : new Float64Column("y", v);
    }

    /// <summary>Path-dependent E[f(x) | x_S]: splits on features in S follow x, others average their children by cover.</summary>
    private static double Conditional(TreeStructure t, ReadOnlySpan<double> x, int mask, int output, bool probabilities)
    {
        double Walk(int node, ReadOnlySpan<double> row)
        {
            if (t.IsLeaf(node))
            {
                var v = t.NodeValue(node);
                return probabilities ? v[output] / v.ToArray().Sum() : v[output];
            }
            var f = t.Features[node];
            if ((mask & (1 << f)) != 0)
                return Walk((double)(float)row[f] <= t.Thresholds[node] ? t.LeftChildren[node] : t.RightChildren[node], row);
            var l = t.LeftChildren[node];
            var r = t.RightChildren[node];
            var w = t.WeightedNodeSampleCounts;
            return (w[l] * Walk(l, row) + w[r] * Walk(r, row)) / w[node];
        }
        return Walk(0, x);
    }

    private static void AssertPathDependentExact(IReadOnlyList<TreeStructure> trees, bool probabilities, ShapExplanation e, Frame x, int[] rows)
    {
        var m = x.ToMatrix();
        for (var r = 0; r < rows.Length; r++)
        {
            var row = m.Row(rows[r]).ToArray();
            for (var k = 0; k < e.OutputCount; k++)
            {
                var expected = ShapReference.Shapley(x.ColumnCount, s => trees.Average(t => Conditional(t, row, s, k, probabilities)));
                Close.Equal(expected, e.Values[k].Row(r), 1e-9, 1e-11, $"row {rows[r]} output {k}");
                Close.Equal(trees.Average(t => Conditional(t, row, 0, k, probabilities)), e.BaseValues[k], 1e-12, 1e-12, "base value");
            }
        }
    }

    [Fact]
    public void PathDependentEqualsBruteForceForARegressionTree()
    {
        var x = ShapReference.RandomFrame(200, 6, 1);
        var model = new DecisionTreeRegressor { MaxDepth = 5 }.Fit(x, Target(x, false));
        var rows = new[] { 0, 7, 99 };
        var e = new TreeShap().Explain(model, x, rows);
        Assert.Equal("tree", e.Method);
        Assert.Equal(OutputSpace.Value, e.OutputSpace);
        AssertPathDependentExact([model.Tree], false, e, x, rows);
        ShapReference.AssertAdditive(e, 1e-9);
    }

    [Fact]
    public void PathDependentEqualsBruteForceForAClassificationForest()
    {
        var x = ShapReference.RandomFrame(150, 5, 2);
        var model = new RandomForestClassifier { NEstimators = 6, MaxDepth = 6 }.Fit(x, Target(x, true));
        var rows = new[] { 3, 50 };
        var e = new TreeShap().Explain(model, x, rows);
        Assert.Equal(OutputSpace.Probability, e.OutputSpace);
        Assert.Equal(["0", "1", "2"], e.OutputNames);
        AssertPathDependentExact(model.Estimators, true, e, x, rows);
        ShapReference.AssertAdditive(e, 1e-9);
    }

    [Fact]
    public void InterventionalEqualsBruteForceOverTheBackground()
    {
        var x = ShapReference.RandomFrame(120, 5, 3);
        var model = new ExtraTreesRegressor { NEstimators = 5, MaxDepth = 6 }.Fit(x, Target(x, false));
        var bg = x.Take([5, 9, 11, 40, 77]);
        var rows = new[] { 1, 2, 60 };
        var e = new TreeShap { FeaturePerturbation = FeaturePerturbation.Interventional }.Explain(model, x, rows, bg);
        Assert.Equal("tree_interventional", e.Method);
        for (var r = 0; r < rows.Length; r++)
        {
            var expected = ShapReference.Interventional(f => new Matrix(f.RowCount, 1, model.PredictValues(f)), bg, Enumerable.Repeat(1.0, 5).ToArray(), x.Take([rows[r]]), 0, v => v);
            Close.Equal(expected, e.Values[0].Row(r), 1e-9, 1e-11, $"row {rows[r]}");
        }
        ShapReference.AssertAdditive(e, 1e-9);

        var clf = new DecisionTreeClassifier { MaxDepth = 7 }.Fit(x, Target(x, true));
        var ec = new TreeShap { FeaturePerturbation = FeaturePerturbation.Interventional }.Explain(clf, x, rows, bg);
        for (var k = 0; k < 3; k++)
        {
            var expected = ShapReference.Interventional(clf.PredictProba, bg, Enumerable.Repeat(1.0, 5).ToArray(), x.Take([rows[0]]), k, v => v);
            Close.Equal(expected, ec.Values[k].Row(0), 1e-9, 1e-11, $"class {k}");
        }
    }

    [Fact]
    public void ValuesAddUpToTheModelOutputForRandomForests()
    {
        Gen.Select(Gen.Int[2, 9], Gen.Long, Gen.Bool, Gen.Bool).Sample((cols, seed, classify, interventional) =>
        {
            var x = ShapReference.RandomFrame(60, cols, seed);
            IPredictor model = classify
                ? new RandomForestClassifier { NEstimators = 4, RandomState = (int)(seed & 0xffff) }.Fit(x, Target(x, true))
                : new RandomForestRegressor { NEstimators = 4, RandomState = (int)(seed & 0xffff) }.Fit(x, Target(x, false));
            var e = new TreeShap { FeaturePerturbation = interventional ? FeaturePerturbation.Interventional : FeaturePerturbation.PathDependent }
                .Explain(model, x, [0, 1, 2, 30], x.Head(10));
            ShapReference.AssertAdditive(e, 1e-6);
        }, iter: 30);
    }

    [Fact]
    public void PipelineValuesFoldIntoTheInputColumns()
    {
        var rng = new Rng(4);
        var n = 150;
        var colour = new StringColumn("colour", Enumerable.Range(0, n).Select(_ => new[] { "red", "green", "blue" }[rng.NextInt(3)]).ToArray());
        var a = new Float64Column("a", Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray());
        var x = new Frame(a, colour);
        var y = new Float64Column("y", Enumerable.Range(0, n).Select(i => a.GetDouble(i) + (colour.GetValue(i) as string == "red" ? 2 : 0)).ToArray());
        var pipeline = (IRegressor)new Pipeline(
            new ColumnTransformer(
                new ColumnTransform("cat", new OneHotEncoder(), ColumnSelector.Names("colour")),
                new ColumnTransform("num", new StandardScaler(), ColumnSelector.Names("a"))),
            new RandomForestRegressor { NEstimators = 10 }).Fit(x, y);
        var folded = new TreeShap().Explain(pipeline, x, [0, 1, 2]);
        var kept = new TreeShap { KeepTransformedFeatures = true }.Explain(pipeline, x, [0, 1, 2]);
        Assert.Equal(["a", "colour"], folded.FeatureNames);
        Assert.Equal(["cat__colour_blue", "cat__colour_green", "cat__colour_red", "num__a"], kept.FeatureNames);
        for (var r = 0; r < 3; r++)
        {
            Close.Equal(kept.Values[0][r, 3], folded.Values[0][r, 0], 1e-12, 1e-12);
            Close.Equal(kept.Values[0][r, 0] + kept.Values[0][r, 1] + kept.Values[0][r, 2], folded.Values[0][r, 1], 1e-12, 1e-12);
        }
        ShapReference.AssertAdditive(folded, 1e-9);
        var mapping = FeatureMapping.Of((PipelineModel)pipeline);
        Assert.Equal([1, 1, 1, 0], mapping.Sources);
        Assert.Equal(ShapAlgorithm.Tree, Explainers.Choose(pipeline));
        var viaDispatcher = Explainers.Shap(pipeline, x, x, [0, 1, 2]);
        Assert.Equal(folded.Values[0].Data, viaDispatcher.Values[0].Data);
    }

    [Fact]
    public void WrongScalesAndModelsAreReported()
    {
        var x = ShapReference.RandomFrame(50, 3, 5);
        var model = new DecisionTreeClassifier().Fit(x, Target(x, true));
        Assert.Contains("kernel SHAP", Assert.Throws<AugurException>(() => new TreeShap { OutputSpace = OutputSpace.LogOdds }.Explain(model, x, [0])).Message);
        Assert.Contains("background", Assert.Throws<AugurException>(() => new TreeShap { FeaturePerturbation = FeaturePerturbation.Interventional }.Explain(model, x, [0])).Message);
        var knn = new Augur.Neighbors.KNeighborsRegressor().Fit(x, Target(x, false));
        Assert.Contains("kernel SHAP", Assert.Throws<AugurException>(() => new TreeShap().Explain(knn, x, [0])).Message);
    }
}
