using System.Text.Json;
using Augur.Data;
using Augur.ModelSelection;
using CsCheck;

namespace Augur.Tests.ModelSelection;

public sealed class KFoldSplitterTests
{
    private static readonly JsonElement s_fixture = Fixture.Load("clustering", "splitters.json");

    private static void SameFolds(JsonElement expected, IReadOnlyList<Fold> actual, string what)
    {
        var folds = expected.EnumerateArray().ToArray();
        Assert.True(folds.Length == actual.Count, $"{what}: {actual.Count} folds, expected {folds.Length}");
        for (var f = 0; f < folds.Length; f++)
        {
            Assert.Equal(folds[f][0].Ints(), actual[f].Train);
            Assert.Equal(folds[f][1].Ints(), actual[f].Test);
        }
    }

    [Fact]
    public void KFoldMatchesScikitLearn()
    {
        foreach (var c in s_fixture.GetProperty("kfold").EnumerateArray())
        {
            var n = c.GetProperty("n").GetInt32();
            var k = c.GetProperty("n_splits").GetInt32();
            var splitter = new KFold { NSplits = k };
            Assert.Equal(k, splitter.SplitCount(n));
            SameFolds(c.GetProperty("folds"), splitter.Split(n).ToArray(), $"KFold n={n} k={k}");
        }
    }

    [Fact]
    public void StratifiedKFoldMatchesScikitLearn()
    {
        var (_, iris) = TestData.LoadXy("iris.csv", "species");
        foreach (var c in s_fixture.GetProperty("stratified").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            Column y = name switch
            {
                "iris" => iris,
                "strings" => new StringColumn("y", c.GetProperty("y").Strings()),
                _ => new Int64Column("y", c.GetProperty("y").EnumerateArray().Select(v => (long)v.GetInt32()).ToArray()),
            };
            var k = c.GetProperty("n_splits").GetInt32();
            SameFolds(c.GetProperty("folds"), new StratifiedKFold { NSplits = k }.Split(y.Length, y).ToArray(), $"StratifiedKFold {name} k={k}");
        }
    }

    [Fact]
    public void ShuffledFoldsPartitionTheRowsReproducibly()
    {
        Gen.Select(Gen.Int[2, 8], Gen.Int[0, 200], Gen.Int[0, 1000]).Sample((k, extra, seed) =>
        {
            var n = k + extra;
            var y = new Int64Column("y", Enumerable.Range(0, n).Select(i => (long)(i * 7 % 3)).ToArray());
            ISplitter[] splitters = y.Values.ToArray().GroupBy(v => v).All(g => g.Count() >= k)
                ? [new KFold { NSplits = k, Shuffle = true, RandomState = seed }, new StratifiedKFold { NSplits = k, Shuffle = true, RandomState = seed }]
                : [new KFold { NSplits = k, Shuffle = true, RandomState = seed }];
            foreach (var s in splitters)
            {
                var folds = s.Split(n, y).ToArray();
                Assert.Equal(k, folds.Length);
                var tests = folds.SelectMany(f => f.Test).Order().ToArray();
                Assert.Equal(Enumerable.Range(0, n), tests);
                foreach (var f in folds)
                {
                    Assert.Equal(n, f.Train.Length + f.Test.Length);
                    Assert.Empty(f.Train.Intersect(f.Test));
                    Assert.Equal(f.Train.Order(), f.Train);
                    Assert.Equal(f.Test.Order(), f.Test);
                }
                var again = s.Split(n, y).ToArray();
                for (var f = 0; f < k; f++) Assert.Equal(folds[f].Test, again[f].Test);
            }
        }, iter: 60);
    }

    [Fact]
    public void StratifiedFoldsKeepClassProportions()
    {
        var (_, y) = TestData.LoadXy("wine.csv", "target");
        foreach (var shuffle in new[] { false, true })
            foreach (var fold in new StratifiedKFold { NSplits = 4, Shuffle = shuffle, RandomState = 3 }.Split(y.Length, y))
            {
                var counts = fold.Test.GroupBy(i => y.GetDouble(i)).ToDictionary(g => g.Key, g => g.Count());
                var total = Enumerable.Range(0, y.Length).GroupBy(i => y.GetDouble(i)).ToDictionary(g => g.Key, g => g.Count());
                foreach (var (label, count) in total) Assert.InRange(counts[label], count / 4, count / 4 + 1);
            }
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        Assert.Contains("n_splits", Assert.Throws<AugurException>(() => new KFold { NSplits = 1 }.Split(10).ToArray()).Message);
        Assert.Contains("3 rows", Assert.Throws<AugurException>(() => new KFold { NSplits = 5 }.Split(3).ToArray()).Message);
        Assert.Contains("target", Assert.Throws<AugurException>(() => new StratifiedKFold().Split(10).ToArray()).Message);
        var y = new Int64Column("y", [0, 0, 1, 1, 1, 0]);
        Assert.Contains("fewer members", Assert.Throws<AugurException>(() => new StratifiedKFold { NSplits = 4 }.Split(6, y).ToArray()).Message);
        var missing = new Float64Column("y", [0, double.NaN, 1, 1, 0, 1]);
        Assert.Contains("missing", Assert.Throws<AugurException>(() => new StratifiedKFold { NSplits = 2 }.Split(6, missing).ToArray()).Message);
    }
}
