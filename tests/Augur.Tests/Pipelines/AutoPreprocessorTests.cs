using Augur.Data;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Tests.Preprocessing;

namespace Augur.Tests.Pipelines;

public sealed class AutoPreprocessorTests
{
    static AutoPreprocessorTests() => TestRidgeModel.EnsureRegistered();

    private static readonly string[] s_words = ["great", "service", "slow", "delivery", "friendly", "staff", "price", "quality", "would", "buy", "again", "never", "the", "was", "very", "and"];

    /// <summary>A reproducible frame with every kind of column the preprocessor handles.</summary>
    internal static Frame Synthetic(int n, int seed, bool predictTime = false)
    {
        var rng = new Rng(seed);
        string? Review(int i) => i % 23 == 5 ? null : string.Join(' ', Enumerable.Range(0, 3 + rng.NextInt(8)).Select(_ => s_words[rng.NextInt(s_words.Length)]));
        var colors = predictTime ? new[] { "red", "green", "blue", "purple" } : ["red", "green", "blue", "amber"];
        var start = new DateTime(2021, 1, 1);
        return new Frame(
            new StringColumn("id", Enumerable.Range(0, n).Select(i => $"id-{seed}-{i:0000}").ToArray()),
            new StringColumn("constant", Enumerable.Repeat("same", n).ToArray()),
            new Float64Column("empty", Enumerable.Repeat(double.NaN, n).ToArray()),
            new StringColumn("review", Enumerable.Range(0, n).Select(Review).ToArray()),
            new StringColumn("color", Enumerable.Range(0, n).Select(i => i % 17 == 3 ? null : colors[rng.NextInt(i % 5 == 0 ? 4 : 3)]).ToArray()),
            new BoolColumn("flag", Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.4).ToArray(), Enumerable.Range(0, n).Select(i => i % 19 == 7).ToArray()),
            new DateTimeColumn("when", Enumerable.Range(0, n).Select(i => i % 13 == 4 ? (DateTime?)null : start.AddHours(rng.NextInt(24 * 700))).ToArray()),
            new Float64Column("amount", Enumerable.Range(0, n).Select(i => i % 11 == 2 ? double.NaN : Math.Round(rng.NextGaussian() * 50 + 200, 2)).ToArray()),
            new Int64Column("count", Enumerable.Range(0, n).Select(_ => (long)rng.NextInt(10)).ToArray()));
    }

    [Fact]
    public void PlansEveryColumnKind()
    {
        var x = Synthetic(300, 1);
        var model = new AutoPreprocessor { MinCategoryFrequency = 2 }.Fit(x);
        var plan = model.Plan.ToDictionary(p => p.Column);
        Assert.Equal(x.ColumnNames, model.Plan.Select(p => p.Column));
        Assert.Equal(AutoColumnKind.Dropped, plan["id"].Kind);
        Assert.Contains("identifier", plan["id"].Reason);
        Assert.Equal(AutoColumnKind.Dropped, plan["constant"].Kind);
        Assert.Contains("constant", plan["constant"].Reason);
        Assert.Equal(AutoColumnKind.Dropped, plan["empty"].Kind);
        Assert.Contains("missing", plan["empty"].Reason);
        Assert.Equal(AutoColumnKind.Text, plan["review"].Kind);
        Assert.Equal(AutoColumnKind.Categorical, plan["color"].Kind);
        Assert.Equal(AutoColumnKind.Boolean, plan["flag"].Kind);
        Assert.Equal(AutoColumnKind.DateTime, plan["when"].Kind);
        Assert.Equal(AutoColumnKind.Numeric, plan["amount"].Kind);
        Assert.Equal(AutoColumnKind.Numeric, plan["count"].Kind);
        Assert.Equal(["cat__color_amber", "cat__color_blue", "cat__color_green", "cat__color_red"], plan["color"].Outputs);
        Assert.Equal(["date__when_year", "date__when_month", "date__when_day", "date__when_dayofweek", "date__when_dayofyear", "date__when_hour"], plan["when"].Outputs);
        Assert.Equal(["num__flag"], plan["flag"].Outputs);
        Assert.All(plan["review"].Outputs, o => Assert.StartsWith("text_review__", o));
        Assert.DoesNotContain("text_review__the", plan["review"].Outputs);
        Assert.Equal(model.FeatureNamesOut.Count, model.Plan.Sum(p => p.Outputs.Count));
        Assert.Equal(["id", "constant", "empty"], model.Dropped.Select(d => d.Column));
        // Only the columns it uses are required, and each of them accepts missing values.
        Assert.Equal(["review", "color", "flag", "when", "amount", "count"], model.Signature.InputNames.OrderBy(x.IndexOf));
        Assert.All(model.Signature.Inputs, i => Assert.True(i.AllowsMissing));
        var text = model.Describe();
        Assert.Contains("identifier", text);
        Assert.Contains("tf-idf", text);
        Assert.Contains("one-hot", text);
    }

    [Fact]
    public void AcceptsMissingValuesAndUnseenCategoriesAtPredictTime()
    {
        var model = new AutoPreprocessor().Fit(Synthetic(300, 1));
        var later = Synthetic(60, 2, predictTime: true);
        // Missing values in every kind of column, including kinds that had none in training.
        var allMissing = new Frame(
            new StringColumn("review", new string?[60]),
            new StringColumn("color", new string?[60]),
            new BoolColumn("flag", new bool[60], Enumerable.Repeat(true, 60).ToArray()),
            new DateTimeColumn("when", new long[60], Enumerable.Repeat(true, 60).ToArray()),
            new Float64Column("amount", Enumerable.Repeat(double.NaN, 60).ToArray()),
            new Int64Column("count", new long[60], Enumerable.Repeat(true, 60).ToArray()));
        foreach (var frame in new[] { later, later.Drop("id", "constant", "empty"), allMissing })
        {
            var output = model.Transform(frame);
            Assert.Equal(model.FeatureNamesOut, output.ColumnNames);
            var dense = Support.Dense(output);
            Assert.All(dense.Data, v => Assert.True(double.IsFinite(v)));
        }
        // An unseen colour ('purple') encodes as all zeros.
        var purple = later.Filter(Enumerable.Range(0, 60).Select(i => later["color"].Format(i) == "purple").ToArray());
        Assert.True(purple.RowCount > 0);
        var colorColumns = model.Plan.First(p => p.Column == "color").Outputs;
        Assert.All(colorColumns, c => Assert.All(model.Transform(purple)[c].ToDoubleArray(), v => Assert.Equal(0.0, v)));
        var loaded = Support.AssertRoundTrip(model, later);
        Assert.Equal(model.Plan.Select(p => (p.Column, p.Kind, p.Reason)), loaded.Plan.Select(p => (p.Column, p.Kind, p.Reason)));
        Assert.Equal(model.Describe(), loaded.Describe());
    }

    [Fact]
    public void PreprocessesTxHousing()
    {
        var tx = Support.Tx;
        var keep = Enumerable.Range(0, tx.RowCount).Select(i => !tx["median"].IsMissing(i)).ToArray();
        var data = tx.Filter(keep);
        var x = data.Drop("median");
        var y = data["median"];
        var auto = new AutoPreprocessor();
        var model = auto.Fit(x);
        var plan = model.Plan.ToDictionary(p => p.Column);
        Assert.Equal(AutoColumnKind.Categorical, plan["city"].Kind);
        Assert.Equal(46, plan["city"].Outputs.Count);
        Assert.All(new[] { "year", "month", "sales", "volume", "listings", "inventory", "date" }, c => Assert.Equal(AutoColumnKind.Numeric, plan[c].Kind));
        var pipeline = new Pipeline(auto, new TestRidge());
        var fitted = Assert.IsType<RegressorPipelineModel>(pipeline.Fit(x, y));
        Assert.Equal(model.FeatureNamesOut, fitted.FinalFeatureNames);
        // New rows with a missing city, missing numbers and an unseen city still predict.
        var probe = x.Head(5);
        var odd = new Frame(
            new StringColumn("city", [null, "Atlantis", "Austin", "Waco", null]),
            probe["year"], probe["month"],
            new Float64Column("sales", [double.NaN, 10, 20, double.NaN, 5]),
            probe["volume"], probe["listings"], probe["inventory"], probe["date"]);
        var predictions = fitted.PredictValues(odd);
        Assert.All(predictions, p => Assert.True(double.IsFinite(p)));
        var loaded = Assert.IsType<RegressorPipelineModel>(Support.RoundTrip(fitted));
        Assert.Equal(predictions, loaded.PredictValues(odd));
        var residual = fitted.PredictValues(x).Zip(y.ToDoubleArray(), (p, t) => (p - t) * (p - t)).Average();
        var variance = y.ToDoubleArray().Select(v => v - y.ToDoubleArray().Average()).Average(d => d * d);
        Assert.True(residual < 0.5 * variance, $"residual {residual} vs variance {variance}");
    }

    [Fact]
    public void NothingUsableIsAClearError()
    {
        var x = new Frame(new StringColumn("id", ["a", "b", "c"]), new Float64Column("k", [1.0, 1.0, 1.0]));
        var e = Assert.Throws<AugurException>(() => new AutoPreprocessor().Fit(x));
        Assert.Contains("id", e.Message);
        Assert.Contains("constant", e.Message);
    }

    [Fact]
    public void TextColumnWithOnlyStopWordsIsDropped()
    {
        var n = 80;
        var x = new Frame(
            new StringColumn("note", Enumerable.Range(0, n).Select(i => $"the and of {new string('x', 0)}it {(i % 2 == 0 ? "was" : "is")} {i}").ToArray()),
            new Float64Column("v", Enumerable.Range(0, n).Select(i => (double)i).ToArray()));
        var model = new AutoPreprocessor().Fit(x);
        var note = model.Plan.First(p => p.Column == "note");
        Assert.Equal(AutoColumnKind.Text, note.Kind);
        var stopOnly = x.WithColumn(new StringColumn("note", Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "the and of it" : "it was the a of").ToArray()));
        var dropped = new AutoPreprocessor { MaxCategories = 1 }.Fit(stopOnly).Plan.First(p => p.Column == "note");
        Assert.Equal(AutoColumnKind.Dropped, dropped.Kind);
        Assert.Contains("no words", dropped.Reason);
    }
}
