namespace Augur.Cli.Tests;

public sealed class UnsupervisedCommandTests
{
    [Fact]
    public void TrainWithoutTargetFitsAClustererAndReportsInternalMetrics()
    {
        var dir = Cli.TempDir();
        var model = Path.Combine(dir, "km.augur");
        var doc = Cli.Run("train", Cli.Data("iris.csv"), "--model", "kmeans", "--set", "n_clusters=3", "--drop", "species", "--out", model, "--json").Json();
        Assert.Equal("clustering", doc["task"]!.GetValue<string>());
        Assert.Equal("train", doc["metrics_on"]!.GetValue<string>());
        var metrics = doc["metrics"]!.AsObject();
        Assert.Equal(3, metrics["n_clusters"]!.GetValue<double>());
        Assert.InRange(metrics["silhouette"]!.GetValue<double>(), 0.3, 1.0);
        Assert.True(metrics.ContainsKey("calinski_harabasz") && metrics.ContainsKey("davies_bouldin"));

        // Against the species labels the clusters agree well (scikit-learn's KMeans on standardized iris: ARI ≈ 0.62).
        var eval = Cli.Run("evaluate", model, Cli.Data("iris.csv"), "--target", "species", "--json").Json();
        Assert.InRange(eval["metrics"]!["adjusted_rand_score"]!.GetValue<double>(), 0.5, 1.0);

        var preds = Cli.Run("predict", model, Cli.Data("iris.csv"));
        Assert.Equal(0, preds.ExitCode);
        Assert.EndsWith(",prediction", preds.Stdout.Split('\n')[0].Trim());
    }

    [Fact]
    public void DecompositionTransformsOnPredict()
    {
        var dir = Cli.TempDir();
        var model = Path.Combine(dir, "pca.augur");
        var doc = Cli.Run("train", Cli.Data("wine.csv"), "--model", "pca", "--set", "n_components=2", "--drop", "target", "--out", model, "--json").Json();
        Assert.Equal("decomposition", doc["task"]!.GetValue<string>());
        Assert.InRange(doc["metrics"]!["explained_variance_ratio"]!.GetValue<double>(), 0.5, 0.6);
        var r = Cli.Run("predict", model, Cli.Data("wine.csv"));
        Assert.Equal(0, r.ExitCode);
        Assert.EndsWith("target,pca0,pca1", r.Stdout.Split('\n')[0].Trim());
    }

    [Fact]
    public void AutoWithoutTargetAsksForAnUnsupervisedModel()
    {
        var r = Cli.Run("train", Cli.Data("iris.csv"), "--out", Path.Combine(Cli.TempDir(), "x.augur"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("kmeans", r.Stderr);
    }

    [Fact]
    public void SupervisedModelWithoutTargetIsAClearError()
    {
        var r = Cli.Run("train", Cli.Data("iris.csv"), "--model", "logistic", "--out", Path.Combine(Cli.TempDir(), "x.augur"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("does not support", r.Stderr);
    }
}
