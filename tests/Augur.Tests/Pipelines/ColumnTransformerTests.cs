using System.Text.Json;
using Augur.Data;
using Augur.FeatureSelection;
using Augur.Pipelines;
using Augur.Preprocessing;
using Augur.Tests.Preprocessing;

namespace Augur.Tests.Pipelines;

public sealed class ColumnTransformerTests
{
    private static readonly JsonElement s_fixture = Fixture.Load("preprocessing", "pipelines.json");

    static ColumnTransformerTests()
    {
        TestNearestCentroidModel.EnsureRegistered();
        TestRidgeModel.EnsureRegistered();
    }

    private static (Frame Fit, Frame Probe) Tx() =>
        (Support.Rows(Support.Tx, Support.IntArray(s_fixture.GetProperty("subset"))),
         Support.Rows(Support.Tx, Support.IntArray(s_fixture.GetProperty("probe"))));

    [Fact]
    public void OutputMatchesScikitLearnWithPassthroughRemainder()
    {
        var (fit, probe) = Tx();
        var ct = new ColumnTransformer(
            new ColumnTransform("num", new StandardScaler(), new[] { "sales", "volume" }),
            new ColumnTransform("cat", new OneHotEncoder { HandleUnknown = OneHotUnknown.Ignore }, "city"))
        { Remainder = new Passthrough() };
        var model = ct.Fit(fit);
        var expected = s_fixture.GetProperty("ct");
        Assert.Equal(Support.Names(expected.GetProperty("names")), model.FeatureNamesOut);
        var output = model.Transform(probe);
        Assert.Equal(model.FeatureNamesOut, output.ColumnNames);
        Close.Equal(expected.GetProperty("transform").Matrix(), Support.Dense(output), 1e-12, 1e-12, "column transformer");
        Support.AssertRoundTrip(model, probe);
        Assert.Equal(fit.ColumnNames, model.Signature.InputNames);
    }

    [Fact]
    public void PlainNamesAndDroppedRemainderMatchScikitLearn()
    {
        var (fit, probe) = Tx();
        var ct = new ColumnTransformer(
            new ColumnTransform("scale", new MinMaxScaler(), new[] { "sales", "median" }),
            new ColumnTransform("robust", new RobustScaler(), "month"))
        { VerboseFeatureNamesOut = false };
        var model = ct.Fit(fit);
        var expected = s_fixture.GetProperty("ct_plain");
        Assert.Equal(Support.Names(expected.GetProperty("names")), model.FeatureNamesOut);
        Close.Equal(expected.GetProperty("transform").Matrix(), Support.Dense(model.Transform(probe)), 1e-12, 1e-12);
        Assert.Equal(["month", "sales", "median"], model.Signature.InputNames);
        // The dropped columns are not needed at predict time.
        Support.AssertSameFrame(model.Transform(probe), model.Transform(probe.Select("median", "month", "sales")));
    }

    [Fact]
    public void ClashingNamesWithoutPrefixesAreAnError()
    {
        var (fit, _) = Tx();
        var ct = new ColumnTransformer(
            new ColumnTransform("a", new StandardScaler(), "sales"),
            new ColumnTransform("b", new MinMaxScaler(), "sales"))
        { VerboseFeatureNamesOut = false };
        var e = Assert.Throws<AugurException>(() => ct.Fit(fit));
        Assert.Contains("'sales'", e.Message);
        Assert.Contains("VerboseFeatureNamesOut", e.Message);
        var ok = (ct with { VerboseFeatureNamesOut = true }).Fit(fit);
        Assert.Equal(["a__sales", "b__sales"], ok.FeatureNamesOut);
    }

    [Fact]
    public void SignatureAllowsMissingOnlyWhereEveryReaderDoes()
    {
        var x = new Frame(
            new Float64Column("a", [1.0, 2.0, 3.0, 4.0]),
            new Float64Column("b", [1.0, double.NaN, 3.0, 4.0]),
            new StringColumn("c", ["x", "y", null, "x"]),
            new Float64Column("d", [0.0, 1.0, 0.0, 1.0]));
        var ct = new ColumnTransformer(
            new ColumnTransform("bins", new KBinsDiscretizer { NBins = 2, Encode = KBinsEncode.Ordinal }, "a"),
            new ColumnTransform("scale", new StandardScaler(), new[] { "a", "b" }),
            new ColumnTransform("onehot", new OneHotEncoder(), "c"),
            ColumnTransform.Drop("gone", "d"));
        var model = ct.Fit(x);
        var inputs = model.Signature.Inputs.ToDictionary(i => i.Name);
        Assert.Equal(["a", "b", "c"], model.Signature.InputNames);
        Assert.False(inputs["a"].AllowsMissing);
        Assert.True(inputs["b"].AllowsMissing);
        Assert.True(inputs["c"].AllowsMissing);
        Assert.Equal(["bins__a", "scale__a", "scale__b", "onehot__c_x", "onehot__c_y", "onehot__c_nan"], model.FeatureNamesOut);
        var withNaN = x.WithColumn(new Float64Column("a", [double.NaN, 1, 2, 3]));
        Assert.Contains("'a'", Assert.Throws<AugurException>(() => model.Transform(withNaN)).Message);
        Assert.Contains("'c'", Assert.Throws<AugurException>(() => model.Transform(x.Drop("c"))).Message);
        Support.AssertRoundTrip(model, x);
    }

    [Fact]
    public void TypeSelectorsPredicatesAndRemainderEstimators()
    {
        var x = new Frame(
            new Float64Column("f", [1.0, 2.0, 3.0]),
            new Int64Column("i", [1, 5, 9]),
            new BoolColumn("b", [true, false, true]),
            new StringColumn("s", ["u", "v", "u"]),
            new CategoricalColumn("k", [0, 1, 0], ["p", "q"]),
            new DateTimeColumn("t", [new DateTime(2020, 1, 1), new DateTime(2021, 6, 1), new DateTime(2022, 3, 4)]));
        Assert.Equal(["f", "i"], ColumnSelector.Numeric.Select(x));
        Assert.Equal(["b"], ColumnSelector.Bool.Select(x));
        Assert.Equal(["s"], ColumnSelector.Text.Select(x));
        Assert.Equal(["k"], ColumnSelector.Categorical.Select(x));
        Assert.Equal(["t"], ColumnSelector.DateTime.Select(x));
        Assert.Equal(["f"], ColumnSelector.Where(c => c.Name.StartsWith('f')).Select(x));
        var ct = new ColumnTransformer(
            new ColumnTransform("num", new StandardScaler(), ColumnSelector.Numeric),
            new ColumnTransform("cat", new OneHotEncoder(), ColumnSelector.Where(c => c.Type is ColumnType.String or ColumnType.Categorical)),
            new ColumnTransform("none", new StandardScaler(), ColumnSelector.Where(_ => false)),
            new ColumnTransform("dates", new DateTimeFeatures { Parts = [DateTimePart.Year] }, ColumnSelector.DateTime))
        { Remainder = new MinMaxScaler() };
        var model = ct.Fit(x);
        Assert.Equal(["num__f", "num__i", "cat__s_u", "cat__s_v", "cat__k_p", "cat__k_q", "dates__t_year", "remainder__b"], model.FeatureNamesOut);
        Assert.Equal(["num", "cat", "dates", "remainder"], model.Transformers.Select(t => t.Name));
        Support.AssertRoundTrip(model, x);
        Assert.Throws<ColumnNotFoundException>(() => new ColumnTransformer(new ColumnTransform("a", new StandardScaler(), "nope")).Fit(x));
        Assert.Throws<AugurException>(() => new ColumnTransformer(new ColumnTransform("a__b", new StandardScaler(), "f")).Fit(x));
        Assert.Throws<AugurException>(() => new ColumnTransformer(new ColumnTransform("a", new StandardScaler(), "f"), new ColumnTransform("a", new StandardScaler(), "i")).Fit(x));
        var notTransformer = new ColumnTransformer(new ColumnTransform("a", new TestRidge(), "f"));
        Assert.Contains("transformer", Assert.Throws<AugurException>(() => notTransformer.Fit(x, new Float64Column("y", [1.0, 2, 3]))).Message);
    }

    [Fact]
    public void PipelineWithScalerAndPredictorRoundTrips()
    {
        var (x, y) = TestData.LoadXy("iris.csv", "species");
        var pipeline = new Pipeline(new StandardScaler(), new TestNearestCentroid());
        var model = Assert.IsType<ClassifierPipelineModel>(pipeline.Fit(x, y));
        var predictions = model.Predict(x);
        var accuracy = Enumerable.Range(0, y.Length).Count(i => predictions.Format(i) == y.Format(i)) / (double)y.Length;
        Assert.True(accuracy > 0.85, $"accuracy {accuracy}");
        var loaded = Assert.IsType<ClassifierPipelineModel>(Support.RoundTrip(model));
        Close.Equal(model.PredictProba(x), loaded.PredictProba(x), 0, 0);
        Assert.Equal(x.ColumnNames, model.FinalFeatureNames);
    }

    [Fact]
    public void FeatureNamesFlowThroughTheColumnTransformerIntoTheFinalStep()
    {
        var (fit, probe) = Tx();
        var y = new Float64Column("median", Enumerable.Range(0, fit.RowCount).Select(i => fit["median"].IsMissing(i) ? 0 : fit["median"].GetDouble(i)).ToArray());
        var pipeline = new Pipeline(
            new ColumnTransformer(
                new ColumnTransform("num", new Pipeline(new SimpleImputer { Strategy = ImputeStrategy.Median }, new StandardScaler()), new[] { "sales", "listings", "inventory" }),
                new ColumnTransform("city", new OneHotEncoder { HandleUnknown = OneHotUnknown.Ignore, MinFrequency = 10 }, "city")),
            new SelectKBest { ScoreFunc = ScoreFunction.FRegression, K = 8 },
            new TestRidge());
        var model = Assert.IsType<RegressorPipelineModel>(pipeline.Fit(fit.Drop("median"), y));
        var ct = (ColumnTransformerModel)model.Transformers[0];
        Assert.StartsWith("num__", ct.FeatureNamesOut[0]);
        Assert.Contains("city__city_infrequent_sklearn", ct.FeatureNamesOut);
        var selected = model.Transformers[1].FeatureNamesOut;
        Assert.Equal(8, selected.Count);
        Assert.All(selected, n => Assert.Contains(n, ct.FeatureNamesOut));
        Assert.Equal(selected, model.FinalFeatureNames);
        Assert.Equal(selected, model.Final.Signature.InputNames);
        // Predicting accepts missing numbers (imputed) and reads only the columns it needs.
        var predictions = model.PredictValues(probe);
        Assert.All(predictions, p => Assert.True(double.IsFinite(p)));
        var loaded = Assert.IsType<RegressorPipelineModel>(Support.RoundTrip(model));
        Assert.Equal(predictions, loaded.PredictValues(probe));
        Assert.True(model.Signature.Inputs.First(i => i.Name == "sales").AllowsMissing);
    }
}
