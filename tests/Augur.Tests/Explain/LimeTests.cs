using Augur.Pipelines;
using Augur.Preprocessing;
using Augur.Data;
using Augur.Explain;
using Augur.NaiveBayes;
using Augur.Neighbors;
using Augur.Numerics;

namespace Augur.Tests.Explain;

public sealed class LimeTests
{
    [Fact]
    public void SurrogateFindsTheFeatureThatDrivesTheModelAndIsSeeded()
    {
        var rng = new Rng(2);
        var n = 300;
        var a = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var c = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        var x = new Frame(new Float64Column("a", a), new Float64Column("b", b), new Float64Column("c", c));
        var y = new Float64Column("y", a.Select((v, i) => 5 * v + 0.1 * b[i]).ToArray());
        var model = new KNeighborsRegressor().Fit(x, y);
        var lime = new LimeTabular { NumSamples = 2000, NumFeatures = 2, RandomState = 4 };
        var e = lime.Explain(model, x, x, [3, 10]);
        Assert.Equal(2, e.Count);
        foreach (var ex in e)
        {
            Assert.Equal("value", ex.Output);
            Assert.Equal(2, ex.Weights.Count);
            Assert.Equal("a", ex.Weights[0].Feature);
            Assert.Matches(@"^(a <= -?\d+\.\d\d|-?\d+\.\d\d < a <= -?\d+\.\d\d|a > -?\d+\.\d\d)$", ex.Weights[0].Condition);
            Assert.InRange(ex.Score, 0.0, 1.0);
            Close.Equal(ex.Intercept + ex.Weights.Sum(w => w.Weight), ex.LocalPrediction, 1e-9, 1e-9);
            Close.Equal(model.PredictValues(x.Take([ex.Row]))[0], ex.ModelPrediction, 1e-12, 1e-12);
        }
        var again = lime.Explain(model, x, x, [3, 10]);
        Assert.Equal(e[0].Weights.Select(w => w.Weight), again[0].Weights.Select(w => w.Weight));
    }

    [Fact]
    public void ClassifiersExplainThePredictedClassOrAChosenOne()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var model = new GaussianNB().Fit(x, y);
        var e = new LimeTabular { NumSamples = 1000 }.Explain(model, x, x, [0, 100, 170]);
        Assert.Equal(["0", "1", "2"], e.Select(r => r.Output));
        Assert.All(e, r => Assert.Equal(10, r.Weights.Count));
        Assert.All(e, r => Assert.Equal(OutputSpace.Probability, r.OutputSpace));
        var chosen = new LimeTabular { NumSamples = 1000, Label = "2", FeatureSelection = LimeFeatureSelection.ForwardSelection, NumFeatures = 3 }.Explain(model, x, x, [0]);
        Assert.Equal("2", chosen[0].Output);
        Assert.Equal(3, chosen[0].Weights.Count);
        Assert.Contains("label", Assert.Throws<AugurException>(() => new LimeTabular { Label = "7" }.Explain(model, x, x, [0])).Message);
    }

    [Fact]
    public void CategoricalColumnsAreSampledByFrequency()
    {
        var rng = new Rng(5);
        var n = 120;
        var colour = new StringColumn("colour", Enumerable.Range(0, n).Select(_ => new[] { "red", "green", "blue" }[rng.NextInt(3)]).ToArray());
        var a = new Float64Column("a", Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray());
        var x = new Frame(a, colour);
        var y = new Float64Column("y", Enumerable.Range(0, n).Select(i => 0.1 * a.GetDouble(i) + (colour.GetValue(i) as string == "red" ? 4 : 0)).ToArray());
        var model = (IRegressor)new Pipeline(
            new ColumnTransformer(
                new ColumnTransform("cat", new OneHotEncoder(), ColumnSelector.Names("colour")),
                new ColumnTransform("num", new Passthrough(), ColumnSelector.Names("a"))),
            new KNeighborsRegressor()).Fit(x, y);
        var red = Enumerable.Range(0, n).First(i => colour.GetValue(i) as string == "red");
        var e = new LimeTabular { NumSamples = 1500 }.Explain(model, x, x, [red])[0];
        Assert.Equal("colour", e.Weights[0].Feature);
        Assert.Equal("colour=red", e.Weights[0].Condition);
        Assert.True(e.Weights[0].Weight > 2);
    }
}
