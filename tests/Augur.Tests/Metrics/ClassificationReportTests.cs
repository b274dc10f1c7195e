using System.Text.Json;
using Augur.Metrics;
using static Augur.Tests.Metrics.MetricFixtures;

namespace Augur.Tests.Metrics;

public sealed class ClassificationReportTests
{
    [Fact]
    public void ReportTextAndValuesMatchScikitLearn()
    {
        var count = 0;
        foreach (var c in Cases("report.json"))
        {
            var name = c.GetProperty("name").GetString()!;
            var kind = c.GetProperty("kind").GetString()!;
            var yt = Labels(c.GetProperty("y_true"), kind);
            var yp = Labels(c.GetProperty("y_pred"), kind);
            var args = c.GetProperty("args");
            var labels = LabelList(args);
            var w = Weights(args);
            var digits = args.TryGetProperty("digits", out var d) ? d.GetInt32() : 2;
            var targetNames = args.TryGetProperty("target_names", out var tn) ? tn.Strings().Select(s => s!).ToArray() : null;
            var zd = args.TryGetProperty("zero_division", out var z) ? (z.GetInt32() == 1 ? ZeroDivision.One : ZeroDivision.Zero) : ZeroDivision.Warn;
            var report = ClassificationMetrics.ClassificationReport(yt, yp, labels, targetNames, w, digits, zd);
            Assert.Equal(c.GetProperty("text").GetString(), report.ToString());

            var dict = c.GetProperty("dict");
            foreach (var row in report.Classes) CheckRow(dict.GetProperty(row.Name), row, $"{name} {row.Name}");
            CheckRow(dict.GetProperty("macro avg"), report.MacroAverage, $"{name} macro");
            CheckRow(dict.GetProperty("weighted avg"), report.WeightedAverage, $"{name} weighted");
            if (report.Accuracy is { } acc) Close.Equal(dict.GetProperty("accuracy").GetDouble(), acc, Rtol, Atol, $"{name} accuracy");
            else CheckRow(dict.GetProperty("micro avg"), report.MicroAverage!, $"{name} micro");
            count++;
        }
        Assert.True(count >= 8);
    }

    private static void CheckRow(JsonElement expected, ReportRow row, string what)
    {
        Close.Equal(expected.GetProperty("precision").GetDouble(), row.Precision, Rtol, Atol, what + " precision");
        Close.Equal(expected.GetProperty("recall").GetDouble(), row.Recall, Rtol, Atol, what + " recall");
        Close.Equal(expected.GetProperty("f1-score").GetDouble(), row.F1, Rtol, Atol, what + " f1");
        Close.Equal(expected.GetProperty("support").GetDouble(), row.Support, Rtol, Atol, what + " support");
    }

    [Fact]
    public void PythonFixedFormattingRoundsHalfToEven()
    {
        Assert.Equal("0.12", PythonFormat.Fixed(0.125, 2));
        Assert.Equal("0.38", PythonFormat.Fixed(0.375, 2));
        Assert.Equal("0.1", PythonFormat.Fixed(0.15, 1)); // 0.15 is stored just below 0.15
        Assert.Equal("2", PythonFormat.Fixed(2.5, 0));
        Assert.Equal("1.00", PythonFormat.Fixed(0.999, 2));
        Assert.Equal("-0.50", PythonFormat.Fixed(-0.5, 2));
        Assert.Equal("0.0000", PythonFormat.Fixed(0, 4));
        Assert.Equal("12.5", PythonFormat.Repr(12.5));
        Assert.Equal("3.0", PythonFormat.Repr(3));
        Assert.Equal("1e-05", PythonFormat.Repr(1e-5));
        Assert.Equal("1e+16", PythonFormat.Repr(1e16));
        Assert.Equal("nan", PythonFormat.Fixed(double.NaN, 2));
    }

    [Fact]
    public void MismatchedTargetNamesRaise()
    {
        var ex = Assert.Throws<AugurException>(() => ClassificationMetrics.ClassificationReport(new[] { 0, 1, 2 }, new[] { 0, 1, 1 }, targetNames: ["a", "b"]));
        Assert.Contains("target names", ex.Message, StringComparison.Ordinal);
    }
}
