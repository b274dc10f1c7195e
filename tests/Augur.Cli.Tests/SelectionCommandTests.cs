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
}
