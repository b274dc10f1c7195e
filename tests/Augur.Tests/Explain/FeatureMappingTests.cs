using Augur.Data;
using Augur.Explain;
using Augur.Neighbors;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Preprocessing;

namespace Augur.Tests.Explain;

public sealed class FeatureMappingTests
{
    private static Frame Mixed(int n, long seed)
    {
        var rng = new Rng(seed);
        var colour = new StringColumn("colour", Enumerable.Range(0, n).Select(_ => new[] { "red", "green", "blue" }[rng.NextInt(3)]).ToArray());
        var size = new StringColumn("size", Enumerable.Range(0, n).Select(_ => new[] { "S", "M", "L", "XL" }[rng.NextInt(4)]).ToArray());
        var a = new Float64Column("a", Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray());
        var b = new Float64Column("b", Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.1 ? double.NaN : rng.NextGaussian()).ToArray());
        return new Frame(a, colour, b, size);
    }

    [Fact]
    public void AutoPreprocessorOutputsMapToTheirColumns()
    {
        var x = Mixed(200, 1);
        var y = new Float64Column("y", Enumerable.Range(0, 200).Select(i => x[0].GetDouble(i)).ToArray());
        var pipeline = new Pipeline(new AutoPreprocessor(), new KNeighborsRegressor()).Fit(x, y);
        var mapping = FeatureMapping.Of(pipeline);
        Assert.Equal(["a", "colour", "b", "size"], mapping.InputNames);
        var auto = (AutoPreprocessorModel)pipeline.Transformers[0];
        for (var f = 0; f < mapping.FeatureNames.Count; f++)
        {
            Assert.True(mapping.Sources[f] >= 0, $"{mapping.FeatureNames[f]} is unmapped");
            var plan = auto.Plan.Single(p => p.Column == mapping.InputNames[mapping.Sources[f]]);
            Assert.Contains(mapping.FeatureNames[f], plan.Outputs);
        }
        var (names, groups) = mapping.FoldGroups();
        Assert.Equal(["a", "colour", "b", "size"], names);
        Assert.Equal(mapping.FeatureNames.Count, groups.Length);
    }

    [Fact]
    public void NestedPipelinesAndProbingMapUnknownTransformers()
    {
        var x = Mixed(120, 2).Select("a", "b", "colour");
        var y = new Float64Column("y", Enumerable.Range(0, 120).Select(i => x[0].GetDouble(i)).ToArray());
        var pipeline = new Pipeline(
            new ColumnTransformer(
                new ColumnTransform("num", new Pipeline(new SimpleImputer(), new StandardScaler()), ColumnSelector.Names("a", "b")),
                new ColumnTransform("cat", new OneHotEncoder(), ColumnSelector.Names("colour"))),
            new PolynomialFeatures { Degree = 2, InteractionOnly = true, IncludeBias = false },
            new KNeighborsRegressor()).Fit(x, y);
        var unprobed = FeatureMapping.Of(pipeline);
        var probed = FeatureMapping.Of(pipeline, x);
        var names = probed.FeatureNames;
        var aIndex = names.ToList().IndexOf("num__a");
        Assert.True(aIndex >= 0, string.Join(", ", names));
        Assert.Equal(0, probed.Sources[aIndex]);
        var interaction = names.ToList().FindIndex(n => n.Contains("num__a") && n.Contains("num__b"));
        Assert.Equal(-1, probed.Sources[interaction]);
        var (groupNames, _) = probed.FoldGroups();
        Assert.Contains(names[interaction], groupNames);
        Assert.True(unprobed.Sources.Count(s => s >= 0) <= probed.Sources.Count(s => s >= 0));
    }

    [Fact]
    public void FoldKeepsEfficiency()
    {
        var e = new ShapExplanation
        {
            Method = "kernel",
            OutputSpace = OutputSpace.Value,
            FeatureNames = ["p", "q", "r"],
            OutputNames = ["value"],
            BaseValues = [1.0],
            Values = [Matrix.FromRows([[0.5, -0.25, 2.0]])],
            ModelOutput = Matrix.FromRows([[3.25]]),
            Rows = [0],
        };
        var f = e.Fold(["pq", "r"], [0, 0, 1]);
        Assert.Equal([0.25, 2.0], f.Values[0].Row(0).ToArray());
        Assert.Equal(0, f.MaxAdditivityError(), 12);
        Assert.Throws<ArgumentException>(() => e.Fold(["x"], [0, 1, 0]));
    }
}
