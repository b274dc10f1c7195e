using System.Globalization;
using System.Text.Json;
using Augur.Data;
using Augur.Preprocessing;

namespace Augur.Tests.Preprocessing;

public sealed class ImputerTests
{
    private static readonly JsonElement s_fixture = Fixture.Load("preprocessing", "imputer.json");
    private static readonly string[] s_numeric = ["sales", "volume", "median", "listings", "inventory"];

    private static Frame NumericFrame()
    {
        var x = Support.Tx.Select(s_numeric);
        return x.WithColumn(new Float64Column("empty", Enumerable.Repeat(double.NaN, x.RowCount).ToArray()));
    }

    private static ImputeStrategy Strategy(string s) => s switch
    {
        "mean" => ImputeStrategy.Mean,
        "median" => ImputeStrategy.Median,
        "most_frequent" => ImputeStrategy.MostFrequent,
        _ => ImputeStrategy.Constant,
    };

    private static SimpleImputer Options(JsonElement c)
    {
        var imputer = new SimpleImputer { Strategy = Strategy(c.GetProperty("strategy").GetString()!) };
        foreach (var p in c.GetProperty("options").EnumerateObject())
            imputer = p.Name switch
            {
                "add_indicator" => imputer with { AddIndicator = p.Value.GetBoolean() },
                "keep_empty_features" => imputer with { KeepEmptyFeatures = p.Value.GetBoolean() },
                "fill_value" => imputer with { FillValue = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetDouble().ToString(CultureInfo.InvariantCulture) },
                _ => throw new InvalidOperationException(p.Name),
            };
        return imputer;
    }

    [Fact]
    public void NumericImputationMatchesScikitLearn()
    {
        var x = NumericFrame();
        var probe = Support.Rows(x, Support.IntArray(s_fixture.GetProperty("probe")));
        foreach (var c in s_fixture.GetProperty("numeric").EnumerateArray())
        {
            var imputer = Options(c);
            var model = imputer.Fit(x);
            var what = $"{imputer.Strategy} {c.GetProperty("options")}";
            var stats = c.GetProperty("statistics").Doubles();
            Close.Equal(stats, model.NumericStatistics.ToArray(), 1e-13, 0, what);
            Assert.Equal(Support.Names(c.GetProperty("names")), model.FeatureNamesOut);
            var dropsEmpty = imputer.Strategy != ImputeStrategy.Constant && !imputer.KeepEmptyFeatures;
            Assert.Equal(dropsEmpty ? ["empty"] : [], model.DroppedColumns);
            Assert.Equal(dropsEmpty ? 1 : 0, model.Notes.Count);
            var output = model.Transform(probe);
            Close.Equal(c.GetProperty("transform").Matrix(), Support.Dense(output), 1e-13, 0, what);
            Support.AssertRoundTrip(model, probe);
        }
    }

    [Fact]
    public void TextImputationMatchesScikitLearn()
    {
        var fixture = Fixture.Load("preprocessing", "encoders.json");
        var missing = Support.IntArray(fixture.GetProperty("missing_city")).ToHashSet();
        var fit = EncoderTests.Build(Support.IntArray(fixture.GetProperty("subset")), missing).Select("city", "half");
        var probe = EncoderTests.Build(Support.IntArray(fixture.GetProperty("probe")), missing).Select("city", "half");
        foreach (var c in s_fixture.GetProperty("text").EnumerateArray())
        {
            var model = Options(c).Fit(fit);
            Assert.Equal(Support.Names(c.GetProperty("statistics")), model.Statistics.ToArray());
            Assert.Equal(Support.Names(c.GetProperty("names")), model.FeatureNamesOut);
            var output = model.Transform(probe);
            var expected = c.GetProperty("transform").EnumerateArray().ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                var row = expected[i].EnumerateArray().ToArray();
                for (var j = 0; j < row.Length; j++)
                {
                    if (row[j].ValueKind == JsonValueKind.String) Assert.Equal(row[j].GetString(), output[j].Format(i));
                    else Assert.Equal(row[j].GetDouble(), output[j].GetDouble(i));
                }
            }
            Support.AssertRoundTrip(model, probe);
            // Categorical input gives the same values and stays categorical.
            var cat = new Frame(((StringColumn)fit["city"]).ToCategorical(), fit["half"]);
            var catModel = Options(c).Fit(cat);
            var catOut = catModel.Transform(new Frame(((StringColumn)probe["city"]).ToCategorical(), probe["half"]));
            Assert.IsType<CategoricalColumn>(catOut["city"]);
            for (var i = 0; i < probe.RowCount; i++) Assert.Equal(output["city"].Format(i), catOut["city"].Format(i));
        }
    }

    [Fact]
    public void MeanOfTextIsAClearError()
    {
        var x = new Frame(new StringColumn("city", ["a", null, "b"]));
        var e = Assert.Throws<AugurException>(() => new SimpleImputer().Fit(x));
        Assert.Contains("'city'", e.Message);
        Assert.Contains("most_frequent", e.Message);
        var mixed = new Frame(new Float64Column("n", [1.0, double.NaN]), new StringColumn("s", ["a", null]));
        Assert.Throws<AugurException>(() => new SimpleImputer { Strategy = ImputeStrategy.Constant, FillValue = "none" }.Fit(mixed));
    }

    [Fact]
    public void MostFrequentBreaksTiesTowardTheSmallest()
    {
        var x = new Frame(new Float64Column("n", [3.0, 1.0, 3.0, 1.0, double.NaN, 2.0]), new StringColumn("s", ["b", "a", "b", "a", null, "c"]));
        var model = new SimpleImputer { Strategy = ImputeStrategy.MostFrequent }.Fit(x);
        Assert.Equal(new string?[] { "1", "a" }, model.Statistics);
        var t = model.Transform(x);
        Assert.Equal(1.0, t["n"].GetDouble(4));
        Assert.Equal("a", t["s"].Format(4));
        Assert.True(model.Signature.Inputs.All(i => i.AllowsMissing));
    }

    [Fact]
    public void ImputesMissingValuesNeverSeenInTraining()
    {
        var x = new Frame(new Int64Column("n", [1, 2, 3, 10]));
        var model = new SimpleImputer { Strategy = ImputeStrategy.Median, AddIndicator = true }.Fit(x);
        Assert.Equal(["n"], model.FeatureNamesOut);
        var t = model.Transform(new Frame(new Int64Column("n", [5, 0], [false, true])));
        Assert.Equal([5.0, 2.5], t["n"].ToDoubleArray());
    }
}
