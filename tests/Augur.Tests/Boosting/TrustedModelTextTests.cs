using Augur.Boosting;
using Augur.Boosting.Native;

namespace Augur.Tests.Boosting;

/// <summary>The fast reader of LightGBM's own model text sees the same trees as the checking parser.</summary>
public sealed class TrustedModelTextTests
{
    [Fact]
    public void Trusted_parse_reads_the_same_trees_as_the_checked_parse()
    {
        var (x, y) = BoostingTestData.Mixed(400, 3);
        var (wx, wy) = TestData.LoadXy("wine.csv", "target");
        string[] texts =
        [
            new GradientBoostingClassifier { NEstimators = 30, NThreads = 1 }.Fit(x, y).LightGbmModelText, // categorical splits, missing values
            new GradientBoostingClassifier { NEstimators = 10, NumLeaves = 5, NThreads = 1 }.Fit(wx, wy).LightGbmModelText, // multiclass
            new GradientBoostingRegressor { NEstimators = 5, MinChildSamples = 1000, NThreads = 1 }.Fit(wx, wx["alcohol"]).LightGbmModelText, // one-leaf trees
        ];
        foreach (var text in texts)
        {
            var checkedParse = LightGbmModelText.Parse(text);
            var trusted = LightGbmModelText.ParseTrusted(text);
            Assert.Equal(checkedParse.Features, trusted.Features);
            Assert.Equal(checkedParse.TreesPerIteration, trusted.TreesPerIteration);
            Assert.Equal(checkedParse.Header.OrderBy(kv => kv.Key), trusted.Header.OrderBy(kv => kv.Key));
            Assert.Equal(checkedParse.Trees.Count, trusted.Trees.Count);
            for (var t = 0; t < trusted.Trees.Count; t++)
            {
                var a = checkedParse.Trees[t];
                var b = trusted.Trees[t];
                Assert.Equal(a.NumLeaves, b.NumLeaves);
                Assert.Equal(a.SplitFeature, b.SplitFeature);
                Assert.Equal(a.Threshold, b.Threshold);
                Assert.Equal(a.DecisionType, b.DecisionType);
                Assert.Equal(a.LeftChild, b.LeftChild);
                Assert.Equal(a.RightChild, b.RightChild);
                Assert.Equal(a.LeafValue, b.LeafValue);
                Assert.Equal(a.CatBoundaries, b.CatBoundaries);
                Assert.Equal(a.CatThreshold, b.CatThreshold);
                Assert.Equal(a.IsLinear, b.IsLinear);
            }
        }
        Assert.Contains(LightGbmModelText.Parse(texts[0]).Trees, t => t.CatThreshold.Length > 0);
        Assert.Contains(LightGbmModelText.Parse(texts[2]).Trees, t => t.NumLeaves == 1);
        // Text that is not what LightGBM writes falls back to the checking parser and its error.
        Assert.Throws<LightGbmException>(() => LightGbmModelText.ParseTrusted("tree\nnum_class=1\n"));
    }
}
