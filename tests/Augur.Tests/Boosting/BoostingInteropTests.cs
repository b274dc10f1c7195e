using Augur.Boosting;
using Augur.Data;
using Augur.Serialization;

namespace Augur.Tests.Boosting;

/// <summary>Export to LightGBM's own model file and import of LightGBM model files; the catalog and option names.</summary>
public class BoostingInteropTests
{
    [Fact]
    public void ExportThenImport_WithSignature_PredictsIdentically()
    {
        var (x, y) = BoostingTestData.Mixed(500, seed: 21);
        var model = new GradientBoostingClassifier { NEstimators = 30 }.Fit(x, y);
        var path = Path.Combine(Path.GetTempPath(), $"augur-lgbm-{Guid.NewGuid():N}.txt");
        try
        {
            model.ExportLightGbmModel(path);
            var text = File.ReadAllText(path);
            Assert.StartsWith("tree\nversion=v4", text, StringComparison.Ordinal);
            Assert.Contains("feature_names=a b c d e_with_space colour direction", text, StringComparison.Ordinal);
            var imported = Assert.IsType<GradientBoostingClassifierModel>(GradientBoosting.ImportLightGbmModel(path, model.Signature));
            Assert.Equal(model.PredictProba(x).Data, imported.PredictProba(x).Data);
            Assert.Equal(model.Predict(x).Format(10), imported.Predict(x).Format(10));
            Assert.Null(imported.Options);
            Assert.Equal(30, imported.Iterations);

            // Imported models are Augur models: they save and load like any other.
            using var stream = new MemoryStream();
            ModelFile.Save(imported, stream);
            stream.Position = 0;
            var reloaded = (GradientBoostingClassifierModel)ModelFile.Load(stream).Model;
            Assert.Equal(model.PredictProba(x).Data, reloaded.PredictProba(x).Data);
            Assert.Null(reloaded.Options);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Import_InfersSignatureFromTheFile()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var model = new GradientBoostingClassifier { NEstimators = 15 }.Fit(x, y);
        var imported = GradientBoosting.FromLightGbmModelText(model.LightGbmModelText);
        var classifier = Assert.IsType<GradientBoostingClassifierModel>(imported);
        Assert.Equal(ModelTask.MulticlassClassification, classifier.Task);
        Assert.Equal(["0", "1", "2"], classifier.Classes.Names);
        // LightGBM's names: "od280/od315_of_diluted_wines" is kept, blanks would have become '_'.
        Assert.Equal(x.ColumnNames, classifier.Signature.InputNames);
        Assert.All(classifier.Signature.Inputs, i => Assert.Equal(ColumnType.Float64, i.Type));
        Assert.Equal(model.PredictProba(x).Data, classifier.PredictProba(x).Data);
        Assert.Equal(y.Format(0), classifier.Predict(x).Format(0));

        var (rx, ry) = TestData.LoadXy("diabetes.csv", "target");
        var regressor = new GradientBoostingRegressor { NEstimators = 10, Objective = RegressionObjective.Huber }.Fit(rx, ry);
        var importedRegressor = Assert.IsType<GradientBoostingRegressorModel>(GradientBoosting.FromLightGbmModelText(regressor.LightGbmModelText));
        Assert.Equal(regressor.PredictValues(rx), importedRegressor.PredictValues(rx));
    }

    [Fact]
    public void Import_ChecksTheSignature()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var model = new GradientBoostingClassifier { NEstimators = 5 }.Fit(x, y);
        var tooFew = model.Signature with { Inputs = model.Signature.Inputs.Take(5).ToArray() };
        Assert.Throws<AugurException>(() => GradientBoosting.FromLightGbmModelText(model.LightGbmModelText, tooFew));
        var regression = model.Signature with { Task = ModelTask.Regression, Classes = null };
        Assert.Throws<AugurException>(() => GradientBoosting.FromLightGbmModelText(model.LightGbmModelText, regression));
        Assert.Throws<AugurException>(() => GradientBoosting.ImportLightGbmModel("/nonexistent/model.txt"));
    }

    [Fact]
    public void CorruptModelText_InAModelFile_IsAModelFormatError()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        var model = new GradientBoostingClassifier { NEstimators = 3 }.Fit(x, y);
        var broken = new BrokenTextModel(model);
        ModelRegistry.Register(BrokenTextModel.KindName, GradientBoostingClassifierModel.Load);
        using var stream = new MemoryStream();
        ModelFile.Save(broken, stream);
        stream.Position = 0;
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(stream));
        Assert.Contains("LightGBM", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Writes a classifier with its LightGBM text cut in half.</summary>
    private sealed class BrokenTextModel(GradientBoostingClassifierModel inner) : IModel
    {
        public const string KindName = "test_broken_gbdt";
        public string Kind => KindName;
        public ModelSignature Signature => inner.Signature;

        public void Save(ModelWriter writer)
        {
            var text = inner.LightGbmModelText;
            writer.Write("classes", inner.Classes);
            writer.Write("has_options", false);
            writer.Write("signature", inner.Signature);
            writer.Write("lightgbm_feature_names", inner.Signature.InputNames.ToArray());
            writer.Write("n_threads", 0);
            writer.WriteText("lightgbm_model", text[..(text.Length / 2)].Replace("Tree=1", "Tree=x", StringComparison.Ordinal));
            writer.Write("validation_metrics", Array.Empty<string>());
            writer.Write("training_metrics", Array.Empty<string>());
            writer.Write("watched_metric", (string?)null);
            writer.Write("best_iteration", 0);
            writer.Write("iterations_run", 3);
            writer.Write("stopped_early", false);
        }
    }

    [Fact]
    public void Catalog_ListsGbdtNames()
    {
        Assert.IsType<GradientBoostingClassifier>(EstimatorCatalog.Create("gbdt", ModelTask.BinaryClassification));
        Assert.IsType<GradientBoostingRegressor>(EstimatorCatalog.Create("gbdt", ModelTask.Regression));
        var forest = Assert.IsType<GradientBoostingClassifier>(EstimatorCatalog.Create("gbdt-rf", ModelTask.MulticlassClassification));
        Assert.Equal(BoostingType.Rf, forest.BoostingType);
        Assert.Equal(BoostingType.Rf, Assert.IsType<GradientBoostingRegressor>(EstimatorCatalog.Create("gbdt-rf", ModelTask.Regression)).BoostingType);
        Assert.IsType<GradientBoostingRanker>(EstimatorCatalog.Create("gbdt-rank", ModelTask.Ranking));
        Assert.Contains("gbdt-rank", EstimatorCatalog.Supporting(ModelTask.Ranking));
        Assert.DoesNotContain("gbdt-rank", EstimatorCatalog.Supporting(ModelTask.Regression));
        Assert.Throws<AugurException>(() => EstimatorCatalog.Create("gbdt-rank", ModelTask.Regression));
        foreach (var kind in new[] { "gbdt_classifier", "gbdt_regressor", "gbdt_ranker" }) Assert.Contains(kind, ModelRegistry.Kinds);
    }

    [Fact]
    public void OptionNames_ReadWellInSnakeCase_AndParseFromText()
    {
        var names = EstimatorParameters.Describe(new GradientBoostingClassifier()).Select(p => p.Name).ToArray();
        foreach (var expected in new[]
                 {
                     "boosting_type", "n_estimators", "learning_rate", "num_leaves", "max_depth", "min_child_samples", "min_child_weight",
                     "min_split_gain", "subsample", "subsample_freq", "colsample_bytree", "reg_alpha", "reg_lambda", "max_bin",
                     "monotone_constraints", "early_stopping_rounds", "eval_metric", "random_state", "deterministic", "n_threads",
                     "extra_parameters", "class_weight",
                 })
            Assert.Contains(expected, names);
        var set = EstimatorParameters.WithStrings(new GradientBoostingRegressor(), new Dictionary<string, string>
        {
            ["n_estimators"] = "50", ["max_depth"] = "none", ["boosting_type"] = "rf", ["objective"] = "quantile", ["alpha"] = "0.5",
            ["colsample_bytree"] = "0.5", ["eval_metric"] = "l1",
        });
        Assert.Equal(50, set.NEstimators);
        Assert.Null(set.MaxDepth);
        Assert.Equal(BoostingType.Rf, set.BoostingType);
        Assert.Equal(RegressionObjective.Quantile, set.Objective);
        Assert.Equal("l1", set.EvalMetric);
        var ranker = EstimatorParameters.WithStrings(new GradientBoostingRanker(), new Dictionary<string, string> { ["objective"] = "rank_xendcg", ["group_column"] = "qid" });
        Assert.Equal(RankingObjective.RankXendcg, ranker.Objective);
        Assert.Equal("qid", ranker.GroupColumn);
        Assert.Throws<UnknownParameterException>(() => EstimatorParameters.WithStrings(new GradientBoostingClassifier(), new Dictionary<string, string> { ["n_trees"] = "5" }));
    }
}
