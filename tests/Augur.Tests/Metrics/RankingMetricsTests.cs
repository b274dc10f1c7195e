using Augur.Data;
using Augur.Metrics;

namespace Augur.Tests.Metrics;

public sealed class RankingMetricsTests
{
    [Fact]
    public void DcgAndNdcgMatchScikitLearnWithAndWithoutTies()
    {
        var fixture = Fixture.Load("metrics", "ndcg.json");
        foreach (var c in fixture.GetProperty("cases").EnumerateArray())
        {
            var t = c.GetProperty("y_true").Doubles();
            var s = c.GetProperty("y_score").Doubles();
            int? k = c.GetProperty("k").ValueKind == System.Text.Json.JsonValueKind.Null ? null : c.GetProperty("k").GetInt32();
            foreach (var ignore in new[] { false, true })
            {
                Close.Equal(c.GetProperty($"dcg_{(ignore ? "True" : "False")}").GetDouble(), RankingMetrics.Dcg(t, s, k, ignore), 1e-12, 1e-12, "dcg");
                Close.Equal(c.GetProperty($"ndcg_{(ignore ? "True" : "False")}").GetDouble(), RankingMetrics.Ndcg(t, s, k, ignore), 1e-12, 1e-12, "ndcg");
            }
        }
    }

    [Fact]
    public void GroupedScoresAverageOverQueries()
    {
        var g = Fixture.Load("metrics", "ndcg.json").GetProperty("grouped");
        var t = g.GetProperty("y_true").Doubles();
        var s = g.GetProperty("y_score").Doubles();
        var group = new Int64Column("query", g.GetProperty("group").Ints().Select(i => (long)i).ToArray());
        Close.Equal(g.GetProperty("ndcg").GetDouble(), RankingMetrics.Ndcg(t, s, group), 1e-12);
        Close.Equal(g.GetProperty("ndcg_at_3").GetDouble(), RankingMetrics.Ndcg(t, s, group, k: 3), 1e-12);
        Close.Equal(g.GetProperty("dcg").GetDouble(), RankingMetrics.Dcg(t, s, group), 1e-12);
    }

    [Fact]
    public void PerfectOrderScoresOneAndAllZeroRelevanceScoresZero()
    {
        Assert.Equal(1.0, RankingMetrics.Ndcg([3, 2, 1, 0], [0.9, 0.5, 0.2, 0.1]), 12);
        Assert.Equal(0.0, RankingMetrics.Ndcg([0, 0, 0], [0.9, 0.5, 0.2]));
        Assert.Throws<AugurException>(() => RankingMetrics.Ndcg([-1, 0], [1, 2]));
    }
}
