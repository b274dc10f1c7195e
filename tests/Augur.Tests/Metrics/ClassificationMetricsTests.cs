using System.Text.Json;
using Augur.Data;
using Augur.Metrics;
using static Augur.Tests.Metrics.MetricFixtures;

namespace Augur.Tests.Metrics;

public sealed class ClassificationMetricsTests
{
    private static ZeroDivision Zd(string s) => s switch { "warn" => ZeroDivision.Warn, "0" => ZeroDivision.Zero, _ => ZeroDivision.One };

    [Fact]
    public void LabelMetricsMatchScikitLearn()
    {
        var checkedCases = 0;
        foreach (var c in Cases("classification.json"))
        {
            var name = c.GetProperty("name").GetString()!;
            var yt = Labels(c.GetProperty("y_true"), c.GetProperty("kind").GetString()!, "y_true");
            var yp = Labels(c.GetProperty("y_pred"), c.GetProperty("pred_kind").GetString()!, "y_pred");
            var w = Weights(c);
            var labels = LabelList(c);
            var pos = OptionalLabel(c, "pos_label");
            var e = c.GetProperty("expected");

            Check(e.GetProperty("accuracy"), () => ClassificationMetrics.Accuracy(yt, yp, w), $"{name} accuracy");
            Check(e.GetProperty("accuracy_count"), () => ClassificationMetrics.Accuracy(yt, yp, w, normalize: false), $"{name} accuracy count");
            Check(e.GetProperty("zero_one"), () => ClassificationMetrics.ZeroOneLoss(yt, yp, w), $"{name} zero-one");
            Check(e.GetProperty("zero_one_count"), () => ClassificationMetrics.ZeroOneLoss(yt, yp, w, normalize: false), $"{name} zero-one count");
            Check(e.GetProperty("balanced_accuracy"), () => ClassificationMetrics.BalancedAccuracy(yt, yp, w), $"{name} balanced accuracy");
            Check(e.GetProperty("balanced_accuracy_adjusted"), () => ClassificationMetrics.BalancedAccuracy(yt, yp, w, adjusted: true), $"{name} adjusted balanced accuracy");
            Check(e.GetProperty("mcc"), () => ClassificationMetrics.MatthewsCorrCoef(yt, yp, w), $"{name} mcc");
            Check(e.GetProperty("hamming"), () => ClassificationMetrics.HammingLoss(yt, yp, w), $"{name} hamming");
            Check(e.GetProperty("kappa_None"), () => ClassificationMetrics.CohenKappa(yt, yp, labels, KappaWeighting.None, w), $"{name} kappa");
            Check(e.GetProperty("kappa_linear"), () => ClassificationMetrics.CohenKappa(yt, yp, labels, KappaWeighting.Linear, w), $"{name} kappa linear");
            Check(e.GetProperty("kappa_quadratic"), () => ClassificationMetrics.CohenKappa(yt, yp, labels, KappaWeighting.Quadratic, w), $"{name} kappa quadratic");

            foreach (var (key, norm) in new[] { ("None", ConfusionNormalization.None), ("true", ConfusionNormalization.True), ("pred", ConfusionNormalization.Pred), ("all", ConfusionNormalization.All) })
            {
                var expected = e.GetProperty("confusion_" + key);
                if (Raises(expected))
                {
                    Assert.Throws<AugurException>(() => ClassificationMetrics.ConfusionMatrix(yt, yp, labels, w, norm));
                    continue;
                }
                var cm = ClassificationMetrics.ConfusionMatrix(yt, yp, labels, w, norm);
                Close.Equal(expected.Matrix(), cm.Values, Rtol, Atol, $"{name} confusion {key}");
            }

            var prf = e.GetProperty("prf");
            foreach (var zd in new[] { "warn", "0", "1" })
            {
                foreach (var beta in new[] { 1.0, 0.5, 2.0 })
                {
                    var b = beta.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
                    var per = prf.GetProperty($"none_{zd}_{b}");
                    var scores = ClassificationMetrics.PrecisionRecallFScoreSupport(yt, yp, beta, labels, w, Zd(zd));
                    Close.Equal(per.GetProperty("p").Doubles(), scores.Precision, Rtol, Atol, $"{name} per-class precision zd={zd}");
                    Close.Equal(per.GetProperty("r").Doubles(), scores.Recall, Rtol, Atol, $"{name} per-class recall zd={zd}");
                    Close.Equal(per.GetProperty("f").Doubles(), scores.FScore, Rtol, Atol, $"{name} per-class f{b} zd={zd}");
                    Close.Equal(per.GetProperty("s").Doubles(), scores.Support, Rtol, Atol, $"{name} support");
                    var averages = new List<(string, Average)> { ("micro", Average.Micro), ("macro", Average.Macro), ("weighted", Average.Weighted) };
                    if (c.GetProperty("binary").GetBoolean()) averages.Add(("binary", Average.Binary));
                    foreach (var (avgName, avg) in averages)
                    {
                        var exp = prf.GetProperty($"{avgName}_{zd}_{b}");
                        var what = $"{name} {avgName} zd={zd} beta={b}";
                        if (Raises(exp))
                        {
                            Assert.Throws<AugurException>(() => ClassificationMetrics.PrecisionRecallFScore(yt, yp, avg, beta, pos, labels, w, Zd(zd)));
                            continue;
                        }
                        var s = ClassificationMetrics.PrecisionRecallFScore(yt, yp, avg, beta, pos, labels, w, Zd(zd));
                        Close.Equal(Number(exp.GetProperty("p")), s.Precision, Rtol, Atol, what + " precision");
                        Close.Equal(Number(exp.GetProperty("r")), s.Recall, Rtol, Atol, what + " recall");
                        Close.Equal(Number(exp.GetProperty("f")), s.FScore, Rtol, Atol, what + " f");
                        if (beta == 1.0)
                        {
                            Close.Equal(Number(exp.GetProperty("p")), ClassificationMetrics.Precision(yt, yp, avg, pos, labels, w, Zd(zd)), Rtol, Atol, what + " Precision()");
                            Close.Equal(Number(exp.GetProperty("r")), ClassificationMetrics.Recall(yt, yp, avg, pos, labels, w, Zd(zd)), Rtol, Atol, what + " Recall()");
                            Close.Equal(Number(exp.GetProperty("f")), ClassificationMetrics.F1(yt, yp, avg, pos, labels, w, Zd(zd)), Rtol, Atol, what + " F1()");
                        }
                        else
                        {
                            Close.Equal(Number(exp.GetProperty("f")), ClassificationMetrics.FBeta(yt, yp, beta, avg, pos, labels, w, Zd(zd)), Rtol, Atol, what + " FBeta()");
                        }
                    }
                }
                foreach (var (avgName, avg) in new[] { ("micro", Average.Micro), ("macro", Average.Macro), ("weighted", Average.Weighted), ("binary", Average.Binary) })
                {
                    if (!prf.TryGetProperty($"jaccard_{avgName}_{zd}", out var exp)) continue;
                    Check(exp, () => ClassificationMetrics.Jaccard(yt, yp, avg, pos, avg == Average.Binary ? null : labels, w, Zd(zd)), $"{name} jaccard {avgName} zd={zd}");
                }
            }
            checkedCases++;
        }
        Assert.True(checkedCases >= 20);
    }

    [Fact]
    public void PlainArraysAndSpansWorkLikeColumns()
    {
        int[] t = [0, 1, 2, 2, 1, 0, 1];
        int[] p = [0, 2, 2, 2, 1, 1, 1];
        var fromColumns = ClassificationMetrics.F1(new Int64Column("t", t.Select(v => (long)v).ToArray()), new Int64Column("p", p.Select(v => (long)v).ToArray()), Average.Macro);
        Assert.Equal(fromColumns, ClassificationMetrics.F1(t, p, Average.Macro));
        Assert.Equal(fromColumns, ClassificationMetrics.F1(new ReadOnlySpan<int>(t), new ReadOnlySpan<int>(p), Average.Macro));
        Assert.Equal(fromColumns, ClassificationMetrics.F1(t.Select(v => (double)v).ToArray(), p.Select(v => (double)v).ToArray(), Average.Macro));
        Assert.Equal(fromColumns, ClassificationMetrics.F1(t.Select(v => "c" + v).ToArray(), p.Select(v => "c" + v).ToArray(), Average.Macro));
        var categorical = new StringColumn("t", t.Select(v => "c" + v).ToArray()).ToCategorical();
        Assert.Equal(fromColumns, ClassificationMetrics.F1(categorical, p.Select(v => "c" + v).ToArray(), Average.Macro));
        // int64 true labels against float64 predictions: matched numerically.
        Assert.Equal(1.0, ClassificationMetrics.Accuracy(new Int64Column("t", [1, 2, 3]), new double[] { 1.0, 2.0, 3.0 }));
        // bools against 0/1.
        Assert.Equal(1.0, ClassificationMetrics.Accuracy(new bool[] { false, true }, new[] { 0, 1 }));
    }

    [Fact]
    public void ConfusionMatrixCarriesLabelNamesInOrder()
    {
        string[] t = ["cat", "ant", "cat", "cat", "ant", "bird"];
        string[] p = ["ant", "ant", "cat", "cat", "ant", "cat"];
        var cm = ClassificationMetrics.ConfusionMatrix(t, p);
        Assert.Equal(["ant", "bird", "cat"], cm.Labels);
        Assert.Equal(new double[,] { { 2, 0, 0 }, { 0, 0, 1 }, { 1, 0, 2 } }, cm.Values.ToArray());
        var reordered = ClassificationMetrics.ConfusionMatrix(t, p, labels: ["cat", "ant"]);
        Assert.Equal(["cat", "ant"], reordered.Labels);
        Assert.Equal(new double[,] { { 2, 1 }, { 0, 2 } }, reordered.Values.ToArray());
        var binary = ClassificationMetrics.ConfusionMatrix(new[] { 0, 1, 0, 1 }, new[] { 1, 1, 1, 0 });
        Assert.Equal((0.0, 2.0, 1.0, 1.0), binary.Binary());
        Assert.Contains("bird", cm.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadInputsRaiseClearErrors()
    {
        int[] t = [0, 1, 2, 1];
        int[] p = [0, 2, 1, 1];
        var multi = Assert.Throws<AugurException>(() => ClassificationMetrics.F1(t, p));
        Assert.Contains("multiclass", multi.Message, StringComparison.Ordinal);
        var pos = Assert.Throws<AugurException>(() => ClassificationMetrics.Precision(new[] { "a", "b" }, new[] { "a", "b" }));
        Assert.Contains("posLabel=1 is not a valid label", pos.Message, StringComparison.Ordinal);
        var mix = Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(new[] { "a", "b" }, new[] { 0, 1 }));
        Assert.Contains("mix of label types", mix.Message, StringComparison.Ordinal);
        var continuous = Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(new[] { 0.5, 1.0 }, new[] { 0.5, 1.0 }));
        Assert.Contains("continuous", continuous.Message, StringComparison.Ordinal);
        var length = Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(new[] { 0, 1 }, new[] { 0 }));
        Assert.Contains("2 rows", length.Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(new[] { 0, 1 }, new[] { 0, 1 }, [1.0]));
        Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(new[] { 0, 1 }, new[] { 0, 1 }, [1.0, -1.0]));
        Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(new[] { 0, 1 }, new[] { 0, 1 }, [0.0, 0.0]));
        Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(new[] { "a", null }, new[] { "a", "b" }));
        Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(new[] { 1.0, double.NaN }, new[] { 1.0, 1.0 }));
        Assert.Throws<AugurException>(() => ClassificationMetrics.Accuracy(Array.Empty<int>(), Array.Empty<int>()));
        var none = Assert.Throws<AugurException>(() => ClassificationMetrics.ConfusionMatrix(t, p, labels: [7, 8]));
        Assert.Contains("at least one label", none.Message, StringComparison.Ordinal);
        Assert.Throws<AugurException>(() => ClassificationMetrics.ConfusionMatrix(t, p, labels: Array.Empty<Label>()));
        Assert.Throws<AugurException>(() => ClassificationMetrics.FBeta(t, p, -1, Average.Macro));
    }

    [Fact]
    public void UndefinedValuesFollowScikitLearn()
    {
        // Kappa with a single label is 0/0.
        Assert.True(double.IsNaN(ClassificationMetrics.CohenKappa(new[] { 0, 0 }, new[] { 0, 0 })));
        // MCC is 0 when undefined.
        Assert.Equal(0.0, ClassificationMetrics.MatthewsCorrCoef(new[] { 0, 0 }, new[] { 0, 0 }));
        // Adjusted balanced accuracy with one class present divides by zero.
        Assert.Equal(double.NegativeInfinity, ClassificationMetrics.BalancedAccuracy(new[] { 0, 0 }, new[] { 0, 1 }, adjusted: true));
        // posLabel absent from single-class data: every count is zero, so the zero-division value.
        Assert.Equal(0.0, ClassificationMetrics.Precision(new[] { "a", "a" }, new[] { "a", "a" }));
        Assert.Equal(1.0, ClassificationMetrics.F1(new[] { 0, 0 }, new[] { 0, 0 }, zeroDivision: ZeroDivision.One));
    }

    [Fact]
    public void PerClassScoresCarryLabels()
    {
        var s = ClassificationMetrics.PrecisionRecallFScoreSupport(new[] { 1, 2, 3 }, new[] { 1, 2, 2 }, labels: [1, 2, 7], zeroDivision: ZeroDivision.One);
        Assert.Equal(["1", "2", "7"], s.Labels);
        Close.Equal(new[] { 1.0, 2.0 / 3.0, 1.0 }, s.FScore);
        Close.Equal(new[] { 1.0, 1.0, 0.0 }, s.Support);
    }

    internal static JsonElement First(string file, string section, string name) =>
        Cases(file, section).First(c => c.GetProperty("name").GetString() == name);
}
