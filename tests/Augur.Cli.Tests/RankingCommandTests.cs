using System.Globalization;
using System.Text;

namespace Augur.Cli.Tests;

public sealed class RankingCommandTests
{
    /// <summary>Queries of 12 documents whose relevance grows with f1 (plus noise); f3 is noise.</summary>
    private static string WriteRankingData()
    {
        var rng = new Random(5);
        var sb = new StringBuilder("query,f1,f2,f3,relevance\n");
        for (var q = 0; q < 60; q++)
            for (var d = 0; d < 12; d++)
            {
                double a = rng.NextDouble(), b = rng.NextDouble(), c = rng.NextDouble();
                var rel = (int)Math.Clamp(Math.Round(3 * a + (b > 0.8 ? 1 : 0) + (rng.NextDouble() - 0.5) * 0.6), 0, 4);
                sb.Append(CultureInfo.InvariantCulture, $"q{q},{a:R},{b:R},{c:R},{rel}\n");
            }
        var path = Path.Combine(Cli.TempDir(), "rank.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void GbdtRankTrainsOnQueryGroupsAndReportsNdcg()
    {
        var data = WriteRankingData();
        var model = Path.Combine(Path.GetDirectoryName(data)!, "rank.augur");
        var doc = Cli.Run("train", data, "--target", "relevance", "--model", "gbdt-rank", "--group", "query", "--set", "n_estimators=50", "--out", model, "--json").Json();
        Assert.Equal("ranking", doc["task"]!.GetValue<string>());
        Assert.Equal("test", doc["metrics_on"]!.GetValue<string>());
        Assert.Equal(0, doc["test_rows"]!.GetValue<int>() % 12);
        Assert.InRange(doc["metrics"]!["ndcg@10"]!.GetValue<double>(), 0.85, 1.0);

        var eval = Cli.Run("evaluate", model, data, "--json").Json();
        Assert.InRange(eval["metrics"]!["ndcg"]!.GetValue<double>(), 0.85, 1.0);
        var preds = Cli.Run("predict", model, data);
        Assert.Equal(0, preds.ExitCode);
        Assert.Equal(721, preds.Stdout.Trim().Split('\n').Length);
    }

    [Fact]
    public void RankingWithoutGroupIsAClearError()
    {
        var r = Cli.Run("train", WriteRankingData(), "--target", "relevance", "--model", "gbdt-rank", "--out", Path.Combine(Cli.TempDir(), "r.augur"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--group", r.Stderr);
    }
}
