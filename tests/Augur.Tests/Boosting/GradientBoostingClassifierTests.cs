using Augur.Boosting;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;
using CsCheck;

namespace Augur.Tests.Boosting;

public class GradientBoostingClassifierTests
{
    private static readonly Lazy<(GradientBoostingClassifierModel Model, Frame X, Column Y)> s_mixed = new(() =>
    {
        var (x, y) = BoostingTestData.Mixed(600, seed: 11);
        return (new GradientBoostingClassifier { NEstimators = 40, NThreads = 1 }.Fit(x, y), x, y);
    });

    private static readonly Lazy<(GradientBoostingClassifierModel Model, Frame X)> s_wine = new(() =>
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        return (new GradientBoostingClassifier { NEstimators = 30, NThreads = 1 }.Fit(x, y), x);
    });

    [Fact]
    public void BreastCancer_HeldOutAucAndAccuracy_MatchHistGradientBoosting()
    {
        var (trainX, trainY, testX, testY) = BoostingTestData.Split("breast_cancer.csv", "diagnosis", "breast_cancer");
        var model = new GradientBoostingClassifier().Fit(trainX, trainY);
        Assert.Equal(["benign", "malignant"], model.Classes.Names);
        var proba = model.PredictProba(testX);
        var labels = model.Classes.Encode(testY);
        var auc = BoostingTestData.Auc(labels, proba.Column(1));
        var accuracy = BoostingTestData.Accuracy(testY, model.Predict(testX));
        // Documented margin: within 0.01 AUC and 0.025 accuracy (fewer than 4 of 143 test rows) of scikit-learn's HGB.
        Assert.True(auc >= BoostingTestData.Reference("breast_cancer", "hgb_auc") - 0.01, $"AUC {auc}");
        Assert.True(accuracy >= BoostingTestData.Reference("breast_cancer", "hgb_accuracy") - 0.025, $"accuracy {accuracy}");
    }

    [Fact]
    public void Wine_HeldOutAccuracy_MatchesHistGradientBoosting()
    {
        var (trainX, trainY, testX, testY) = BoostingTestData.Split("wine.csv", "target", "wine");
        var model = new GradientBoostingClassifier().Fit(trainX, trainY);
        Assert.Equal(ModelTask.MulticlassClassification, model.Task);
        var accuracy = BoostingTestData.Accuracy(testY, model.Predict(testX));
        // 45 test rows: at most two more mistakes than HGB.
        Assert.True(accuracy >= BoostingTestData.Reference("wine", "hgb_accuracy") - 0.045, $"accuracy {accuracy}");
        Assert.Equal(ColumnType.Float64, model.Predict(testX).Type);
    }

    [Fact]
    public void Probabilities_AreValid_ForRandomRows() =>
        Gen.Double[-6, 6].Array[13].Sample(row =>
        {
            var (model, x) = s_wine.Value;
            var frame = new Frame(x.ColumnNames.Select((n, j) => (Column)new Float64Column(n, [row[j] * Math.Max(1, j * 10)])));
            var p = model.PredictProba(frame);
            Assert.Equal(3, p.Cols);
            Assert.All(p.Data, v => Assert.InRange(v, 0, 1));
            Close.Equal(1.0, p.Data.Sum(), 1e-12, 1e-12, "row sum");
        }, iter: 60, threads: 1);

    [Fact]
    public void Contributions_SumToRawPrediction_ForEveryRow() =>
        Gen.Select(Gen.Double[-3, 3].Array[5], Gen.Int[-1, 4], Gen.Int[-1, 5], Gen.Bool).Sample((values, colour, direction, missing) =>
        {
            var (model, x, _) = s_mixed.Value;
            string[] words = ["north", "south", "east", "west", "up", "unseen"];
            var frame = new Frame(
                new Float64Column("a", [values[0]]), new Float64Column("b", [values[1]]), new Float64Column("c", [values[2]]),
                new Float64Column("d", [values[3]]), new Float64Column("e with space", [missing ? double.NaN : values[4]]),
                new CategoricalColumn("colour", [colour], ["red", "green", "blue", "amber", "violet"]),
                new StringColumn("direction", [direction < 0 ? null : words[direction]]));
            var contributions = model.PredictContributions(frame);
            Assert.Single(contributions);
            Assert.Equal(x.ColumnCount + 1, contributions[0].Cols);
            var raw = model.PredictRaw(frame)[0, 0];
            Close.Equal(raw, contributions[0].Row(0).ToArray().Sum(), 1e-9, 1e-9, "contribution sum");
        }, iter: 80, threads: 1);

    [Fact]
    public void Contributions_MulticlassSumPerClass_AndBatchMatchesRows()
    {
        var (model, x) = s_wine.Value;
        var rows = x.Head(40);
        var contributions = model.PredictContributions(rows);
        var raw = model.PredictRaw(rows);
        Assert.Equal(3, contributions.Count);
        Assert.Equal(3, raw.Cols);
        for (var k = 0; k < 3; k++)
            for (var i = 0; i < rows.RowCount; i++)
                Close.Equal(raw[i, k], contributions[k].Row(i).ToArray().Sum(), 1e-9, 1e-9, $"class {k} row {i}");
        // The single-row fast path and the batch predictor agree bit for bit.
        var single = model.PredictContributions(x.Slice(7, 1));
        Assert.Equal(contributions[2].Row(7).ToArray(), single[2].Row(0).ToArray());
    }

    [Fact]
    public void CategoricalFeatures_UnseenCategoryPredictsAsMissing()
    {
        var (model, x, y) = s_mixed.Value;
        Assert.Equal(["red", "green", "blue", "amber"], model.Signature.Inputs[5].Categories);
        Assert.Equal(ColumnType.String, model.Signature.Inputs[6].Type);
        Assert.Equal(["east", "north", "south", "up", "west"], model.Signature.Inputs[6].Categories);
        var accuracy = BoostingTestData.Accuracy(y, model.Predict(x));
        Assert.True(accuracy > 0.85, $"training accuracy {accuracy}");

        Frame Row(string? colour, string? direction) => new(
            new Float64Column("a", [0.3]), new Float64Column("b", [-0.2]), new Float64Column("c", [0.1]), new Float64Column("d", [1.0]),
            new Float64Column("e with space", [0.5]),
            CategoricalColumn.FromStrings("colour", [colour], colour is null ? [] : [colour]),
            new StringColumn("direction", [direction]));
        Assert.Equal(model.PredictProba(Row(null, null)).Data, model.PredictProba(Row("violet", "nowhere")).Data);
        Assert.NotEqual(model.PredictProba(Row("green", "east")).Data, model.PredictProba(Row(null, null)).Data);
        // A categorical column whose category list is ordered differently maps by name, not by code.
        var reordered = new CategoricalColumn("colour", [0], ["green", "red"]);
        var byName = Row("green", "east").WithColumn(reordered);
        Assert.Equal(model.PredictProba(Row("green", "east")).Data, model.PredictProba(byName).Data);
    }

    [Fact]
    public void SaveLoad_PredictsBitForBit()
    {
        var (model, x, _) = s_mixed.Value;
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;
        var loaded = Assert.IsType<GradientBoostingClassifierModel>(ModelFile.Load(stream).Model);
        Assert.Equal(model.PredictProba(x).Data, loaded.PredictProba(x).Data);
        Assert.Equal(model.PredictRaw(x).Data, loaded.PredictRaw(x).Data);
        Assert.Equal(model.Predict(x).Format(3), loaded.Predict(x).Format(3));
        Assert.Equal(model.LightGbmModelText, loaded.LightGbmModelText);
        Assert.Equal(model.Options, loaded.Options);
        Assert.Equal(model.Signature.InputNames, loaded.Signature.InputNames);
        Assert.Equal(model.Signature.Inputs[5].Categories, loaded.Signature.Inputs[5].Categories);
    }

    [Fact]
    public void SaveLoad_KeepsHistory()
    {
        var (trainX, trainY, testX, testY) = BoostingTestData.Split("breast_cancer.csv", "diagnosis", "breast_cancer");
        var model = new GradientBoostingClassifier { NEstimators = 30, EvalMetric = "auc,binary_logloss" }.Fit(trainX, trainY, testX, testY);
        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;
        var loaded = (GradientBoostingClassifierModel)ModelFile.Load(stream).Model;
        Assert.Equal(model.History.Validation["auc"], loaded.History.Validation["auc"]);
        Assert.Equal(model.History.Validation["binary_logloss"], loaded.History.Validation["binary_logloss"]);
        Assert.Equal("auc", loaded.History.WatchedMetric);
        Assert.Equal(model.History.BestIteration, loaded.History.BestIteration);
        Assert.Equal(30, loaded.History.IterationsRun);
        Assert.Equal(model.PredictProba(testX).Data, loaded.PredictProba(testX).Data);
    }

    [Fact]
    public void Deterministic_SameSeed_IdenticalAcrossRunsAndThreadCounts()
    {
        var (x, y) = BoostingTestData.Mixed(2000, seed: 5);
        var options = new GradientBoostingClassifier
        {
            NEstimators = 25, Deterministic = true, RandomState = 7, Subsample = 0.7, SubsampleFreq = 1, ColsampleBytree = 0.7,
        };
        var one = (options with { NThreads = 1 }).Fit(x, y);
        var two = (options with { NThreads = 2 }).Fit(x, y);
        var again = (options with { NThreads = 2 }).Fit(x, y);
        Assert.Equal(one.PredictProba(x).Data, two.PredictProba(x).Data);
        Assert.Equal(two.PredictProba(x).Data, again.PredictProba(x).Data);
        Assert.Equal(Trees(one.LightGbmModelText), Trees(two.LightGbmModelText));
        // Another seed draws other bags.
        var other = (options with { RandomState = 8, NThreads = 2 }).Fit(x, y);
        Assert.NotEqual(one.PredictProba(x).Data, other.PredictProba(x).Data);
    }

    private static string Trees(string modelText) => modelText[..modelText.IndexOf("parameters:", StringComparison.Ordinal)];

    [Fact]
    public void ClassWeight_ByLabel_EqualsSampleWeights()
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var options = new GradientBoostingClassifier { NEstimators = 20, NThreads = 1 };
        var weighted = (options with { ClassWeight = "malignant=3" }).Fit(x, y);
        var sample = Enumerable.Range(0, y.Length).Select(i => y.Format(i) == "malignant" ? 3.0 : 1.0).ToArray();
        var bySample = options.Fit(x, y, sample);
        Assert.Equal(Trees(bySample.LightGbmModelText), Trees(weighted.LightGbmModelText));

        var balanced = (options with { ClassWeight = "balanced" }).Fit(x, y);
        var plain = options.Fit(x, y);
        Assert.True(balanced.PredictProba(x).Column(1).Average() > plain.PredictProba(x).Column(1).Average());
        Assert.Throws<AugurException>(() => (options with { ClassWeight = "maybe=2" }).Fit(x, y));
        Assert.Throws<AugurException>(() => (options with { ClassWeight = "heavy" }).Fit(x, y));
    }

    [Fact]
    public void RandomForestMode_LearnsAndNeedsBagging()
    {
        var (trainX, trainY, testX, testY) = BoostingTestData.Split("breast_cancer.csv", "diagnosis", "breast_cancer");
        var forest = GradientBoostingClassifier.RandomForest() with { NEstimators = 50 };
        var model = forest.Fit(trainX, trainY);
        var auc = BoostingTestData.Auc(model.Classes.Encode(testY), model.PredictProba(testX).Column(1));
        Assert.True(auc > 0.97, $"AUC {auc}");
        Assert.Contains("boosting: rf", model.LightGbmModelText, StringComparison.Ordinal);
        var e = Assert.Throws<AugurException>(() => new GradientBoostingClassifier { BoostingType = BoostingType.Rf }.Fit(trainX, trainY));
        Assert.Contains("subsample", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dart_Trains_ButRefusesEarlyStopping()
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var model = new GradientBoostingClassifier { BoostingType = BoostingType.Dart, NEstimators = 20 }.Fit(x, y);
        Assert.Equal(20, model.Iterations);
        Assert.Throws<AugurException>(() =>
            new GradientBoostingClassifier { BoostingType = BoostingType.Dart, EarlyStoppingRounds = 5 }.Fit(x, y, x, y));
    }

    [Fact]
    public void BadInput_GivesClearErrors()
    {
        var (model, x, y) = s_mixed.Value;
        var missing = Assert.Throws<AugurException>(() => model.Predict(x.Drop("b")));
        Assert.Contains("'b'", missing.Message, StringComparison.Ordinal);
        var wrongType = x.WithColumn(new StringColumn("a", Enumerable.Repeat("x", x.RowCount).ToArray()));
        Assert.Throws<AugurException>(() => model.Predict(wrongType));
        Assert.Throws<AugurException>(() => new GradientBoostingClassifier().Fit(x, new StringColumn("label", new string?[x.RowCount])));
        Assert.Throws<AugurException>(() => new GradientBoostingClassifier().Fit(x, null));
        Assert.Throws<AugurException>(() => new GradientBoostingClassifier().Fit(x, new StringColumn("one", Enumerable.Repeat("a", x.RowCount).ToArray())));
        var dates = x.WithColumn(new DateTimeColumn("when", new long[x.RowCount]));
        Assert.Contains("datetime", Assert.Throws<AugurException>(() => new GradientBoostingClassifier().Fit(dates, y)).Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => new GradientBoostingClassifier().Fit(x, y, new double[3]));
    }
}
