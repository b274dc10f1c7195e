using Augur.Data;
using Augur.ModelSelection;
using Augur.Numerics;
using CsCheck;

namespace Augur.Tests.Data;

public class TrainTestSplitTests
{
    [Fact]
    public void Stratified_class_counts_match_scikit_learn()
    {
        foreach (var ds in Fixture.Load("data", "split.json").GetProperty("datasets").EnumerateArray())
        {
            var file = ds.GetProperty("file").GetString()!;
            var (x, y) = (Frame.ReadCsv(TestData.Path(file)), (Column?)null);
            y = x[ds.GetProperty("target").GetString()!];
            x = x.Drop(y.Name);
            var classes = ds.GetProperty("classes").Strings();
            var classCounts = ds.GetProperty("class_counts").Ints();
            foreach (var c in ds.GetProperty("cases").EnumerateArray())
            {
                var size = c.GetProperty("test_size");
                var split = size.TryGetInt32(out var count) && !size.GetRawText().Contains('.')
                    ? TrainTestSplit.Split(x, y, count, stratify: y)
                    : TrainTestSplit.Split(x, y, size.GetDouble(), stratify: y);
                var what = $"{file} test_size={size.GetRawText()}";
                Assert.Equal(c.GetProperty("n_train").GetInt32(), split.TrainIndices.Length);
                Assert.Equal(c.GetProperty("n_test").GetInt32(), split.TestIndices.Length);
                var train = CountClasses(split.YTrain!, classes);
                var test = CountClasses(split.YTest!, classes);
                if (c.GetProperty("deterministic").GetBoolean())
                {
                    Assert.True(c.GetProperty("train_counts").Ints().SequenceEqual(train), what);
                    Assert.True(c.GetProperty("test_counts").Ints().SequenceEqual(test), what);
                }
                else
                {
                    // A tie among equal remainders is broken at random (by a different generator than NumPy's):
                    // each class gets the floor of its share or one more, and the test part takes the rest.
                    for (var k = 0; k < classes.Length; k++)
                    {
                        var share = (double)classCounts[k] / classCounts.Sum() * split.TrainIndices.Length;
                        Assert.InRange(train[k], (int)Math.Floor(share), (int)Math.Floor(share) + 1);
                        Assert.Equal(classCounts[k], train[k] + test[k]);
                    }
                }
                Assert.True(train.All(v => v > 0) && test.All(v => v > 0), what);
                CheckPartition(split, y.Length);
            }
        }
    }

    private static int[] CountClasses(Column y, string?[] classes)
    {
        var counts = new int[classes.Length];
        for (var i = 0; i < y.Length; i++) counts[Array.IndexOf(classes, y.Format(i))]++;
        return counts;
    }

    private static void CheckPartition(TrainTestSplitResult split, int n)
    {
        var all = split.TrainIndices.Concat(split.TestIndices).ToArray();
        Assert.Equal(n, all.Length);
        Assert.Equal(Enumerable.Range(0, n), all.Order());
        Assert.Equal(split.TrainIndices.Length, split.XTrain.RowCount);
        Assert.Equal(split.TestIndices.Length, split.XTest.RowCount);
    }

    [Theory]
    [InlineData(150, 0.25, 112, 38)]
    [InlineData(150, 0.1, 135, 15)]
    [InlineData(10, 0.33, 6, 4)]
    [InlineData(3, 0.5, 1, 2)]
    public void Fractional_test_size_rounds_up_like_scikit_learn(int n, double testSize, int nTrain, int nTest)
    {
        var x = new Frame(new Int64Column("i", Enumerable.Range(0, n).Select(i => (long)i).ToArray()));
        var split = TrainTestSplit.Split(x, testSize: testSize);
        Assert.Equal(nTrain, split.XTrain.RowCount);
        Assert.Equal(nTest, split.XTest.RowCount);
        Assert.Null(split.YTrain);
        CheckPartition(split, n);
        for (var r = 0; r < split.XTrain.RowCount; r++) Assert.Equal((long)split.TrainIndices[r], split.XTrain["i"].GetValue(r));
    }

    [Fact]
    public void Without_shuffle_the_first_rows_train()
    {
        var x = new Frame(new Int64Column("i", Enumerable.Range(0, 10).Select(i => (long)i).ToArray()));
        var y = new StringColumn("y", Enumerable.Range(0, 10).Select(i => "c" + i));
        var split = TrainTestSplit.Split(x, y, 3, shuffle: false);
        Assert.Equal(Enumerable.Range(0, 7), split.TrainIndices);
        Assert.Equal(Enumerable.Range(7, 3), split.TestIndices);
        Assert.Equal("c7", split.YTest!.GetValue(0));
    }

    [Fact]
    public void Same_seed_same_split_and_rows_stay_aligned()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var a = TrainTestSplit.Split(x, y, 0.3, randomState: 42, stratify: y);
        var b = TrainTestSplit.Split(x, y, 0.3, randomState: 42, stratify: y);
        var c = TrainTestSplit.Split(x, y, 0.3, randomState: 7, stratify: y);
        Assert.Equal(a.TrainIndices, b.TrainIndices);
        Assert.NotEqual(a.TrainIndices, c.TrainIndices);
        for (var r = 0; r < a.XTest.RowCount; r++)
        {
            Assert.Equal(x["alcohol"].GetDouble(a.TestIndices[r]), a.XTest["alcohol"].GetDouble(r));
            Assert.Equal(y.GetDouble(a.TestIndices[r]), a.YTest!.GetDouble(r));
        }
    }

    [Fact]
    public void Property_split_is_a_partition_with_the_right_sizes()
    {
        Gen.Select(Gen.Int[2, 300], Gen.Double[0.01, 0.99], Gen.Int).Sample((n, size, seed) =>
        {
            var x = new Frame(new Int64Column("i", Enumerable.Range(0, n).Select(i => (long)i).ToArray()));
            var nTest = (int)Math.Ceiling(size * n);
            if (nTest >= n) return;
            var split = TrainTestSplit.Split(x, testSize: size, randomState: seed);
            Assert.Equal(nTest, split.TestIndices.Length);
            CheckPartition(split, n);
        }, iter: 200);
    }

    [Fact]
    public void Approximate_mode_gives_every_draw_to_the_largest_remainders()
    {
        var rng = new Rng(0);
        Assert.Equal(new[] { 2, 1, 1 }, TrainTestSplit.ApproximateMode([5, 3, 2], 4, rng));
        Assert.Equal(new[] { 5, 3, 2 }, TrainTestSplit.ApproximateMode([5, 3, 2], 10, rng));
        var tie = TrainTestSplit.ApproximateMode([1, 1, 1], 2, rng);
        Assert.Equal(2, tie.Sum());
        Assert.All(tie, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        var x = new Frame(new Int64Column("i", Enumerable.Range(0, 10).Select(i => (long)i).ToArray()));
        var y = new StringColumn("y", ["a", "a", "a", "a", "b", "b", "b", "b", "b", "c"]);
        Assert.Contains("only 1 member", Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, y, 0.3, stratify: y)).Message);
        Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, y, 0.0));
        Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, y, 1.0));
        Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, y, double.NaN));
        Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, y, 0));
        Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, y, 10));
        Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, new StringColumn("short", ["a"])));
        var two = new StringColumn("y", ["a", "a", "a", "a", "a", "b", "b", "b", "b", "b"]);
        Assert.Contains("smaller than the number of classes", Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, two, 1, stratify: two)).Message);
        Assert.Contains("shuffl", Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, two, 0.4, shuffle: false, stratify: two)).Message);
        var missing = new StringColumn("y", ["a", "a", null, "a", "a", "b", "b", "b", "b", "b"]);
        Assert.Contains("missing", Assert.Throws<AugurException>(() => TrainTestSplit.Split(x, missing, 0.4, stratify: missing)).Message);
        Assert.Throws<AugurException>(() => TrainTestSplit.Split(new Frame(new Int64Column("i", [1])), testSize: 0.5));
    }
}
