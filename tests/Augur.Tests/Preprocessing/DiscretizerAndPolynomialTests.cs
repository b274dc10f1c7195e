using System.Text.Json;
using Augur.Data;
using Augur.Preprocessing;

namespace Augur.Tests.Preprocessing;

public sealed class DiscretizerAndPolynomialTests
{
    private static readonly JsonElement s_kbins = Fixture.Load("preprocessing", "kbins.json");
    private static readonly JsonElement s_poly = Fixture.Load("preprocessing", "poly.json");

    private static Frame Data(string name, IEnumerable<string> columns) =>
        (name == "wine" ? TestData.LoadXy("wine.csv", "target").X : TestData.LoadXy("diabetes.csv", "target").X).Select(columns);

    [Fact]
    public void BinEdgesAndBinsMatchScikitLearn()
    {
        foreach (var c in s_kbins.GetProperty("cases").EnumerateArray())
        {
            var x = Data(c.GetProperty("data").GetString()!, Support.Names(c.GetProperty("columns")));
            var strategy = c.GetProperty("strategy").GetString() switch
            {
                "uniform" => KBinsStrategy.Uniform,
                "quantile" => KBinsStrategy.Quantile,
                _ => KBinsStrategy.Kmeans,
            };
            var what = $"{c.GetProperty("data")} {strategy} {c.GetProperty("n_bins")}";
            var model = new KBinsDiscretizer { NBins = c.GetProperty("n_bins").GetInt32(), Strategy = strategy, Encode = KBinsEncode.Ordinal }.Fit(x);
            Assert.Equal(Support.IntArray(c.GetProperty("n_bins_")), model.BinCounts.ToArray());
            var edges = c.GetProperty("edges").EnumerateArray().ToArray();
            // Uniform and quantile edges are exact arithmetic; k-means centres come from iterated means.
            var rtol = strategy == KBinsStrategy.Kmeans ? 1e-9 : 1e-15;
            for (var j = 0; j < edges.Length; j++) Close.Equal(edges[j].Doubles(), model.BinEdges[j].ToArray(), rtol, 1e-12, what + " edges");
            Close.Equal(c.GetProperty("transform").Matrix(), Support.Dense(model.Transform(x)), 0, 0, what + " bins");
        }
    }

    [Fact]
    public void OneHotBinsAreNamedAsScikitLearn()
    {
        var o = s_kbins.GetProperty("onehot");
        var x = Data("diabetes", Support.Names(o.GetProperty("columns")));
        var dense = new KBinsDiscretizer { NBins = 4, Encode = KBinsEncode.OnehotDense }.Fit(x);
        Assert.Equal(Support.Names(o.GetProperty("names")), dense.FeatureNamesOut);
        var head = x.Head(40);
        Close.Equal(o.GetProperty("transform").Matrix(), Support.Dense(dense.Transform(head)), 0, 0);
        var sparse = new KBinsDiscretizer { NBins = 4 }.Fit(x);
        Assert.All(sparse.Transform(head).Columns, col => Assert.IsType<SparseColumn>(col));
        Close.Equal(o.GetProperty("transform").Matrix(), Support.Dense(sparse.Transform(head)), 0, 0);
        Support.AssertRoundTrip(dense, head);
        Support.AssertRoundTrip(sparse, head);
    }

    [Fact]
    public void OrdinalBinsInvertToBinCentresAndRoundTrip()
    {
        var x = Data("wine", ["alcohol", "proline"]);
        var model = new KBinsDiscretizer { NBins = 4, Strategy = KBinsStrategy.Kmeans, Encode = KBinsEncode.Ordinal }.Fit(x);
        Support.AssertRoundTrip(model, x);
        var centres = model.InverseTransform(model.Transform(x));
        for (var j = 0; j < 2; j++)
        {
            var edges = model.BinEdges[j];
            var v = x[j].ToDoubleArray();
            var c = centres[j].ToDoubleArray();
            for (var i = 0; i < v.Length; i++) Assert.InRange(Math.Abs(v[i] - c[i]), 0, edges[^1] - edges[0]);
        }
    }

    [Fact]
    public void ConstantFeaturesGetOneBinAndMissingValuesAreRejected()
    {
        var x = new Frame(new Float64Column("c", [2.0, 2.0, 2.0]), new Float64Column("v", [1.0, 2.0, 3.0]));
        var model = new KBinsDiscretizer { NBins = 3, Encode = KBinsEncode.Ordinal }.Fit(x);
        Assert.Equal([1, 3], model.BinCounts.ToArray());
        Assert.Equal([0.0, 0.0, 0.0], model.Transform(x)["c"].ToDoubleArray());
        var withNaN = new Frame(new Float64Column("v", [1.0, double.NaN]));
        Assert.Contains("missing", Assert.Throws<AugurException>(() => new KBinsDiscretizer().Fit(withNaN)).Message);
        Assert.Throws<AugurException>(() => model.Transform(new Frame(new Float64Column("c", [1.0]), new Float64Column("v", [double.NaN]))));
        Assert.Throws<AugurException>(() => new KBinsDiscretizer { NBins = 1 }.Fit(x));
    }

    [Fact]
    public void PolynomialFeaturesMatchScikitLearn()
    {
        var iris = TestData.Load("iris.csv").Select(Support.Names(s_poly.GetProperty("columns")));
        var probe = Support.Rows(iris, Enumerable.Range(0, 15).Select(i => i * 10));
        foreach (var c in s_poly.GetProperty("cases").EnumerateArray())
        {
            var est = new PolynomialFeatures();
            foreach (var p in c.GetProperty("options").EnumerateObject())
                est = p.Name switch
                {
                    "degree" when p.Value.ValueKind == JsonValueKind.Array => est with { MinDegree = p.Value[0].GetInt32(), Degree = p.Value[1].GetInt32() },
                    "degree" => est with { Degree = p.Value.GetInt32() },
                    "interaction_only" => est with { InteractionOnly = p.Value.GetBoolean() },
                    "include_bias" => est with { IncludeBias = p.Value.GetBoolean() },
                    _ => throw new InvalidOperationException(p.Name),
                };
            var model = est.Fit(iris);
            Assert.Equal(Support.Names(c.GetProperty("names")), model.FeatureNamesOut);
            Close.Equal(c.GetProperty("transform").Matrix(), Support.Dense(model.Transform(probe)), 1e-14, 0, c.GetProperty("options").ToString());
            Support.AssertRoundTrip(model, probe);
        }
        Assert.Throws<AugurException>(() => new PolynomialFeatures().Fit(new Frame(new Float64Column("a", [double.NaN]))).Transform(new Frame(new Float64Column("a", [double.NaN]))));
    }

    [Fact]
    public void DateTimeFeaturesExtractCalendarParts()
    {
        var dates = new DateTime?[] { new DateTime(2024, 2, 29, 13, 45, 0), null, new DateTime(2023, 12, 31) };
        var x = new Frame(new DateTimeColumn("when", dates), new DateTimeColumn("day", [new DateTime(2020, 1, 6), new DateTime(2020, 1, 7), null]));
        var model = new DateTimeFeatures().Fit(x);
        Assert.Equal(["when_year", "when_month", "when_day", "when_dayofweek", "when_dayofyear", "when_hour", "day_year", "day_month", "day_day", "day_dayofweek", "day_dayofyear"], model.FeatureNamesOut);
        var t = model.Transform(x);
        Assert.Equal([2024.0, double.NaN, 2023], t["when_year"].ToDoubleArray());
        Assert.Equal([3.0, double.NaN, 6], t["when_dayofweek"].ToDoubleArray());
        Assert.Equal([60.0, double.NaN, 365], t["when_dayofyear"].ToDoubleArray());
        Assert.Equal([13.0, double.NaN, 0], t["when_hour"].ToDoubleArray());
        Assert.Equal([0.0, 1, double.NaN], t["day_dayofweek"].ToDoubleArray());
        Support.AssertRoundTrip(model, x);
        Assert.Throws<AugurException>(() => new DateTimeFeatures().Fit(new Frame(new Float64Column("a", [1.0]))));
    }
}
