namespace Augur.Cli.Tests;

public sealed class EvaluateReportTests
{
    [Fact]
    public void EvaluateWritesASelfContainedReportAndEveryPlot()
    {
        var dir = Cli.TempDir();
        var model = Path.Combine(dir, "iris.augur");
        Assert.Equal(0, Cli.Run("train", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--out", model, "--json").ExitCode);
        var report = Path.Combine(dir, "report.html");
        var plots = Path.Combine(dir, "plots");
        var result = Cli.Run("evaluate", model, Cli.Data("iris.csv"), "--report", report, "--plots", plots, "--json").Json();
        Assert.Equal(report, result["report"]!.GetValue<string>());
        var html = File.ReadAllText(report);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (var heading in new[] { "Model card", "Data", "Metrics", "Performance", "Calibration", "Feature importance" })
            Assert.Contains($"<h2>{heading}</h2>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        var files = result["plots"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.True(files.Length >= 7, $"{files.Length} plots");
        Assert.All(files, f => Assert.True(File.Exists(f) && new FileInfo(f).Length > 2000, f));
        Assert.Equal(files.Length, Directory.GetFiles(plots, "*.png").Length);
        // The report's metrics are the command's metrics.
        var accuracy = result["metrics"]!["accuracy"]!.GetValue<double>();
        Assert.Contains(Math.Round(accuracy, 4).ToString(System.Globalization.CultureInfo.InvariantCulture), html, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportIntoAMissingFolderIsAUserError()
    {
        var dir = Cli.TempDir();
        var model = Path.Combine(dir, "m.augur");
        Assert.Equal(0, Cli.Run("train", Cli.Data("iris.csv"), "--target", "species", "--model", "knn", "--out", model, "--json").ExitCode);
        var r = Cli.Run("evaluate", model, Cli.Data("iris.csv"), "--report", Path.Combine(dir, "no", "such", "r.html"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("does not exist", r.Stderr, StringComparison.Ordinal);
    }
}
