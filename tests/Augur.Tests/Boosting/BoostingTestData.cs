using Augur.Data;
using Augur.Numerics;

namespace Augur.Tests.Boosting;

/// <summary>Data sets, splits and small metric helpers for the boosting tests (independent of Augur's metrics).</summary>
internal static class BoostingTestData
{
    /// <summary>A bundled data set split into the training and test rows the fixture's script used.</summary>
    public static (Frame TrainX, Column TrainY, Frame TestX, Column TestY) Split(string file, string target, string fixtureKey)
    {
        var (x, y) = TestData.LoadXy(file, target);
        var test = Fixture.Load("boosting", "hgb_reference.json").GetProperty(fixtureKey).GetProperty("test_index").Ints();
        var isTest = new bool[x.RowCount];
        foreach (var i in test) isTest[i] = true;
        var train = Enumerable.Range(0, x.RowCount).Where(i => !isTest[i]).ToArray();
        return (x.Take(train), y.Take(train), x.Take(test), y.Take(test));
    }

    /// <summary>The fixture's reference value <paramref name="metric"/> for <paramref name="fixtureKey"/>.</summary>
    public static double Reference(string fixtureKey, string metric) =>
        Fixture.Load("boosting", "hgb_reference.json").GetProperty(fixtureKey).GetProperty(metric).GetDouble();

    /// <summary>Area under the ROC curve from scores (ties get half credit), positive = 1.</summary>
    public static double Auc(int[] labels, ReadOnlySpan<double> scores)
    {
        double pos = 0, neg = 0, wins = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] != 1) continue;
            pos++;
            for (var j = 0; j < labels.Length; j++)
            {
                if (labels[j] == 1) continue;
                if (scores[i] > scores[j]) wins++;
                else if (scores[i] == scores[j]) wins += 0.5;
            }
        }
        neg = labels.Length - pos;
        return wins / (pos * neg);
    }

    public static double Accuracy(Column expected, Column predicted)
    {
        var hits = 0;
        for (var i = 0; i < expected.Length; i++) if (expected.Format(i) == predicted.Format(i)) hits++;
        return (double)hits / expected.Length;
    }

    public static double R2(ReadOnlySpan<double> y, ReadOnlySpan<double> p)
    {
        var mean = 0.0;
        foreach (var v in y) mean += v;
        mean /= y.Length;
        double ssr = 0, sst = 0;
        for (var i = 0; i < y.Length; i++)
        {
            ssr += (y[i] - p[i]) * (y[i] - p[i]);
            sst += (y[i] - mean) * (y[i] - mean);
        }
        return 1 - ssr / sst;
    }

    /// <summary>A reproducible binary problem: 6 numeric features (one with missing values), a categorical and a string column.</summary>
    public static (Frame X, Column Y) Mixed(int n, int seed)
    {
        var rng = new Rng(seed);
        var cols = new double[5][];
        for (var j = 0; j < cols.Length; j++) cols[j] = new double[n];
        var codes = new int[n];
        var text = new string?[n];
        var label = new string[n];
        string[] cats = ["red", "green", "blue", "amber"];
        string[] words = ["north", "south", "east", "west", "up"];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < cols.Length; j++) cols[j][i] = rng.NextGaussian();
            if (rng.NextDouble() < 0.1) cols[4][i] = double.NaN;
            codes[i] = rng.NextDouble() < 0.05 ? -1 : rng.NextInt(cats.Length);
            text[i] = rng.NextDouble() < 0.05 ? null : words[rng.NextInt(words.Length)];
            var s = cols[0][i] - 0.7 * cols[1][i] + (codes[i] == 1 ? 1.2 : codes[i] == 3 ? -0.8 : 0) + (text[i] == "east" ? 0.9 : 0)
                + (double.IsNaN(cols[4][i]) ? 0.5 : 0.3 * cols[4][i]) + 0.5 * rng.NextGaussian();
            label[i] = s > 0 ? "yes" : "no";
        }
        var frame = new Frame(
            new Float64Column("a", cols[0]), new Float64Column("b", cols[1]), new Float64Column("c", cols[2]),
            new Float64Column("d", cols[3]), new Float64Column("e with space", cols[4]),
            new CategoricalColumn("colour", codes, cats), new StringColumn("direction", text));
        return (frame, new StringColumn("label", label));
    }

    /// <summary>A reproducible regression problem with 5 numeric features.</summary>
    public static (Frame X, double[] Y) Regression(int n, int seed, double noise = 0.3)
    {
        var rng = new Rng(seed);
        var cols = new double[5][];
        for (var j = 0; j < cols.Length; j++) cols[j] = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < cols.Length; j++) cols[j][i] = rng.NextDouble() * 4 - 2;
            y[i] = 2 * cols[0][i] + Math.Sin(2 * cols[1][i]) + cols[2][i] * cols[3][i] + noise * rng.NextGaussian();
        }
        return (new Frame(cols.Select((c, j) => (Column)new Float64Column($"x{j}", c))), y);
    }
}
