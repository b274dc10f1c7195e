using System.Text.Json;
using Augur.Data;
using Augur.Preprocessing;

namespace Augur.Tests.Preprocessing;

public sealed class EncoderTests
{
    private static readonly JsonElement s_fixture = Fixture.Load("preprocessing", "encoders.json");

    /// <summary>The txhousing rows of the fixture with the derived columns the Python script adds.</summary>
    internal static Frame Build(IReadOnlyList<int> rows, ISet<int> missingCity)
    {
        var tx = Support.Tx;
        var month = rows.Select(r => tx["month"].GetDouble(r)).ToArray();
        return new Frame(
            new StringColumn("city", rows.Select(r => missingCity.Contains(r) ? null : tx["city"].Format(r)).ToArray()),
            new Int64Column("year", rows.Select(r => (long)tx["year"].GetDouble(r)).ToArray()),
            new Int64Column("month", month.Select(m => (long)m).ToArray()),
            new StringColumn("half", month.Select(m => m <= 6 ? "h1" : "h2").ToArray()),
            new BoolColumn("summer", month.Select(m => m is >= 6 and <= 8).ToArray()),
            new Float64Column("m2", rows.Select((r, i) => missingCity.Contains(r) ? double.NaN : month[i] / 2.0).ToArray()));
    }

    private static (Frame Fit, Frame Probe, Frame Known) Frames()
    {
        var missing = Support.IntArray(s_fixture.GetProperty("missing_city")).ToHashSet();
        var subset = Support.IntArray(s_fixture.GetProperty("subset"));
        var unknown = s_fixture.GetProperty("unknown_cities").Strings().ToHashSet();
        var fit = Build(subset, missing);
        var known = fit.Filter(Enumerable.Range(0, fit.RowCount).Select(i => !unknown.Contains(fit["city"].Format(i)) || fit["city"].IsMissing(i)).ToArray());
        return (fit, Build(Support.IntArray(s_fixture.GetProperty("probe")), missing), known);
    }

    private static OneHotEncoder Options(JsonElement o)
    {
        var e = new OneHotEncoder();
        foreach (var p in o.EnumerateObject())
        {
            e = p.Name switch
            {
                "drop" => e with { Drop = p.Value.GetString() == "first" ? OneHotDrop.First : OneHotDrop.IfBinary },
                "min_frequency" => e with { MinFrequency = p.Value.GetDouble() },
                "max_categories" => e with { MaxCategories = p.Value.GetInt32() },
                "handle_unknown" => e with { HandleUnknown = p.Value.GetString() == "ignore" ? OneHotUnknown.Ignore : OneHotUnknown.InfrequentIfExist },
                _ => throw new InvalidOperationException(p.Name),
            };
        }
        return e;
    }

    public static TheoryData<string> OneHotCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in s_fixture.GetProperty("onehot").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(OneHotCases))]
    public void OneHotEncoderMatchesScikitLearn(string name)
    {
        var c = s_fixture.GetProperty("onehot").EnumerateArray().First(e => e.GetProperty("name").GetString() == name);
        var (fit, probe, known) = Frames();
        var columns = c.GetProperty("columns").Strings().Select(s => s!).ToArray();
        var encoder = Options(c.GetProperty("options"));
        var trainOn = name.Contains("unknown") ? known : fit;
        var model = encoder.Fit(trainOn.Select(columns));
        Assert.Equal(Support.Names(c.GetProperty("names")), model.FeatureNamesOut);
        if (c.GetProperty("infrequent").ValueKind == JsonValueKind.Array)
        {
            var expected = c.GetProperty("infrequent").EnumerateArray().Select(Support.Names).ToArray();
            Assert.Equal(expected.Length, model.InfrequentCategories.Count);
            for (var j = 0; j < expected.Length; j++) Assert.Equal(expected[j], model.InfrequentCategories[j]);
        }
        var output = model.Transform(probe);
        Assert.All(output.Columns, col => Assert.IsType<Float64Column>(col));
        Close.Equal(c.GetProperty("transform").Matrix(), Support.Dense(output), 0, 0, "one-hot");
        Support.AssertRoundTrip(model, probe);
        var sparse = (encoder with { SparseOutput = true }).Fit(trainOn.Select(columns));
        var sparseOut = sparse.Transform(probe);
        Assert.All(sparseOut.Columns, col => Assert.IsType<SparseColumn>(col));
        Close.Equal(c.GetProperty("transform").Matrix(), Support.Dense(sparseOut), 0, 0, "sparse one-hot");
        Support.AssertRoundTrip(sparse, probe);
    }

    [Fact]
    public void UnknownCategoriesAreAnErrorByDefault()
    {
        var (_, probe, known) = Frames();
        var model = new OneHotEncoder().Fit(known.Select("city"));
        var e = Assert.Throws<AugurException>(() => model.Transform(probe));
        Assert.Contains("city", e.Message);
        Assert.Contains("handle_unknown", e.Message);
    }

    [Fact]
    public void CategoricalColumnsEncodeLikeStrings()
    {
        var (fit, probe, _) = Frames();
        var asString = new OneHotEncoder { HandleUnknown = OneHotUnknown.Ignore }.Fit(fit.Select("city"));
        var cat = ((StringColumn)fit["city"]).ToCategorical();
        var asCategorical = new OneHotEncoder { HandleUnknown = OneHotUnknown.Ignore }.Fit(new Frame(cat));
        Assert.Equal(asString.FeatureNamesOut, asCategorical.FeatureNamesOut);
        Support.AssertSameFrame(asString.Transform(probe), asCategorical.Transform(probe));
        Support.AssertSameFrame(asString.Transform(probe), asCategorical.Transform(new Frame(((StringColumn)probe["city"]).ToCategorical())));
    }

    [Fact]
    public void OrdinalEncoderMatchesScikitLearn()
    {
        var (fit, probe, known) = Frames();
        var cases = s_fixture.GetProperty("ordinal").EnumerateArray().ToArray();
        var model = new OrdinalEncoder().Fit(fit.Select("city", "month"));
        var expectedCats = cases[0].GetProperty("categories").EnumerateArray().Select(Support.Names).ToArray();
        Assert.Equal(expectedCats[0], model.Categories[0]);
        Assert.Equal(expectedCats[1], model.Categories[1]);
        Close.Equal(cases[0].GetProperty("transform").Matrix(), Support.Dense(model.Transform(probe)), 0, 0, "ordinal");
        Support.AssertRoundTrip(model, probe);

        var withUnknown = new OrdinalEncoder { HandleUnknown = OrdinalUnknown.UseEncodedValue, UnknownValue = -1, EncodedMissingValue = -2 }.Fit(known.Select("city"));
        Close.Equal(cases[1].GetProperty("transform").Matrix(), Support.Dense(withUnknown.Transform(probe)), 0, 0, "ordinal unknown");
        Support.AssertRoundTrip(withUnknown, probe);

        Assert.Throws<AugurException>(() => new OrdinalEncoder().Fit(known.Select("city")).Transform(probe));
        Assert.Throws<AugurException>(() => new OrdinalEncoder { HandleUnknown = OrdinalUnknown.UseEncodedValue }.Fit(known.Select("city")));
        Assert.Throws<AugurException>(() => new OrdinalEncoder { HandleUnknown = OrdinalUnknown.UseEncodedValue, UnknownValue = 1 }.Fit(known.Select("city")));
    }

    [Fact]
    public void EncodersRejectDatetimeColumns()
    {
        var x = new Frame(new DateTimeColumn("d", [DateTime.UnixEpoch.Ticks, DateTime.UnixEpoch.Ticks]));
        Assert.Contains("'d'", Assert.Throws<AugurException>(() => new OneHotEncoder().Fit(x)).Message);
        Assert.Throws<AugurException>(() => new OrdinalEncoder().Fit(x));
    }

    [Fact]
    public void FeatureNamesFormatNumbersAsPython()
    {
        var x = new Frame(new Float64Column("v", [0.1, 3.0, 1e-5, 1e16, -2.5, 123456.789, double.NaN]));
        var model = new OneHotEncoder().Fit(x);
        Assert.Equal(["v_-2.5", "v_1e-05", "v_0.1", "v_3.0", "v_123456.789", "v_1e+16", "v_nan"], model.FeatureNamesOut);
    }
}
