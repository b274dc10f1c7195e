using System.Text.Json.Nodes;

namespace Augur.Cli.Tests;

public sealed class CoreCommandTests
{
    [Fact]
    public void DescribeJsonListsEveryColumnWithStatistics()
    {
        var doc = Cli.Run("describe", Cli.Data("txhousing.csv"), "--json").Json();
        Assert.Equal(8602, doc["rows"]!.GetValue<int>());
        var schema = doc["schema"]!.AsArray();
        Assert.Equal(9, schema.Count);
        var city = schema.Single(c => c!["column"]!.GetValue<string>() == "city")!;
        Assert.Equal("categorical", city["type"]!.GetValue<string>());
        var sales = schema.Single(c => c!["column"]!.GetValue<string>() == "sales")!;
        Assert.True(sales["missing"]!.GetValue<double>() > 0);
        Assert.True(sales["mean"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void DescribeHumanOutputIsATable()
    {
        var r = Cli.Run("describe", Cli.Data("iris.csv"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("150 rows × 5 columns", r.Stdout);
        Assert.Contains("petal width (cm)", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void TrainPredictEvaluateRoundTrip()
    {
        var dir = Cli.TempDir();
        var model = Path.Combine(dir, "iris.augur");
        var train = Cli.Run("train", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--set", "n_neighbors=7", "--out", model, "--json").Json();
        Assert.Equal("knn", train["model"]!.GetValue<string>());
        Assert.Equal("multiclass classification", train["task"]!.GetValue<string>());
        Assert.Equal("test", train["metrics_on"]!.GetValue<string>());
        Assert.Equal(30, train["test_rows"]!.GetValue<int>());
        var metrics = train["metrics"]!.AsObject();
        foreach (var key in new[] { "accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "roc_auc_ovr", "log_loss" })
            Assert.True(metrics.ContainsKey(key), key);
        Assert.True(metrics["accuracy"]!.GetValue<double>() > 0.85);
        Assert.True(File.Exists(model));

        var preds = Path.Combine(dir, "preds.csv");
        Assert.Equal(0, Cli.Run("predict", model, Cli.Data("iris.csv"), "--proba", "--out", preds).ExitCode);
        var lines = File.ReadAllLines(preds);
        Assert.Equal(151, lines.Length);
        Assert.EndsWith("species,prediction,proba_setosa,proba_versicolor,proba_virginica", lines[0]);

        var eval = Cli.Run("evaluate", model, Cli.Data("iris.csv"), "--json").Json();
        Assert.Equal("species", eval["target"]!.GetValue<string>());
        Assert.Equal(150, eval["rows"]!.GetValue<int>());
        Assert.True(eval["metrics"]!["accuracy"]!.GetValue<double>() > 0.9);
    }

    [Fact]
    public void PredictWithoutOutWritesCsvToStdoutAndPassesColumnsThrough()
    {
        var dir = Cli.TempDir();
        var model = Path.Combine(dir, "m.augur");
        Assert.Equal(0, Cli.Run("train", Cli.Data("diabetes.csv"), "--target", "target", "--model", "knn", "--out", model).ExitCode);
        var input = Path.Combine(dir, "in.csv");
        var source = File.ReadAllLines(Cli.Data("diabetes.csv")).Take(4);
        File.WriteAllLines(input, source.Select((line, i) => i == 0 ? line + ",note" : line + ",extra"));
        var r = Cli.Run("predict", model, input);
        Assert.Equal(0, r.ExitCode);
        var rows = r.Stdout.Trim().Split('\n');
        Assert.Equal(4, rows.Length);
        Assert.EndsWith(",note,prediction", rows[0].Trim());
        Assert.Contains(",extra,", rows[1]);
    }

    [Fact]
    public void TestSizeZeroReportsTrainingMetrics()
    {
        var dir = Cli.TempDir();
        var doc = Cli.Run("train", Cli.Data("wine.csv"), "--target", "target", "--model", "gaussian-nb", "--test-size", "0", "--out", Path.Combine(dir, "w.augur"), "--json").Json();
        Assert.Equal("train", doc["metrics_on"]!.GetValue<string>());
        Assert.Equal(178, doc["train_rows"]!.GetValue<int>());
        var human = Cli.Run("train", Cli.Data("wine.csv"), "--target", "target", "--model", "gaussian-nb", "--test-size", "0", "--out", Path.Combine(dir, "w.augur"));
        Assert.Contains("TRAINING metrics", human.Stdout);
    }

    [Fact]
    public void RegressionTaskIsInferredAndMetricsNamedAsScikitLearn()
    {
        var dir = Cli.TempDir();
        var doc = Cli.Run("train", Cli.Data("diabetes.csv"), "--target", "target", "--model", "knn", "--out", Path.Combine(dir, "d.augur"), "--json").Json();
        Assert.Equal("regression", doc["task"]!.GetValue<string>());
        var metrics = doc["metrics"]!.AsObject();
        foreach (var key in new[] { "r2", "mse", "rmse", "mae" }) Assert.True(metrics.ContainsKey(key), key);
    }

    [Theory]
    [InlineData(2, "train", "data.csv", "--bogus")]
    [InlineData(2, "train")]
    [InlineData(2, "train", "data.csv", "--test-size", "lots")]
    [InlineData(2, "frobnicate")]
    [InlineData(1, "describe", "/no/such/file.csv")]
    [InlineData(1, "evaluate", "/no/such/model.augur", "/no/such/file.csv")]
    public void ExitCodesFollowTheConventions(int expected, params string[] args)
    {
        var r = Cli.Run(args);
        Assert.Equal(expected, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void UnknownSetKeyIsAUsageErrorListingValidKeys()
    {
        var r = Cli.Run("train", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--set", "n_neighbor=3", "--out", Path.Combine(Cli.TempDir(), "x.augur"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("n_neighbors", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void UserErrorsAreOneLineOnStderr()
    {
        var r = Cli.Run("train", Cli.Data("iris.csv"), "--target", "specie", "--model", "knn", "--out", Path.Combine(Cli.TempDir(), "x.augur"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("unknown column 'specie'", r.Stderr);
        Assert.Contains("did you mean 'species'", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        var bad = Cli.Run("evaluate", Cli.Data("iris.csv"), Cli.Data("iris.csv"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("not an Augur model file", bad.Stderr);
    }

    [Fact]
    public void MalformedCsvNamesTheLine()
    {
        var dir = Cli.TempDir();
        var csv = Path.Combine(dir, "bad.csv");
        File.WriteAllText(csv, "a,b,y\n1,2,3\n4,5\n6,7,8\n");
        var r = Cli.Run("describe", csv);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("line 3", r.Stderr);
    }

    [Fact]
    public void JsonModePrintsExactlyOneDocument()
    {
        var dir = Cli.TempDir();
        var r = Cli.Run("train", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--out", Path.Combine(dir, "m.augur"), "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.NotNull(JsonNode.Parse(r.Stdout));
    }
}
