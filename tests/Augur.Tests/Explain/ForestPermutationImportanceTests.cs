using Augur.Explain;

namespace Augur.Tests.Explain;

public sealed class ForestPermutationImportanceTests
{
    [Fact]
    public void WineForestRanksTheSameTopFeaturesAsScikitLearn()
    {
        // scikit-learn's own top three on this 45-row test split changes with the forest's seed (proline, flavanoids and
        // alcohol or colour intensity trade places), so the check is on its top four: Augur's top three come from them,
        // and Augur's top four are the same four.
        var fixture = Fixture.Load("explain", "permutation_importance.json");
        var (trx, tr_y, tex, tey) = PermutationImportanceTests.WineSplit();
        var forest = new Augur.Ensemble.RandomForestClassifier { NEstimators = 100 }.Fit(trx, tr_y);
        var r = new PermutationImportance { NRepeats = 30 }.Compute(forest, tex, tey);
        var ranking = r.Ranking().Select(j => r.FeatureNames[j]).ToArray();
        var sklearnTop4 = fixture.GetProperty("top4").Strings().Select(s => s!).ToHashSet();
        Assert.Equal(["alcohol", "color_intensity", "flavanoids", "proline"], sklearnTop4.Order(StringComparer.Ordinal));
        Assert.Contains("proline", ranking.Take(3));
        Assert.True(ranking.Take(3).Contains("alcohol") || ranking.Take(3).Contains("flavanoids"), $"ranking: {string.Join(", ", ranking)}");
        Assert.True(ranking.Take(4).ToHashSet().SetEquals(sklearnTop4), $"top 4 {string.Join(", ", ranking.Take(4))} vs scikit-learn's {string.Join(", ", sklearnTop4)}");
    }
}
