using Augur.Boosting;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Boosting;

public class GradientBoostingRankerTests
{
    /// <summary>Queries of 15 documents; relevance 0–3 from two of four features plus noise; group ids given per row.</summary>
    private static (Frame X, Column Relevance, Column Group) Queries(int queries, int seed, bool interleave)
    {
        var rng = new Rng(seed);
        var n = queries * 15;
        var f = new double[4][];
        for (var j = 0; j < 4; j++) f[j] = new double[n];
        var relevance = new double[n];
        var group = new long[n];
        for (var i = 0; i < n; i++)
        {
            group[i] = interleave ? i % queries : i / 15;
            for (var j = 0; j < 4; j++) f[j][i] = rng.NextGaussian();
            var s = f[0][i] + 0.5 * f[1][i] + 0.3 * rng.NextGaussian();
            relevance[i] = s > 1.2 ? 3 : s > 0.5 ? 2 : s > -0.3 ? 1 : 0;
        }
        var x = new Frame(f.Select((c, j) => (Column)new Float64Column($"f{j}", c)));
        return (x, new Float64Column("relevance", relevance), new Int64Column("query", group));
    }

    /// <summary>Mean NDCG@k over the groups.</summary>
    private static double Ndcg(double[] relevance, double[] scores, long[] group, int k)
    {
        var total = 0.0;
        var groups = group.Distinct().ToArray();
        foreach (var g in groups)
        {
            var rows = Enumerable.Range(0, group.Length).Where(i => group[i] == g).ToArray();
            double Dcg(IEnumerable<int> order) => order.Take(k).Select((i, r) => (Math.Pow(2, relevance[i]) - 1) / Math.Log2(r + 2)).Sum();
            var ideal = Dcg(rows.OrderByDescending(i => relevance[i]));
            total += ideal == 0 ? 1 : Dcg(rows.OrderByDescending(i => scores[i])) / ideal;
        }
        return total / groups.Length;
    }

    [Fact]
    public void Lambdarank_RanksHeldOutQueries()
    {
        var (x, rel, group) = Queries(120, seed: 1, interleave: false);
        var (tx, trel, tgroup) = Queries(40, seed: 2, interleave: false);
        var model = new GradientBoostingRanker { NEstimators = 50 }.Fit(x, rel, group);
        Assert.Equal(ModelTask.Ranking, model.Task);
        var scores = model.PredictScores(tx);
        var ndcg = Ndcg(trel.ToDoubleArray(), scores, ((Int64Column)tgroup).Values.ToArray(), 5);
        var random = Ndcg(trel.ToDoubleArray(), tx["f3"].ToDoubleArray(), ((Int64Column)tgroup).Values.ToArray(), 5);
        Assert.True(ndcg > 0.9, $"NDCG@5 {ndcg}");
        Assert.True(ndcg > random + 0.2, $"NDCG@5 {ndcg} vs {random}");
        Assert.Equal("score", model.Predict(tx).Name);
    }

    [Fact]
    public void InterleavedGroups_TrainLikeGroupedRows()
    {
        var (x, rel, group) = Queries(30, seed: 3, interleave: true);
        var model = new GradientBoostingRanker { NEstimators = 20, NThreads = 1 }.Fit(x, rel, group);
        // The same rows arranged group by group (stable): LightGBM sees exactly the same data.
        var g = ((Int64Column)group).Values.ToArray();
        var order = Enumerable.Range(0, g.Length).OrderBy(i => g[i]).ToArray();
        var grouped = new GradientBoostingRanker { NEstimators = 20, NThreads = 1 }.Fit(x.Take(order), rel.Take(order), group.Take(order));
        Assert.Equal(grouped.PredictScores(x), model.PredictScores(x));
    }

    [Fact]
    public void GroupColumnOption_EarlyStoppingOnNdcg_AndSaveLoad()
    {
        var (x, rel, group) = Queries(80, seed: 4, interleave: false);
        var (vx, vrel, vgroup) = Queries(30, seed: 5, interleave: false);
        var ranker = new GradientBoostingRanker { GroupColumn = "query", NEstimators = 200, EarlyStoppingRounds = 10, EvalMetric = "ndcg@5", LearningRate = 0.3 };
        var model = ranker.Fit(x.WithColumn(group), rel, group, new EvalSet(vx.WithColumn(vgroup), vrel));
        Assert.DoesNotContain("query", model.Signature.InputNames);
        Assert.Equal("ndcg@5", model.History.WatchedMetric);
        var curve = model.History.Validation["ndcg@5"];
        Assert.Equal(Array.IndexOf(curve, curve.Max()) + 1, model.Iterations);

        // Fit through the IEstimator signature (the command line's way): the group comes from the frame.
        var viaFrame = (ranker with { EarlyStoppingRounds = null, NEstimators = 10 }).Fit(x.WithColumn(group), rel);
        Assert.Equal(10, viaFrame.Iterations);
        Assert.Throws<AugurException>(() => new GradientBoostingRanker().Fit(x, rel));

        using var stream = new MemoryStream();
        ModelFile.Save(model, stream);
        stream.Position = 0;
        var loaded = Assert.IsType<GradientBoostingRankerModel>(ModelFile.Load(stream).Model);
        Assert.Equal(model.PredictScores(vx), loaded.PredictScores(vx));
        Assert.Equal(curve, loaded.History.Validation["ndcg@5"]);
    }

    [Fact]
    public void Relevance_MustBeNonNegativeIntegers()
    {
        var (x, _, group) = Queries(5, seed: 6, interleave: false);
        var bad = new Float64Column("relevance", Enumerable.Range(0, x.RowCount).Select(i => i * 0.5).ToArray());
        Assert.Throws<AugurException>(() => new GradientBoostingRanker().Fit(x, bad, group));
        var missingGroup = new Int64Column("query", new long[x.RowCount], Enumerable.Range(0, x.RowCount).Select(i => i == 3).ToArray());
        Assert.Throws<AugurException>(() => new GradientBoostingRanker().Fit(x, new Float64Column("r", new double[x.RowCount]), missingGroup));
    }
}
