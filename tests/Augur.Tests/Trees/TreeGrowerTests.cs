using Augur.Numerics;
using Augur.Trees;
using CsCheck;

namespace Augur.Tests.Trees;

/// <summary>The two exact split searches (presorted lists, and per-node counting / radix sort for data too large to presort) grow the same trees.</summary>
public sealed class TreeGrowerTests
{
    [Fact]
    public void PresortedAndPerNodeSortingGrowIdenticalTrees()
    {
        Gen.Select(Gen.Int[30, 400], Gen.Int[1, 6], Gen.Int[0, 10_000], Gen.Int[0, 5]).Sample((n, p, seed, variant) =>
        {
            var classification = variant % 2 == 0;
            var (x, y) = classification ? TreeTestData.Classification(n, p, 3, seed) : TreeTestData.Regression(n, p, seed);
            var names = x.ColumnNames;
            var m = x.ToMatrix();
            var data = classification
                ? TreeTrainingSet.ForClassification(m, names, y.ToDoubleArray().Select(v => (int)v).ToArray(), 3, 1, "test")
                // Integer targets keep every sum exact: the two searches add the same numbers in different orders.
                : TreeTrainingSet.ForRegression(m, names, y.ToDoubleArray().Select(v => Math.Round(10 * v)).ToArray(), 1, "test");
            var criterion = variant switch
            {
                0 => SplitCriterion.Gini,
                2 => SplitCriterion.Entropy,
                4 => SplitCriterion.Gini,
                1 => SplitCriterion.SquaredError,
                _ => SplitCriterion.FriedmanMse,
            };
            var settings = new GrowSettings(criterion, false, variant == 3 ? 5 : int.MaxValue, 2, 1 + variant % 3, 0, variant >= 4 ? Math.Max(1, p / 2) : p,
                variant == 5 ? 12 : -1, 0);
            var rng = new Rng(seed);
            var weights = variant == 4 ? Enumerable.Range(0, n).Select(_ => (double)rng.NextInt(4)).ToArray() : null;
            if (weights is not null && weights.All(w => w == 0)) weights[0] = 1;
            var a = new TreeGrower(data, allowPresorted: true).Grow(weights, settings, new Rng(seed));
            var b = new TreeGrower(data, allowPresorted: false).Grow(weights, settings, new Rng(seed));
            Assert.Equal(a.Features.ToArray(), b.Features.ToArray());
            Assert.Equal(a.Thresholds.ToArray(), b.Thresholds.ToArray());
            Assert.Equal(a.LeftChildren.ToArray(), b.LeftChildren.ToArray());
            Assert.Equal(a.NodeSampleCounts.ToArray(), b.NodeSampleCounts.ToArray());
            Close.Equal(a.Values, b.Values, 1e-12, 1e-12);
        }, iter: 40);
    }
}
