using Augur.Pipelines;
using Augur.Preprocessing;
using System.Text.Json;
using Augur.Data;
using Augur.Explain;
using Augur.NaiveBayes;
using Augur.Neighbors;
using Augur.Numerics;

namespace Augur.Tests.Explain;

public sealed class PartialDependenceTests
{
    private static readonly JsonElement s_fixture = Fixture.Load("explain", "partial_dependence.json");

    internal static void AssertMatches(JsonElement c, PartialDependenceResult r, double rtol = 1e-9, double atol = 1e-12)
    {
        var values = c.GetProperty("values").EnumerateArray().Select(v => v.Doubles()).ToArray();
        Assert.Equal(values.Length, r.GridValues.Count);
        for (var f = 0; f < values.Length; f++) Close.Equal(values[f], r.GridValues[f], 1e-12, 1e-12, "grid");
        if (c.TryGetProperty("average", out var avg)) Close.Equal(avg.Matrix(), r.Average!, rtol, atol, "average");
        if (c.TryGetProperty("individual", out var ind))
        {
            var outputs = ind.EnumerateArray().ToArray();
            Assert.Equal(outputs.Length, r.Individual!.Count);
            for (var k = 0; k < outputs.Length; k++) Close.Equal(outputs[k].Matrix(), r.Individual[k], rtol, atol, $"individual[{k}]");
        }
    }

    [Fact]
    public void GaussianNBOnWineMatchesScikitLearn()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var model = new GaussianNB().Fit(x, y);
        var both = new PartialDependence { GridResolution = 20, Kind = PartialDependenceKind.Both }.Compute(model, x, "alcohol");
        Assert.Equal("brute", both.Method);
        Assert.Equal(["0", "1", "2"], both.OutputNames);
        Assert.Equal(OutputSpace.Probability, both.OutputSpace);
        AssertMatches(s_fixture.GetProperty("gnb_wine_alcohol"), both);
        AssertMatches(s_fixture.GetProperty("gnb_wine_2way"), new PartialDependence { GridResolution = 8 }.Compute(model, x, "alcohol", "magnesium"));
        AssertMatches(s_fixture.GetProperty("gnb_wine_default_grid"), new PartialDependence().Compute(model, x, "proline"));
    }

    [Fact]
    public void BinaryClassifierKeepsThePositiveClass()
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var model = new GaussianNB().Fit(x, y);
        var r = new PartialDependence { GridResolution = 15, Percentiles = [0.1, 0.9] }.Compute(model, x, "mean radius");
        Assert.Equal(["malignant"], r.OutputNames);
        AssertMatches(s_fixture.GetProperty("gnb_breast_radius"), r);
    }

    [Fact]
    public void KNeighborsRegressorOnDiabetesMatchesScikitLearn()
    {
        var (x, y) = TestData.LoadXy("diabetes.csv", "target");
        var model = new KNeighborsRegressor().Fit(x, y);
        var r = new PartialDependence { GridResolution = 25, Kind = PartialDependenceKind.Both }.Compute(model, x, "bmi");
        Assert.Equal(["value"], r.OutputNames);
        AssertMatches(s_fixture.GetProperty("knn_diabetes_bmi"), r);
        var sex = new PartialDependence { CategoricalFeatures = ["sex"] }.Compute(model, x, "sex");
        Assert.True(sex.Categorical[0]);
        Assert.Equal(["1", "2"], sex.GridLabels[0]);
        AssertMatches(s_fixture.GetProperty("knn_diabetes_sex_categorical"), sex);
    }

    [Fact]
    public void IndividualCurvesAverageToThePartialDependence()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var model = new GaussianNB().Fit(x, y);
        var r = new PartialDependence { GridResolution = 9, Kind = PartialDependenceKind.Both }.Compute(model, x, "hue", "ash");
        Assert.Equal(81, r.GridPoints);
        for (var k = 0; k < 3; k++)
            for (var g = 0; g < r.GridPoints; g++)
            {
                var col = r.Individual![k].Column(g);
                Close.Equal(col.Average(), r.Average![k, g], 1e-12, 1e-15);
            }
        var ice = new PartialDependence { GridResolution = 9, Kind = PartialDependenceKind.Individual }.Compute(model, x, "hue");
        Assert.Null(ice.Average);
        Assert.Equal(x.RowCount, ice.Individual![0].Rows);
    }

    [Fact]
    public void TextColumnsUseTheirCategories()
    {
        var rng = new Rng(1);
        var n = 60;
        var colour = new StringColumn("colour", Enumerable.Range(0, n).Select(_ => new[] { "red", "green", "blue" }[rng.NextInt(3)]).ToArray());
        var a = new Float64Column("a", Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray());
        var x = new Frame(a, colour);
        var y = new Float64Column("y", Enumerable.Range(0, n).Select(i => a.GetDouble(i) + (colour.GetValue(i) as string == "red" ? 3 : 0)).ToArray());
        var pipeline = (IRegressor)new Pipeline(
            new ColumnTransformer(
                new ColumnTransform("cat", new OneHotEncoder(), ColumnSelector.Names("colour")),
                new ColumnTransform("num", new Passthrough(), ColumnSelector.Names("a"))),
            new KNeighborsRegressor()).Fit(x, y);
        var r = new PartialDependence().Compute(pipeline, x, "colour");
        Assert.Equal(["blue", "green", "red"], r.GridLabels[0]);
        Assert.True(r.Average![0, 2] > r.Average[0, 0] + 1);
    }

    [Fact]
    public void BadRequestsAreReported()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var model = new GaussianNB().Fit(x, y);
        Assert.Contains("not an input column", Assert.Throws<AugurException>(() => new PartialDependence().Compute(model, x, "nope")).Message);
        Assert.Contains("one or two", Assert.Throws<AugurException>(() => new PartialDependence().Compute(model, x, "hue", "ash", "alcohol")).Message);
        Assert.Contains("recursion", Assert.Throws<AugurException>(() => new PartialDependence { Method = PartialDependenceMethod.Recursion }.Compute(model, x, "hue")).Message);
        Assert.Contains("grid_resolution", Assert.Throws<AugurException>(() => new PartialDependence { GridResolution = 1 }.Compute(model, x, "hue")).Message);
    }
}
