using System.Text.Json.Nodes;
using Augur.Serialization;

namespace Augur.Cli.Tests;

/// <summary><c>augur quickstart</c>, the README's main job: it runs with no set-up and every next step it prints works.</summary>
public sealed class QuickstartCommandTests
{
    [Fact]
    public void Quickstart_compares_models_saves_the_best_and_prints_next_steps()
    {
        var dir = Path.Combine(Cli.TempDir(), "qs");
        var run = Cli.Run("quickstart", "--dir", dir);
        Assert.True(run.ExitCode == 0, run.Stderr);
        foreach (var text in new[] { "Breast Cancer Wisconsin", "569 tumours", "Leaderboard", "Next" })
            Assert.Contains(text, run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
        var saved = ModelFile.Load(Path.Combine(dir, "best.augur"));
        Assert.Equal("quickstart-best", saved.Card.Name);
        Assert.NotNull(saved.Card.Profile);
        Assert.True(File.Exists(Path.Combine(dir, "breast_cancer.csv")));
    }

    [Fact]
    public void Quickstart_json_holds_a_leaderboard_of_every_candidate_and_every_next_command_runs()
    {
        var dir = Path.Combine(Cli.TempDir(), "qs");
        var doc = Cli.Run("quickstart", "--dir", dir, "--json").Json();
        var leaderboard = doc["leaderboard"]!.AsArray();
        Assert.Equal(Commands.QuickstartCommand.Candidates.Count, leaderboard.Count);
        Assert.Equal("roc_auc", doc["primary_metric"]!.GetValue<string>());
        Assert.InRange(doc["metrics"]!["roc_auc"]!.GetValue<double>(), 0.97, 1.0);
        Assert.InRange(doc["metrics"]!["accuracy"]!.GetValue<double>(), 0.93, 1.0);
        Assert.Equal(455, doc["train_rows"]!.GetValue<int>());
        Assert.Equal(114, doc["test_rows"]!.GetValue<int>());

        var next = doc["next"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Contains(next, n => n.StartsWith("augur serve ", StringComparison.Ordinal));
        foreach (var command in next.Where(n => !n.StartsWith("augur serve ", StringComparison.Ordinal)))
        {
            Assert.StartsWith("augur ", command, StringComparison.Ordinal);
            var args = command["augur ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var result = Cli.Run(args);
            Assert.True(result.ExitCode == 0, $"'{command}' failed: {result.Stderr}");
        }
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        Assert.True(File.Exists(Path.Combine(dir, "predictions.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "gbdt.augur")));
    }

    [Fact]
    public void Quickstart_is_reproducible_for_a_seed()
    {
        JsonObject Run() => Cli.Run("quickstart", "--dir", Path.Combine(Cli.TempDir(), "qs"), "--json", "--seed", "3").Json();
        var a = Run();
        var b = Run();
        Assert.Equal(a["model"]!.GetValue<string>(), b["model"]!.GetValue<string>());
        Assert.Equal(a["metrics"]!.ToJsonString(), b["metrics"]!.ToJsonString());
        static string[] Scores(JsonObject doc) => doc["leaderboard"]!.AsArray().Select(entry =>
        {
            var copy = entry!.DeepClone().AsObject();
            copy.Remove("fit_seconds");
            return copy.ToJsonString();
        }).ToArray();
        Assert.Equal(Scores(a), Scores(b));
    }
}
