using Augur.Data;
using Augur.Ensemble;
using Augur.Numerics;
using Augur.Serialization;
using Augur.Trees;
using CsCheck;

namespace Augur.Tests.Trees;

/// <summary>Properties, model files and input checking of the single-tree models.</summary>
public sealed class TreeModelTests
{
    [Fact]
    public void ProbabilitiesSumToOneAndPredictRowAgrees()
    {
        Gen.Select(Gen.Int[20, 200], Gen.Int[1, 6], Gen.Int[2, 5], Gen.Int[0, 10_000], Gen.Int[0, 3]).Sample((n, p, k, seed, variant) =>
        {
            var (x, y) = TreeTestData.Classification(n, p, k, seed);
            var est = new DecisionTreeClassifier
            {
                MaxDepth = variant == 1 ? 3 : null,
                MaxLeafNodes = variant == 2 ? 5 : null,
                MaxFeatures = variant == 3 ? "sqrt" : null,
                Splitter = variant == 3 ? TreeSplitter.Random : TreeSplitter.Best,
                RandomState = seed,
            };
            var model = est.Fit(x, y);
            var proba = model.PredictProba(x);
            var m = x.ToMatrix();
            var row = new double[proba.Cols];
            for (var i = 0; i < proba.Rows; i++)
            {
                var sum = 0.0;
                foreach (var v in proba.Row(i))
                {
                    Assert.InRange(v, 0.0, 1.0);
                    sum += v;
                }
                Assert.Equal(1.0, sum, 12);
                model.PredictProbaRow(m.Row(i), row);
                Assert.Equal(TreeTestData.Bits(proba.Row(i)), TreeTestData.Bits(row));
                Assert.Equal(TreeEnsemblePredictorArgMax(proba.Row(i)), model.PredictRow(m.Row(i)));
            }
            if (variant == 2) Assert.True(model.Tree.LeafCount <= 5);
            if (variant == 1) Assert.True(model.Tree.MaxDepth <= 3);
        }, iter: 40);
    }

    private static int TreeEnsemblePredictorArgMax(ReadOnlySpan<double> v)
    {
        var best = 0;
        for (var c = 1; c < v.Length; c++) if (v[c] > v[best]) best = c;
        return best;
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        Gen.Select(Gen.Int[20, 150], Gen.Int[1, 5], Gen.Int[0, 10_000]).Sample((n, p, seed) =>
        {
            var (x, y) = TreeTestData.Classification(n, p, 3, seed, stringLabels: true);
            var clf = new DecisionTreeClassifier { MinSamplesLeaf = 2 }.Fit(x, y);
            var clf2 = Assert.IsType<DecisionTreeClassifierModel>(TreeTestData.RoundTrip(clf));
            Assert.Equal(TreeTestData.Bits(clf.PredictProba(x)), TreeTestData.Bits(clf2.PredictProba(x)));
            Assert.Equal(clf.Tree.Thresholds.ToArray(), clf2.Tree.Thresholds.ToArray());
            Assert.Equal(clf.Options, clf2.Options);
            Assert.Equal(clf.Classes.Names, clf2.Classes.Names);

            var (xr, yr) = TreeTestData.Regression(n, p, seed);
            var reg = new DecisionTreeRegressor { Criterion = RegressionCriterion.FriedmanMse, MaxDepth = 6 }.Fit(xr, yr);
            var reg2 = Assert.IsType<DecisionTreeRegressorModel>(TreeTestData.RoundTrip(reg));
            Assert.Equal(TreeTestData.Bits(reg.PredictValues(xr)), TreeTestData.Bits(reg2.PredictValues(xr)));
            Assert.Equal(TreeTestData.Bits(reg.FeatureImportances.ToArray()), TreeTestData.Bits(reg2.FeatureImportances.ToArray()));
        }, iter: 15);
    }

    [Fact]
    public void FullyGrownRegressionTreeInterpolatesDistinctRows()
    {
        var (x, y) = TreeTestData.Regression(300, 3, 5);
        var model = new DecisionTreeRegressor().Fit(x, y);
        Close.Equal(y.ToDoubleArray(), model.PredictValues(x), 0, 0, "training predictions");
        Assert.Equal(300, model.Tree.LeafCount);
    }

    [Fact]
    public void ApplyDecisionPathAndStructureAgree()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var model = new DecisionTreeClassifier { MaxDepth = 4 }.Fit(x, y);
        var tree = model.Tree;
        var leaves = model.Apply(x);
        var path = model.DecisionPath(x);
        for (var i = 0; i < x.RowCount; i++)
        {
            var nodes = path.RowIndices(i);
            Assert.Equal(0, nodes[0]);
            Assert.Equal(leaves[i], nodes[^1]);
            Assert.True(tree.IsLeaf(leaves[i]));
            for (var k = 1; k < nodes.Length; k++)
                Assert.True(tree.LeftChildren[nodes[k - 1]] == nodes[k] || tree.RightChildren[nodes[k - 1]] == nodes[k]);
        }
        // Node sample counts add up and leaf counts match Apply.
        for (var j = 0; j < tree.NodeCount; j++)
        {
            if (tree.IsLeaf(j)) Assert.Equal(leaves.Count(l => l == j), tree.NodeSampleCounts[j]);
            else Assert.Equal(tree.NodeSampleCounts[j], tree.NodeSampleCounts[tree.LeftChildren[j]] + tree.NodeSampleCounts[tree.RightChildren[j]]);
            Assert.Equal(tree.Depths[j] == 0, j == 0);
        }
        Assert.Equal(tree.Apply(x.ToMatrix().Row(7)), leaves[7]);
    }

    [Fact]
    public void ZeroWeightRowsAreIgnored()
    {
        var (x, y) = TreeTestData.Classification(120, 4, 3, 9);
        var weights = Enumerable.Range(0, 120).Select(i => i % 4 == 0 ? 0.0 : 1.0).ToArray();
        var keep = Enumerable.Range(0, 120).Where(i => i % 4 != 0).ToArray();
        var a = new DecisionTreeClassifier().Fit(x, y, weights);
        var b = new DecisionTreeClassifier().Fit(x.Take(keep), y.Take(keep));
        Assert.Equal(b.Tree.Thresholds.ToArray(), a.Tree.Thresholds.ToArray());
        Assert.Equal(b.Tree.Features.ToArray(), a.Tree.Features.ToArray());
    }

    [Fact]
    public void IntegerWeightsEqualRepeatedRows()
    {
        var (x, yReal) = TreeTestData.Regression(80, 3, 2);
        // Integer targets keep every weighted sum exact, so both fits see identical split scores.
        var y = new Float64Column("y", yReal.ToDoubleArray().Select(v => Math.Round(10 * v)).ToArray());
        var weights = Enumerable.Range(0, 80).Select(i => (double)(1 + i % 3)).ToArray();
        var repeated = Enumerable.Range(0, 80).SelectMany(i => Enumerable.Repeat(i, 1 + i % 3)).ToArray();
        var a = new DecisionTreeRegressor { MaxDepth = 4 }.Fit(x, y, weights);
        var b = new DecisionTreeRegressor { MaxDepth = 4 }.Fit(x.Take(repeated), y.Take(repeated));
        Assert.Equal(b.Tree.Features.ToArray(), a.Tree.Features.ToArray());
        Assert.Equal(b.Tree.Thresholds.ToArray(), a.Tree.Thresholds.ToArray());
        Close.Equal(b.Tree.Values, a.Tree.Values, 1e-12, 1e-12);
    }

    [Fact]
    public void BalancedClassWeightEqualsExplicitWeights()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var counts = Enumerable.Range(0, 3).Select(c => y.ToDoubleArray().Count(v => v == c)).ToArray();
        var explicitWeights = string.Join(",", Enumerable.Range(0, 3).Select(c => $"{c}:{(178.0 / (3.0 * counts[c])).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));
        var a = new DecisionTreeClassifier { ClassWeight = "balanced", MaxDepth = 3 }.Fit(x, y);
        var b = new DecisionTreeClassifier { ClassWeight = explicitWeights, MaxDepth = 3 }.Fit(x, y);
        Assert.Equal(TreeTestData.Bits(a.Tree.Values), TreeTestData.Bits(b.Tree.Values));
    }

    [Fact]
    public void RandomStateOnlyMattersWhenSampling()
    {
        var (x, y) = TreeTestData.Classification(200, 6, 3, 4);
        var a = new DecisionTreeClassifier { RandomState = 1 }.Fit(x, y);
        var b = new DecisionTreeClassifier { RandomState = 2 }.Fit(x, y);
        Assert.Equal(a.Tree.Thresholds.ToArray(), b.Tree.Thresholds.ToArray());
        var c = new DecisionTreeClassifier { RandomState = 1, MaxFeatures = "2" }.Fit(x, y);
        var d = new DecisionTreeClassifier { RandomState = 1, MaxFeatures = "2" }.Fit(x, y);
        var e = new DecisionTreeClassifier { RandomState = 2, MaxFeatures = "2" }.Fit(x, y);
        Assert.Equal(c.Tree.Thresholds.ToArray(), d.Tree.Thresholds.ToArray());
        Assert.NotEqual(c.Tree.Thresholds.ToArray(), e.Tree.Thresholds.ToArray());
        Assert.Equal(2, c.MaxFeaturesUsed);
    }

    [Fact]
    public void SingleClassGivesOneLeaf()
    {
        var x = new Frame(new Float64Column("a", [1.0, 2.0, 3.0]));
        var model = new DecisionTreeClassifier().Fit(x, new StringColumn("y", ["a", "a", "a"]));
        Assert.Equal(1, model.Tree.NodeCount);
        Assert.Equal(["a", "a", "a"], Enumerable.Range(0, 3).Select(model.Predict(x).Format));
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var (x, y) = TreeTestData.Classification(50, 3, 2, 1);
        var withNan = x.WithColumn(new Float64Column("f1", Enumerable.Range(0, 50).Select(i => i == 7 ? double.NaN : i).ToArray()));
        Assert.Contains("missing", Assert.ThrowsAny<AugurException>(() => new DecisionTreeClassifier().Fit(withNan, y)).Message);
        var huge = x.WithColumn(new Float64Column("f1", Enumerable.Range(0, 50).Select(i => i == 3 ? 1e300 : i).ToArray()));
        Assert.Contains("single precision", Assert.ThrowsAny<AugurException>(() => new DecisionTreeRegressor().Fit(huge, new Float64Column("t", new double[50]))).Message);
        var text = x.WithColumn(new StringColumn("s", Enumerable.Repeat("u", 50).ToArray()));
        Assert.Contains("'s'", Assert.ThrowsAny<AugurException>(() => new DecisionTreeClassifier().Fit(text, y)).Message);
        Assert.Contains("numeric target", Assert.ThrowsAny<AugurException>(() => new DecisionTreeRegressor().Fit(x, new StringColumn("t", Enumerable.Repeat("a", 50).ToArray()))).Message);
        Assert.Contains("max_features", Assert.ThrowsAny<AugurException>(() => new DecisionTreeClassifier { MaxFeatures = "most" }.Fit(x, y)).Message);
        Assert.Contains("max_features", Assert.ThrowsAny<AugurException>(() => new DecisionTreeClassifier { MaxFeatures = "9" }.Fit(x, y)).Message);
        Assert.Contains("min_samples_split", Assert.ThrowsAny<AugurException>(() => new DecisionTreeClassifier { MinSamplesSplit = 1 }.Fit(x, y)).Message);
        Assert.Contains("max_leaf_nodes", Assert.ThrowsAny<AugurException>(() => new DecisionTreeRegressor { MaxLeafNodes = 1 }.Fit(x, y)).Message);
        Assert.Contains("class 'zz'", Assert.ThrowsAny<AugurException>(() => new DecisionTreeClassifier { ClassWeight = "zz:2" }.Fit(x, y)).Message);
        Assert.Contains("sample weights", Assert.ThrowsAny<AugurException>(() => new DecisionTreeClassifier().Fit(x, y, new double[3])).Message);

        var model = new DecisionTreeClassifier().Fit(x, y);
        Assert.Contains("'f2'", Assert.ThrowsAny<AugurException>(() => model.Predict(x.Drop("f2"))).Message);
        Assert.Contains("missing", Assert.ThrowsAny<AugurException>(() => model.PredictProba(withNan)).Message);
        Assert.Contains("3 features", Assert.ThrowsAny<AugurException>(() => model.PredictRow([1.0, 2.0])).Message);
        Assert.Contains("too large", Assert.ThrowsAny<AugurException>(() => model.PredictRow([1.0, 1e300, 2.0])).Message);
    }

    [Fact]
    public void CorruptTreesAreRejected()
    {
        var (x, y) = TreeTestData.Classification(80, 3, 2, 3);
        var bytes = TreeTestData.Save(new DecisionTreeClassifier { MaxDepth = 3 }.Fit(x, y));
        Assert.IsType<DecisionTreeClassifierModel>(TreeTestData.Load(bytes));
        void Rejects(string key, Func<int[], int[]> change, string fragment)
        {
            var e = Assert.Throws<ModelFormatException>(() => TreeTestData.Load(TreeTestData.TamperInt32s(bytes, key, change)));
            Assert.Contains(fragment, e.Message);
        }
        Rejects("tree_left", a => { a[0] = 0; return a; }, "invalid children");
        Rejects("tree_right", a => { a[0] = 10_000; return a; }, "invalid children");
        Rejects("tree_left", a => { a[0] = -1; return a; }, "only one child");
        Rejects("tree_feature", a => { a[0] = 7; return a; }, "feature 7");
        Rejects("tree_feature", a => a[..^1], "entries");
        Rejects("tree_left", a =>
        {
            // Point the root's left child at the grandchild, orphaning a node.
            var l = a[0];
            if (a[l] >= 0) a[0] = a[l];
            return a;
        }, "tree");
    }

    [Fact]
    public void TreeStructureConstructorValidates()
    {
        int[] leaf = [-1];
        int[] f = [-2];
        double[] t = [-2.0];
        var ok = new TreeStructure(2, 1, leaf, leaf, f, t, [1.0], [0.0], [3], [3.0]);
        Assert.Equal(1, ok.LeafCount);
        Assert.Throws<ArgumentException>(() => new TreeStructure(2, 1, [1, -1, -1], [2, -1, -1], [5, -2, -2], [0, -2, -2], [1, 1, 1], [0, 0, 0], [2, 1, 1], [2, 1, 1]));
        Assert.Throws<ArgumentException>(() => new TreeStructure(2, 1, [2, -1, 1], [1, -1, -1], [0, -2, -2], [0, -2, -2], [1, 1, 1], [0, 0, 0], [2, 1, 1], [2, 1, 1]));
        Assert.Throws<ArgumentException>(() => new TreeStructure(2, 2, leaf, leaf, f, t, [1.0], [0.0], [3], [3.0]));
    }

    [Fact]
    public void CatalogNamesMakeTheRightEstimators()
    {
        Assert.IsType<DecisionTreeClassifier>(EstimatorCatalog.Create("tree", ModelTask.BinaryClassification));
        Assert.IsType<DecisionTreeRegressor>(EstimatorCatalog.Create("tree", ModelTask.Regression));
        Assert.IsType<RandomForestClassifier>(EstimatorCatalog.Create("forest", ModelTask.MulticlassClassification));
        Assert.IsType<RandomForestRegressor>(EstimatorCatalog.Create("forest", ModelTask.Regression));
        Assert.IsType<ExtraTreesClassifier>(EstimatorCatalog.Create("extra-trees", ModelTask.BinaryClassification));
        Assert.IsType<ExtraTreesRegressor>(EstimatorCatalog.Create("extra-trees", ModelTask.Regression));
        var set = EstimatorParameters.WithStrings(new RandomForestClassifier(), new Dictionary<string, string>
        {
            ["n_estimators"] = "7", ["max_features"] = "log2", ["class_weight"] = "balanced_subsample", ["max_samples"] = "0.5", ["n_jobs"] = "1",
        });
        Assert.Equal(7, set.NEstimators);
        Assert.Equal("log2", set.MaxFeatures);
        Assert.Equal(0.5, set.MaxSamples);
        foreach (var kind in new[] { "decision_tree_classifier", "decision_tree_regressor", "random_forest_classifier", "random_forest_regressor", "extra_trees_classifier", "extra_trees_regressor" })
            Assert.True(ModelRegistry.IsRegistered(kind), kind);
    }
}
