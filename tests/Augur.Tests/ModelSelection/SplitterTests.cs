using System.Text.Json;
using Augur.Data;
using Augur.ModelSelection;
using CsCheck;

namespace Augur.Tests.ModelSelection;

public sealed class SplitterFixtureTests
{
    private static readonly JsonElement[] s_cases = Fixture.Load("selection", "splitters.json").EnumerateArray().ToArray();

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < s_cases.Length; i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Folds_match_scikit_learn(int index)
    {
        var c = s_cases[index];
        var kind = c.GetProperty("kind").GetString();
        Column? y = c.TryGetProperty("y", out var ye) ? new Int64Column("y", ye.Ints().Select(v => (long)v).ToArray()) : null;
        Column? groups = c.TryGetProperty("groups", out var ge) ? new Int64Column("g", ge.Ints().Select(v => (long)v).ToArray())
            : c.TryGetProperty("groups_str", out var gs) ? new StringColumn("g", gs.Strings()) : null;
        int Get(string name, int fallback) => c.TryGetProperty(name, out var e) ? e.GetInt32() : fallback;
        var n = c.TryGetProperty("n", out var ne) ? ne.GetInt32() : (y ?? groups)!.Length;
        ISplitter splitter = kind switch
        {
            "group_kfold" => new GroupKFold { NSplits = Get("n_splits", 5) },
            "leave_one_group_out" => new LeaveOneGroupOut(),
            "time_series" => new TimeSeriesSplit
            {
                NSplits = Get("n_splits", 5),
                MaxTrainSize = c.TryGetProperty("max_train_size", out var m) ? m.GetInt32() : null,
                TestSize = c.TryGetProperty("test_size", out var t) ? t.GetInt32() : null,
                Gap = Get("gap", 0),
            },
            "leave_one_out" => new LeaveOneOut(),
            "leave_p_out" => new LeavePOut(Get("p", 2)),
            "stratified_group_kfold" => new StratifiedGroupKFold { NSplits = Get("n_splits", 5) },
            _ => throw new InvalidOperationException(kind),
        };
        var expected = c.GetProperty("folds").EnumerateArray().ToArray();
        var actual = splitter.Split(n, y, groups).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expected.Length, splitter.SplitCount(n, y, groups));
        for (var f = 0; f < actual.Length; f++)
        {
            Assert.Equal(expected[f].GetProperty("test").Ints(), actual[f].Test);
            Assert.Equal(expected[f].GetProperty("train").Ints(), actual[f].Train);
        }
    }
}

public sealed class SplitterInvariantTests
{
    private static Column Labels(int n, int classes, int seed)
    {
        var rng = new Numerics.Rng(seed);
        return new Int64Column("y", Enumerable.Range(0, n).Select(i => (long)(i < classes * 2 ? i % classes : rng.NextInt(classes))).ToArray());
    }

    private static void AssertPartition(Fold fold, int n, bool complete)
    {
        Assert.True(fold.Train.SequenceEqual(fold.Train.Order()), "train ascends");
        Assert.True(fold.Test.SequenceEqual(fold.Test.Order()), "test ascends");
        Assert.Empty(fold.Train.Intersect(fold.Test));
        Assert.Equal(fold.Train.Length, fold.Train.Distinct().Count());
        Assert.Equal(fold.Test.Length, fold.Test.Distinct().Count());
        Assert.All(fold.Train.Concat(fold.Test), i => Assert.InRange(i, 0, n - 1));
        if (complete) Assert.Equal(n, fold.Train.Length + fold.Test.Length);
    }

    [Fact]
    public void Shuffle_split_sizes_follow_scikit_learn_rounding()
    {
        Gen.Select(Gen.Int[10, 300], Gen.Double[0.05, 0.6], Gen.Int[0, 1000]).Sample((n, frac, seed) =>
        {
            var s = new ShuffleSplit { NSplits = 3, TestSize = frac, RandomState = seed };
            var folds = s.Split(n).ToArray();
            Assert.Equal(3, folds.Length);
            foreach (var f in folds)
            {
                AssertPartition(f, n, true);
                Assert.Equal((int)Math.Ceiling(frac * n), f.Test.Length);
            }
            Assert.Equal(folds.Select(f => f.Test), s.Split(n).Select(f => f.Test));
        }, iter: 60);
    }

    [Fact]
    public void Shuffle_split_train_size_rounds_down_and_default_test_is_a_tenth()
    {
        var f = new ShuffleSplit { NSplits = 1, TrainSize = 0.55 }.Split(21).Single();
        Assert.Equal(11, f.Train.Length);
        Assert.Equal(10, f.Test.Length);
        var d = new ShuffleSplit { NSplits = 1 }.Split(21).Single();
        Assert.Equal(3, d.Test.Length);
        Assert.Equal(18, d.Train.Length);
        var both = new ShuffleSplit { NSplits = 2, TrainSize = 10, TestSize = 5 }.Split(30).ToArray();
        Assert.All(both, x => { Assert.Equal(10, x.Train.Length); Assert.Equal(5, x.Test.Length); });
        Assert.NotEqual(both[0].Test, both[1].Test);
    }

    [Fact]
    public void Stratified_shuffle_split_keeps_class_proportions()
    {
        Gen.Select(Gen.Int[40, 400], Gen.Int[2, 5], Gen.Double[0.1, 0.5], Gen.Int[0, 1000]).Sample((n, classes, frac, seed) =>
        {
            var y = Labels(n, classes, seed);
            var codes = y.ToDoubleArray().Select(v => (int)v).ToArray();
            var counts = Enumerable.Range(0, classes).Select(k => codes.Count(c => c == k)).ToArray();
            var s = new StratifiedShuffleSplit { NSplits = 4, TestSize = frac, RandomState = seed };
            foreach (var f in s.Split(n, y))
            {
                AssertPartition(f, n, true);
                Assert.Equal((int)Math.Ceiling(frac * n), f.Test.Length);
                for (var k = 0; k < classes; k++)
                {
                    var inTest = f.Test.Count(i => codes[i] == k);
                    Assert.InRange(inTest, Math.Floor(counts[k] * (double)f.Test.Length / n) - 1, Math.Ceiling(counts[k] * (double)f.Test.Length / n) + 1);
                }
            }
            Assert.Equal(s.Split(n, y).Select(f => f.Train), s.Split(n, y).Select(f => f.Train));
        }, iter: 40);
    }

    [Fact]
    public void Repeated_kfold_covers_every_row_once_per_repetition()
    {
        Gen.Select(Gen.Int[10, 200], Gen.Int[2, 6], Gen.Int[1, 4], Gen.Int[0, 1000]).Sample((n, k, reps, seed) =>
        {
            var s = new RepeatedKFold { NSplits = k, NRepeats = reps, RandomState = seed };
            var folds = s.Split(n).ToArray();
            Assert.Equal(k * reps, folds.Length);
            Assert.Equal(k * reps, s.SplitCount(n));
            for (var r = 0; r < reps; r++)
            {
                var tests = folds.Skip(r * k).Take(k).ToArray();
                foreach (var f in tests) AssertPartition(f, n, true);
                Assert.Equal(Enumerable.Range(0, n), tests.SelectMany(f => f.Test).Order());
                Assert.All(tests, f => Assert.InRange(f.Test.Length, n / k, n / k + 1));
            }
            if (reps > 1 && n > 10) Assert.NotEqual(folds[0].Test, folds[k].Test);
            Assert.Equal(folds.Select(f => f.Test), s.Split(n).Select(f => f.Test));
        }, iter: 40);
    }

    [Fact]
    public void Group_shuffle_split_keeps_groups_whole()
    {
        Gen.Select(Gen.Int[30, 200], Gen.Int[5, 20], Gen.Int[0, 1000]).Sample((n, groupCount, seed) =>
        {
            var rng = new Numerics.Rng(seed);
            var groups = new Int64Column("g", Enumerable.Range(0, n).Select(i => (long)(i < groupCount ? i : rng.NextInt(groupCount))).ToArray());
            var s = new GroupShuffleSplit { NSplits = 3, TestSize = 0.3, RandomState = seed };
            foreach (var f in s.Split(n, null, groups))
            {
                AssertPartition(f, n, true);
                var testGroups = f.Test.Select(i => groups.Values[i]).ToHashSet();
                Assert.Equal((int)Math.Ceiling(0.3 * groupCount), testGroups.Count);
                Assert.DoesNotContain(f.Train, i => testGroups.Contains(groups.Values[i]));
            }
        }, iter: 40);
    }

    [Fact]
    public void Group_kfold_and_stratified_group_kfold_keep_groups_in_one_test_fold()
    {
        Gen.Select(Gen.Int[40, 300], Gen.Int[6, 30], Gen.Int[2, 5], Gen.Int[0, 1000]).Sample((n, groupCount, k, seed) =>
        {
            var rng = new Numerics.Rng(seed);
            var groups = new Int64Column("g", Enumerable.Range(0, n).Select(i => (long)(i < groupCount ? i : rng.NextInt(groupCount))).ToArray());
            var y = Labels(n, 2, seed + 1);
            foreach (ISplitter s in new ISplitter[] { new GroupKFold { NSplits = k }, new StratifiedGroupKFold { NSplits = k }, new StratifiedGroupKFold { NSplits = k, Shuffle = true, RandomState = seed } })
            {
                var folds = s.Split(n, y, groups).ToArray();
                Assert.Equal(k, folds.Length);
                foreach (var f in folds) AssertPartition(f, n, true);
                Assert.Equal(Enumerable.Range(0, n), folds.SelectMany(f => f.Test).Order());
                for (var g = 0; g < groupCount; g++)
                    Assert.Single(folds, f => f.Test.Any(i => groups.Values[i] == g));
            }
        }, iter: 25);
    }

    [Fact]
    public void Bad_arguments_raise_clear_errors()
    {
        var groups = new Int64Column("g", [0, 0, 1, 1, 2]);
        var e = Assert.Throws<AugurException>(() => new GroupKFold { NSplits = 4 }.Split(5, null, groups).ToArray());
        Assert.Contains("3 groups", e.Message);
        Assert.Contains("groups column", Assert.Throws<AugurException>(() => new GroupKFold().Split(5).ToArray()).Message);
        Assert.Contains("target", Assert.Throws<AugurException>(() => new StratifiedShuffleSplit().Split(5).ToArray()).Message);
        Assert.Throws<AugurException>(() => new TimeSeriesSplit { NSplits = 5 }.Split(5).ToArray());
        Assert.Throws<AugurException>(() => new TimeSeriesSplit { NSplits = 3, TestSize = 5 }.Split(12).ToArray());
        Assert.Throws<AugurException>(() => new ShuffleSplit { TestSize = 1.5 }.Split(10).ToArray());
        Assert.Throws<AugurException>(() => new ShuffleSplit { TestSize = 0.6, TrainSize = 0.6 }.Split(10).ToArray());
        Assert.Throws<AugurException>(() => new LeavePOut(3).Split(3).ToArray());
        Assert.Contains("missing", Assert.Throws<AugurException>(() =>
            new GroupKFold { NSplits = 2 }.Split(3, null, new Float64Column("g", [1, double.NaN, 2])).ToArray()).Message);
        Assert.Throws<AugurException>(() => new StratifiedShuffleSplit().Split(4, new Int64Column("y", [0, 0, 0, 1])).ToArray());
        Assert.Throws<AugurException>(() => new GroupKFold().Split(4, null, groups).ToArray());
    }
}
