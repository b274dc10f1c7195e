using Augur.Data;
using Augur.Ensemble;
using Augur.Serialization;
using Augur.Tests.Trees;
using CsCheck;

namespace Augur.Tests.Ensemble;

/// <summary>Properties, model files and input checking of the forests.</summary>
public sealed class ForestModelTests
{
    [Fact]
    public void ResultsDoNotDependOnThreadCount()
    {
        Gen.Select(Gen.Int[40, 160], Gen.Int[2, 6], Gen.Int[0, 10_000], Gen.Bool).Sample((n, p, seed, extra) =>
        {
            var (x, y) = TreeTestData.Classification(n, p, 3, seed);
            IClassifier Fit(int jobs) => extra
                ? new ExtraTreesClassifier { NEstimators = 12, NJobs = jobs, RandomState = seed, Bootstrap = true, OobScore = true }.Fit(x, y)
                : new RandomForestClassifier { NEstimators = 12, NJobs = jobs, RandomState = seed, OobScore = true, ClassWeight = "balanced_subsample" }.Fit(x, y);
            var one = Fit(1);
            var three = Fit(3);
            Assert.Equal(TreeTestData.Bits(one.PredictProba(x)), TreeTestData.Bits(three.PredictProba(x)));
            var (xr, yr) = TreeTestData.Regression(n, p, seed);
            var r1 = new RandomForestRegressor { NEstimators = 8, NJobs = 1, RandomState = seed, MaxSamples = 0.6 }.Fit(xr, yr);
            var r4 = new RandomForestRegressor { NEstimators = 8, NJobs = 4, RandomState = seed, MaxSamples = 0.6 }.Fit(xr, yr);
            Assert.Equal(TreeTestData.Bits(r1.PredictValues(xr)), TreeTestData.Bits(r4.PredictValues(xr)));
            Assert.Equal(TreeTestData.Bits(r1.FeatureImportances.ToArray()), TreeTestData.Bits(r4.FeatureImportances.ToArray()));
        }, iter: 8);
    }

    [Fact]
    public void ProbabilitiesSumToOneAndRowsAgree()
    {
        Gen.Select(Gen.Int[30, 150], Gen.Int[1, 5], Gen.Int[2, 4], Gen.Int[0, 10_000]).Sample((n, p, k, seed) =>
        {
            var (x, y) = TreeTestData.Classification(n, p, k, seed, stringLabels: true);
            var model = new RandomForestClassifier { NEstimators = 10, RandomState = seed, MaxDepth = 5 }.Fit(x, y);
            var proba = model.PredictProba(x);
            var m = x.ToMatrix();
            var row = new double[proba.Cols];
            for (var i = 0; i < proba.Rows; i++)
            {
                var sum = 0.0;
                foreach (var v in proba.Row(i)) sum += v;
                Assert.Equal(1.0, sum, 12);
                model.PredictProbaRow(m.Row(i), row);
                Assert.Equal(TreeTestData.Bits(proba.Row(i)), TreeTestData.Bits(row));
            }
            var labels = model.Predict(x);
            for (var i = 0; i < proba.Rows; i++) Assert.Equal(model.Classes[model.PredictRow(m.Row(i))], labels.Format(i));
        }, iter: 15);
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        var (x, y) = TreeTestData.Classification(150, 5, 3, 12, stringLabels: true);
        var (xr, yr) = TreeTestData.Regression(150, 5, 12);
        var models = new IModel[]
        {
            new RandomForestClassifier { NEstimators = 9, OobScore = true }.Fit(x, y),
            new ExtraTreesClassifier { NEstimators = 9, MaxLeafNodes = 6 }.Fit(x, y),
            new RandomForestRegressor { NEstimators = 9, OobScore = true, Criterion = Augur.Trees.RegressionCriterion.FriedmanMse }.Fit(xr, yr),
            new ExtraTreesRegressor { NEstimators = 9, MinSamplesLeaf = 3 }.Fit(xr, yr),
        };
        foreach (var model in models)
        {
            var loaded = TreeTestData.RoundTrip(model);
            Assert.Equal(model.GetType(), loaded.GetType());
            switch (model)
            {
                case IClassifier c:
                    Assert.Equal(TreeTestData.Bits(c.PredictProba(x)), TreeTestData.Bits(((IClassifier)loaded).PredictProba(x)));
                    break;
                case IRegressor r:
                    Assert.Equal(TreeTestData.Bits(r.PredictValues(xr)), TreeTestData.Bits(((IRegressor)loaded).PredictValues(xr)));
                    break;
            }
        }
        var rf = (RandomForestClassifierModel)models[0];
        var rf2 = (RandomForestClassifierModel)TreeTestData.RoundTrip(rf);
        Assert.Equal(rf.OobScore, rf2.OobScore);
        Assert.Equal(TreeTestData.Bits(rf.OobDecisionFunction!), TreeTestData.Bits(rf2.OobDecisionFunction!));
        Assert.Equal(rf.Estimators.Count, rf2.Estimators.Count);
        var rr = (RandomForestRegressorModel)models[2];
        Assert.Equal(rr.OobScore, ((RandomForestRegressorModel)TreeTestData.RoundTrip(rr)).OobScore);
        Assert.Null(((ExtraTreesClassifierModel)models[1]).OobScore);
    }

    [Fact]
    public void OutOfBagPredictionsUseOnlyTreesThatLeftTheRowOut()
    {
        var (x, y) = TreeTestData.Regression(120, 3, 8);
        var model = new RandomForestRegressor { NEstimators = 30, OobScore = true, RandomState = 3 }.Fit(x, y);
        var oob = model.OobPrediction!;
        var train = model.PredictValues(x);
        var target = y.ToDoubleArray();
        // In-bag fits nearly interpolate; out-of-bag errors must be clearly larger, and the score is the R² of OobPrediction.
        double inErr = 0, oobErr = 0, mean = target.Average(), tot = 0;
        for (var i = 0; i < target.Length; i++)
        {
            inErr += (train[i] - target[i]) * (train[i] - target[i]);
            oobErr += (oob[i] - target[i]) * (oob[i] - target[i]);
            tot += (target[i] - mean) * (target[i] - mean);
        }
        Assert.True(oobErr > 2 * inErr);
        Assert.Equal(1 - oobErr / tot, model.OobScore!.Value, 12);
    }

    [Fact]
    public void EstimatorsAreExposedAndImportancesAverage()
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var model = new ExtraTreesClassifier { NEstimators = 5, MaxDepth = 3 }.Fit(x, y);
        Assert.Equal(5, model.Estimators.Count);
        var mean = new double[x.ColumnCount];
        foreach (var t in model.Estimators)
        {
            Assert.True(t.MaxDepth <= 3);
            var imp = t.FeatureImportances();
            for (var f = 0; f < mean.Length; f++) mean[f] += imp[f] / 5;
        }
        var sum = mean.Sum();
        Close.Equal(mean.Select(v => v / sum).ToArray(), model.FeatureImportances.ToArray(), 1e-12, 1e-15);
        var leaves = model.Apply(x);
        Assert.Equal(x.RowCount, leaves.GetLength(0));
        Assert.Equal(5, leaves.GetLength(1));
        Assert.True(model.Estimators[2].IsLeaf(leaves[10, 2]));
    }

    [Fact]
    public void BadOptionsAndCorruptFilesGiveClearErrors()
    {
        var (x, y) = TreeTestData.Classification(60, 3, 2, 2);
        Assert.Contains("bootstrap", Assert.ThrowsAny<AugurException>(() => new ExtraTreesClassifier { OobScore = true }.Fit(x, y)).Message);
        Assert.Contains("max_samples", Assert.ThrowsAny<AugurException>(() => new ExtraTreesClassifier { MaxSamples = 0.5 }.Fit(x, y)).Message);
        Assert.Contains("max_samples", Assert.ThrowsAny<AugurException>(() => new RandomForestClassifier { MaxSamples = 1000 }.Fit(x, y)).Message);
        Assert.Contains("n_estimators", Assert.ThrowsAny<AugurException>(() => new RandomForestRegressor { NEstimators = 0 }.Fit(x, y)).Message);
        Assert.Contains("class_weight", Assert.ThrowsAny<AugurException>(() => new RandomForestClassifier { ClassWeight = "2:1" }.Fit(x, y)).Message);

        var bytes = TreeTestData.Save(new RandomForestClassifier { NEstimators = 3, MaxDepth = 3 }.Fit(x, y));
        Assert.IsType<RandomForestClassifierModel>(TreeTestData.Load(bytes));
        Assert.Throws<ModelFormatException>(() => TreeTestData.Load(TreeTestData.TamperInt32s(bytes, "tree_node_counts", a => { a[0]++; return a; })));
        Assert.Throws<ModelFormatException>(() => TreeTestData.Load(TreeTestData.TamperInt32s(bytes, "tree_node_counts", a => [])));
        Assert.Throws<ModelFormatException>(() => TreeTestData.Load(TreeTestData.TamperInt32s(bytes, "left", a => { a[^1] = 1; return a; })));
        Assert.Throws<ModelFormatException>(() => TreeTestData.Load(TreeTestData.TamperInt32s(bytes, "feature", a => { a[0] = -5; return a; })));
    }
}
