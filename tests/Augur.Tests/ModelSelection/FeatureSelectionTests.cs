using Augur.Data;
using Augur.FeatureSelection;
using Augur.ModelSelection;
using Augur.Serialization;

namespace Augur.Tests.ModelSelection;

public sealed class ModelFeatureSelectionTests
{
    private static (Frame X, Column Y) Diabetes => CrossValidationTests.Diabetes;

    [Theory]
    [InlineData(1.0, 4.0, "rfe_1_4")]
    [InlineData(3.0, 3.0, "rfe_3_3")]
    [InlineData(0.25, null, "rfe_0.25_None")]
    public void Rfe_matches_scikit_learn(double step, double? n, string key)
    {
        var (x, y) = Diabetes;
        var m = new Rfe(new TestRidge()) { Step = step, NFeaturesToSelect = n }.Fit(x, y);
        var e = CrossValidationTests.Ref.GetProperty(key);
        Assert.Equal(e.GetProperty("support").EnumerateArray().Select(v => v.GetBoolean()), m.Support);
        Assert.Equal(e.GetProperty("ranking").Ints(), m.Ranking);
        Assert.Equal(m.FeatureNamesOut, m.Transform(x).ColumnNames);
        Assert.IsType<TestRidgeModel>(m.Estimator);
    }

    [Theory]
    [InlineData("rfecv", 1.0, 1, 5, "r2")]
    [InlineData("rfecv_step2", 2.0, 3, 3, "neg_mean_squared_error")]
    public void Rfecv_matches_scikit_learn(string key, double step, int min, int folds, string scoring)
    {
        var (x, y) = Diabetes;
        var m = new RfeCv(new TestRidge()) { Step = step, MinFeaturesToSelect = min, Cv = new KFold { NSplits = folds }, Scoring = scoring }.Fit(x, y);
        var e = CrossValidationTests.Ref.GetProperty(key);
        Assert.Equal(e.GetProperty("n_features").GetInt32(), m.NFeatures);
        Assert.Equal(e.GetProperty("support").EnumerateArray().Select(v => v.GetBoolean()), m.Support);
        Assert.Equal(e.GetProperty("ranking").Ints(), m.Ranking);
        Close.Equal(e.GetProperty("mean").Doubles(), m.CvMeanScores!.ToArray(), 1e-8, 1e-9, "mean_test_score");
    }

    [Theory]
    [InlineData("mean", null, "sfm_mean_None")]
    [InlineData("median", null, "sfm_median_None")]
    [InlineData("0.5*mean", null, "sfm_0.5*mean_None")]
    [InlineData("20", null, "sfm_20.0_None")]
    [InlineData(null, 3, "sfm_None_3")]
    [InlineData("mean", 2, "sfm_mean_2")]
    public void Select_from_model_matches_scikit_learn(string? threshold, int? maxFeatures, string key)
    {
        var (x, y) = Diabetes;
        var m = new SelectFromModel(new TestRidge()) { Threshold = threshold, MaxFeatures = maxFeatures }.Fit(x, y);
        var e = CrossValidationTests.Ref.GetProperty(key);
        Assert.Equal(e.GetProperty("support").EnumerateArray().Select(v => v.GetBoolean()), m.Support);
        var t = e.GetProperty("threshold").GetDouble();
        if (double.IsFinite(t)) Close.Equal(t, m.Threshold, 1e-9, 1e-12);
    }

    [Fact]
    public void Selectors_round_trip_through_model_files_and_check_input()
    {
        var (x, y) = Diabetes;
        foreach (ITransformerModel model in new ITransformerModel[]
                 {
                     new SelectFromModel(new TestRidge()).Fit(x, y),
                     new RfeCv(new TestRidge()) { Cv = new KFold { NSplits = 3 } }.Fit(x, y),
                 })
        {
            var path = Path.Combine(Path.GetTempPath(), $"augur-sel-{Guid.NewGuid():N}.augur");
            try
            {
                ModelFile.Save(model, path);
                var loaded = (ITransformerModel)ModelFile.Load(path).Model;
                Assert.Equal(model.Kind, loaded.Kind);
                Assert.Equal(model.FeatureNamesOut, loaded.FeatureNamesOut);
                var a = model.Transform(x);
                var b = loaded.Transform(x);
                for (var j = 0; j < a.ColumnCount; j++) Assert.Equal(a[j].ToDoubleArray(), b[j].ToDoubleArray());
            }
            finally
            {
                File.Delete(path);
            }
            Assert.Contains("missing", Assert.Throws<AugurException>(() => model.Transform(x.Drop(model.FeatureNamesOut[0]))).Message);
        }
        Assert.Contains("threshold", Assert.Throws<AugurException>(() => new SelectFromModel(new TestRidge()) { Threshold = "mode" }.Fit(x, y)).Message);
        Assert.Contains("importances", Assert.Throws<AugurException>(() => new Rfe(new TestCentroid()).Fit(CrossValidationTests.Wine.X, CrossValidationTests.Wine.Y)).Message);
        Assert.Throws<AugurException>(() => new Rfe(new TestRidge()) { NFeaturesToSelect = 11 }.Fit(x, y));
    }
}
