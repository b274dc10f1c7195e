namespace Augur.Cli.Tests;

public sealed class SelectionCommandTests
{
    [Fact]
    public void CvJsonReportsFoldScores()
    {
        var doc = Cli.Run("cv", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--cv", "4", "--metric", "accuracy", "--metric", "f1_macro", "--json").Json();
        Assert.Equal(4, doc["folds"]!.GetValue<int>());
        var acc = doc["metrics"]!["accuracy"]!;
        Assert.Equal(4, acc["folds"]!.AsArray().Count);
        Assert.InRange(acc["mean"]!.GetValue<double>(), 0.8, 1.0);
        Assert.NotNull(doc["metrics"]!["f1_macro"]);
    }

    [Fact]
    public void TuneJsonHoldsTrialsAndSavesTheBestModel()
    {
        var dir = Cli.TempDir();
        var outPath = Path.Combine(dir, "best.augur");
        var space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, """{"n_neighbors": {"type": "int", "low": 1, "high": 15}}""");
        var doc = Cli.Run("tune", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--search", "random", "--trials", "5",
            "--cv", "3", "--metric", "accuracy", "--space", space, "--out", outPath, "--json").Json();
        Assert.Equal(5, doc["trials"]!.AsArray().Count);
        Assert.InRange(doc["best_score"]!.GetValue<double>(), 0.8, 1.0);
        Assert.InRange(doc["best_params"]!["n_neighbors"]!.GetValue<int>(), 1, 15);
        Assert.All(doc["trials"]!.AsArray(), t => Assert.Equal("complete", t!["state"]!.GetValue<string>()));
        Assert.True(File.Exists(outPath));
        var eval = Cli.Run("evaluate", outPath, Cli.Data("iris.csv"), "--json").Json();
        Assert.True(eval["metrics"]!["accuracy"]!.GetValue<double>() > 0.8);
    }

    [Fact]
    public void TuneRejectsBadInput()
    {
        var r = Cli.Run("tune", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--search", "annealing");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--search", r.Stderr);
        var noModel = Cli.Run("cv", Cli.Data("iris.csv"), "--target", "species");
        Assert.NotEqual(0, noModel.ExitCode);
        Assert.Contains("--model", noModel.Stderr);
    }

    [Fact]
    public void CvWithRealModels()
    {
        var gbdt = Cli.Run("cv", Cli.Data("breast_cancer.csv"), "--target", "diagnosis", "--model", "gbdt", "--set", "n_estimators=30", "--cv", "3", "--json").Json();
        Assert.Equal("roc_auc", gbdt["metrics"]!.AsObject().Single().Key);
        Assert.InRange(gbdt["metrics"]!["roc_auc"]!["mean"]!.GetValue<double>(), 0.95, 1.0);
        var logistic = Cli.Run("cv", Cli.Data("wine.csv"), "--target", "target", "--model", "logistic", "--cv", "3", "--metric", "accuracy", "--json").Json();
        Assert.InRange(logistic["metrics"]!["accuracy"]!["mean"]!.GetValue<double>(), 0.9, 1.0);
        Assert.Equal(3, logistic["metrics"]!["accuracy"]!["folds"]!.AsArray().Count);
        var forest = Cli.Run("cv", Cli.Data("wine.csv"), "--target", "target", "--model", "forest", "--set", "n_estimators=20", "--cv", "3", "--metric", "accuracy", "--json").Json();
        Assert.InRange(forest["metrics"]!["accuracy"]!["mean"]!.GetValue<double>(), 0.85, 1.0);
        var ridge = Cli.Run("cv", Cli.Data("diabetes.csv"), "--target", "target", "--model", "ridge", "--cv", "4");
        Assert.Equal(0, ridge.ExitCode);
        Assert.Contains("4-fold cross-validation", ridge.Stdout);
    }

    [Fact]
    public void TuneGbdtWithPruningWritesOnlyJsonOnStdout()
    {
        var dir = Cli.TempDir();
        var outPath = Path.Combine(dir, "best.augur");
        var space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, """{"learning_rate": {"type": "float", "low": 0.001, "high": 0.3, "log": true}, "num_leaves": {"type": "int", "low": 4, "high": 31}}""");
        var r = Cli.Run("tune", Cli.Data("breast_cancer.csv"), "--target", "diagnosis", "--model", "gbdt", "--search", "tpe", "--trials", "8",
            "--cv", "3", "--prune", "median", "--space", space, "--set", "n_estimators=40", "--out", outPath, "--json");
        var doc = r.Json();
        Assert.Empty(r.Stderr);
        var trials = doc["trials"]!.AsArray();
        Assert.Equal(8, trials.Count);
        Assert.Equal("roc_auc", doc["metric"]!.GetValue<string>());
        Assert.InRange(doc["best_score"]!.GetValue<double>(), 0.95, 1.0);
        foreach (var t in trials)
        {
            var state = t!["state"]!.GetValue<string>();
            Assert.Contains(state, new[] { "complete", "pruned" });
            if (state == "pruned") Assert.InRange(t["pruned_at"]!.GetValue<long>(), 10, 39);
            else Assert.Null(t["pruned_at"]);
            Assert.True(t["iterations_run"]!.GetValue<long>() > 0);
        }
        Assert.Equal(trials.Count(t => t!["state"]!.GetValue<string>() == "pruned"), doc["pruned"]!.GetValue<int>());
        var eval = Cli.Run("evaluate", outPath, Cli.Data("breast_cancer.csv"), "--json").Json();
        Assert.True(eval["metrics"]!["accuracy"]!.GetValue<double>() > 0.9);
    }

    [Fact]
    public void TunePipedPrintsOnePlainLinePerTrial()
    {
        var dir = Cli.TempDir();
        var r = Cli.Run("tune", Cli.Data("wine.csv"), "--target", "target", "--model", "logistic", "--search", "random", "--trials", "4",
            "--cv", "3", "--metric", "accuracy", "--out", Path.Combine(dir, "best.augur"));
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        for (var i = 0; i < 4; i++)
        {
            Assert.StartsWith($"trial {i + 1}/4  accuracy ", lines[i]);
            Assert.Contains("best ", lines[i]);
            Assert.EndsWith(" s", lines[i]);
        }
        Assert.DoesNotContain("\u001b", r.Stdout + r.Stderr);
        Assert.Contains("logistic: top 4 of 4 trials", r.Stdout);
        Assert.Contains("Best accuracy:", r.Stdout);
    }

    [Fact]
    public void TuneOnTerminalShowsLiveProgressAndTheTopTrials()
    {
        var dir = Cli.TempDir();
        var r = Cli.RunOnTerminal("tune", Cli.Data("breast_cancer.csv"), "--target", "diagnosis", "--model", "gbdt", "--search", "random", "--trials", "3",
            "--cv", "3", "--set", "n_estimators=20", "--out", Path.Combine(dir, "best.augur"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("trial 3/3", r.Stdout);
        Assert.Contains("best ", r.Stdout);
        Assert.Contains("top 3 of 3 trials", r.Stdout);
        Assert.Contains("Saved the best model", r.Stdout);
        // On a terminal, --json still prints the document alone on stdout (progress lines go to stderr).
        var json = Cli.RunOnTerminal("tune", Cli.Data("breast_cancer.csv"), "--target", "diagnosis", "--model", "gbdt", "--search", "random", "--trials", "2",
            "--cv", "3", "--set", "n_estimators=20", "--out", Path.Combine(dir, "best2.augur"), "--json");
        Assert.Equal(2, json.Json()["trials"]!.AsArray().Count);
        Assert.Contains("trial 2/2", json.Stderr);
    }

    [Fact]
    public void TuneForestSearchesTheGivenSpace()
    {
        var dir = Cli.TempDir();
        var space = Path.Combine(dir, "space.json");
        File.WriteAllText(space, """{"n_estimators": {"type": "int", "low": 5, "high": 20}, "max_depth": {"type": "int", "low": 2, "high": 8}}""");
        var doc = Cli.Run("tune", Cli.Data("diabetes.csv"), "--target", "target", "--model", "forest", "--search", "tpe", "--trials", "4", "--cv", "3",
            "--space", space, "--out", Path.Combine(dir, "forest.augur"), "--json").Json();
        Assert.Equal("r2", doc["metric"]!.GetValue<string>());
        Assert.Equal(4, doc["trials"]!.AsArray().Count);
        Assert.InRange(doc["best_params"]!["max_depth"]!.GetValue<int>(), 2, 8);
        Assert.InRange(doc["best_score"]!.GetValue<double>(), 0.2, 1.0);
        Assert.True(File.Exists(Path.Combine(dir, "forest.augur")));
    }

    [Fact]
    public void TuneRejectsAnUnknownPruner()
    {
        var r = Cli.Run("tune", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--prune", "sometimes");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--prune", r.Stderr);
    }
}
