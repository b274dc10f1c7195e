using System.Text.Json;
using Augur.Ensemble;
using Augur.Explain;
using Augur.Trees;

namespace Augur.Tests.Explain;

public sealed class TreeRecursionTests
{
    private static readonly JsonElement s_fixture = Fixture.Load("explain", "partial_dependence.json");

    [Fact]
    public void RecursionOnADecisionTreeMatchesScikitLearn()
    {
        var (x, y) = TestData.LoadXy("diabetes.csv", "target");
        var model = new DecisionTreeRegressor { MaxDepth = 4 }.Fit(x, y);
        var auto = new PartialDependence { GridResolution = 30 }.Compute(model, x, "bmi");
        Assert.Equal("recursion", auto.Method);
        PartialDependenceTests.AssertMatches(s_fixture.GetProperty("tree_diabetes_bmi_recursion"), auto);
        PartialDependenceTests.AssertMatches(s_fixture.GetProperty("tree_diabetes_2way_recursion"), new PartialDependence { GridResolution = 7, Method = PartialDependenceMethod.Recursion }.Compute(model, x, "bmi", "s5"));
        // Brute force is not compared: scikit-learn breaks ties between equally good splits on different features at
        // random, so the two trees agree on every training row but can route unseen feature combinations differently.
    }

    [Fact]
    public void ForestRecursionIsTheMeanOfItsTreesAndClassifiersKeepThePositiveClass()
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var forest = new RandomForestClassifier { NEstimators = 5, MaxDepth = 4 }.Fit(x, y);
        var r = new PartialDependence { GridResolution = 6, Method = PartialDependenceMethod.Recursion }.Compute(forest, x, "mean radius");
        Assert.Equal(["malignant"], r.OutputNames);
        Assert.Equal(OutputSpace.Probability, r.OutputSpace);
        // A one-feature tree model's recursion equals brute force: with a single split feature there is nothing to average.
        var xs = x.Select("mean radius");
        var single = new DecisionTreeClassifier { MaxDepth = 3 }.Fit(xs, y);
        var rec = new PartialDependence { GridResolution = 12, Method = PartialDependenceMethod.Recursion }.Compute(single, xs, "mean radius");
        var brute = new PartialDependence { GridResolution = 12, Method = PartialDependenceMethod.Brute }.Compute(single, xs, "mean radius");
        Close.Equal(brute.Average!, rec.Average!, 1e-12, 1e-12);
        for (var g = 0; g < r.GridPoints; g++) Assert.InRange(r.Average![0, g], 0, 1);
    }
}
