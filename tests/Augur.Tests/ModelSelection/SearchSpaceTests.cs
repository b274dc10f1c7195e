using Augur.ModelSelection;
using Augur.Numerics;
using CsCheck;

namespace Augur.Tests.ModelSelection;

public sealed class SearchSpaceTests
{
    [Fact]
    public void Typed_spaces_use_snake_case_option_names()
    {
        var space = SearchSpace.For<TestRidge>()
            .Float(e => e.Alpha, 0.01, 10, log: true)
            .Categorical(e => e.FitIntercept, true, false)
            .When(e => e.FitIntercept, false, s => s.Categorical(e => e.FailWhen, "never", null));
        Assert.Equal(["alpha", "fit_intercept", "fail_when"], space.Parameters.Select(p => p.Name));
        Assert.Equal("fit_intercept", space["fail_when"]!.Condition!.Parent);
        Assert.True(space["fail_when"]!.Condition!.Matches(false));
        Assert.False(space["fail_when"]!.Condition!.Matches(true));
        space.Validate(new TestRidge());
        Assert.Throws<UnknownParameterException>(() => SearchSpace.Empty.Float("alpah", 0, 1).Validate(new TestRidge()));
    }

    [Fact]
    public void Json_round_trips_and_orders_parents_first()
    {
        const string json = """
        {
          "l1_ratio": {"type": "float", "low": 0, "high": 1, "condition": {"penalty": "elasticnet"}},
          "learning_rate": {"type": "float", "low": 0.01, "high": 0.3, "log": true},
          "penalty": {"type": "categorical", "choices": ["l1", "l2", "elasticnet", null]},
          "max_depth": {"type": "int", "low": 2, "high": 12},
          "leaves": {"type": "int", "low": 8, "high": 128, "log": true},
          "c": {"type": "float", "low": 0.1, "high": 1.0, "step": 0.1, "condition": {"penalty": ["l1", "l2"]}}
        }
        """;
        var space = SearchSpace.FromJson(json);
        Assert.Equal(["learning_rate", "penalty", "l1_ratio", "max_depth", "leaves", "c"], space.Parameters.Select(p => p.Name));
        var again = SearchSpace.FromJson(space.ToJson());
        Assert.Equal(space.Parameters, again.Parameters);
        Assert.Equal(new FloatDistribution(0.01, 0.3, true), space["learning_rate"]!.Distribution);
        Assert.Equal(new IntDistribution(8, 128, true), space["leaves"]!.Distribution);
        var rng = new Rng(5);
        for (var i = 0; i < 200; i++)
        {
            var s = space.Sample(rng);
            Assert.Equal(SearchSpace.SameValue(s["penalty"], "elasticnet"), s.ContainsKey("l1_ratio"));
            Assert.InRange((int)s["max_depth"]!, 2, 12);
            Assert.InRange((int)s["leaves"]!, 8, 128);
            Assert.InRange((double)s["learning_rate"]!, 0.01, 0.3);
            if (s.TryGetValue("c", out var c)) Assert.Equal(Math.Round((double)c! * 10) / 10, (double)c!, 12);
        }
    }

    [Theory]
    [InlineData("[1, 2]", "object")]
    [InlineData("""{"a": {"type": "gaussian"}}""", "type")]
    [InlineData("""{"a": {"type": "float", "low": 1}}""", "high")]
    [InlineData("""{"a": {"type": "float", "low": 2, "high": 1}}""", "exceed")]
    [InlineData("""{"a": {"type": "float", "low": 0, "high": 1, "log": true}}""", "log")]
    [InlineData("""{"a": {"type": "int", "low": 1.5, "high": 3}}""", "whole")]
    [InlineData("""{"a": {"type": "categorical", "choices": []}}""", "choice")]
    [InlineData("""{"a": {"type": "float", "low": 0, "high": 1, "condition": {"b": 1}}}""", "not in the space")]
    [InlineData("""{"a": {"type": "float", "low": 0, "high": 1, "lo": 3}}""", "unknown key")]
    [InlineData("""{"a": """, "JSON")]
    public void Bad_json_gives_clear_errors(string json, string expected)
    {
        var e = Assert.Throws<AugurException>(() => SearchSpace.FromJson(json));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Grids_respect_conditions_and_ranges()
    {
        var space = SearchSpace.Empty
            .Categorical("penalty", "l1", "elasticnet")
            .When("penalty", "elasticnet", s => s.Float("l1_ratio", 0, 1))
            .Int("depth", 2, 4);
        var grid = space.Grid(3);
        // l1: 3 depths; elasticnet: 3 ratios × 3 depths.
        Assert.Equal(12, grid.Count);
        Assert.Equal(3, grid.Count(g => !g.ContainsKey("l1_ratio")));
        Assert.Equal([0.0, 0.5, 1.0], grid.Where(g => g.ContainsKey("l1_ratio")).Select(g => (double)g["l1_ratio"]!).Distinct());
        Assert.Equal([1e-3, 1e-2, 1e-1, 1.0], new FloatDistribution(1e-3, 1, true).GridValues(4).Select(v => Math.Round((double)v!, 12)));
        Assert.Equal([1, 4, 7, 10], new IntDistribution(1, 10).GridValues(4));
        var pg = new ParameterGrid(new Dictionary<string, IReadOnlyList<object?>> { ["b"] = [1, 2], ["a"] = ["x", "y"] });
        Assert.Equal(["x", "x", "y", "y"], pg.Candidates.Select(c => c["a"]));
        Assert.Equal([1, 2, 1, 2], pg.Candidates.Select(c => c["b"]));
    }

    [Fact]
    public void Samples_stay_in_range()
    {
        Gen.Select(Gen.Double[-100, 100], Gen.Double[0, 100], Gen.Int[-50, 50], Gen.Int[0, 60], Gen.Int[0, 100000]).Sample((lo, width, ilo, iwidth, seed) =>
        {
            var rng = new Rng(seed);
            var f = new FloatDistribution(lo, lo + width);
            var i = new IntDistribution(ilo, ilo + iwidth);
            var li = new IntDistribution(1, 1 + iwidth, Log: true);
            for (var k = 0; k < 20; k++)
            {
                Assert.InRange((double)f.Sample(rng)!, lo, lo + width);
                Assert.InRange((int)i.Sample(rng)!, ilo, ilo + iwidth);
                Assert.InRange((int)li.Sample(rng)!, 1, 1 + iwidth);
            }
        }, iter: 100);
    }

    [Fact]
    public void Normal_cdf_and_quantile_match_scipy()
    {
        var e = CrossValidationTests.Ref.GetProperty("normal_cdf");
        var z = e.GetProperty("z").Doubles();
        Close.Equal(e.GetProperty("cdf").Doubles(), z.Select(Normal.Cdf).ToArray(), 1e-13, 1e-16, "cdf");
        var p = e.GetProperty("p").Doubles();
        Close.Equal(e.GetProperty("ppf").Doubles(), p.Select(Normal.InverseCdf).ToArray(), 1e-9, 1e-12, "ppf");
    }
}

public sealed class DefaultSearchSpaceTests
{
    [Fact]
    public void Default_spaces_name_real_options_of_catalog_models()
    {
        var checkedCount = 0;
        foreach (var name in DefaultSearchSpaces.Names)
        {
            if (!EstimatorCatalog.TryGet(name, out var entry)) continue;
            var task = entry.Classifier is not null ? ModelTask.BinaryClassification : ModelTask.Regression;
            DefaultSearchSpaces.For(name, task).Validate(EstimatorCatalog.Create(name, task));
            if (entry.Regressor is not null && entry.Classifier is not null)
                DefaultSearchSpaces.For(name, ModelTask.Regression).Validate(EstimatorCatalog.Create(name, ModelTask.Regression));
            checkedCount++;
        }
        Assert.True(checkedCount >= 2, "at least the catalog models present should be checked");
        Assert.Contains("no default search space", Assert.Throws<AugurException>(() => DefaultSearchSpaces.For("kmeans", ModelTask.Clustering)).Message);
    }
}
