using System.Text.Json;
using Augur.Data;
using Augur.Linear;
using Augur.Numerics;

namespace Augur.Tests.Linear;

/// <summary>
/// SGD is randomised (its row order differs from scikit-learn's), so parity is on held-out quality: the mean over five
/// seeds of Augur's accuracy (R²) must be within a small margin of scikit-learn's mean over five seeds.
/// </summary>
public sealed class SgdTests
{
    private const double AccuracyMargin = 0.03;
    private const double R2Margin = 0.02;
    private static readonly JsonElement Sg = LinearTestData.Fixture("sgd.json");

    private static (Frame Train, Column YTrain, Frame Test, Column YTest) Split(JsonElement e, bool classification)
    {
        var x = Frame.FromMatrix(e.GetProperty("X").Matrix());
        Column y = classification
            ? new Int64Column("y", e.GetProperty("y").EnumerateArray().Select(v => v.GetInt64()).ToArray())
            : new Float64Column("y", e.GetProperty("y").Doubles());
        var n = e.GetProperty("train").GetInt32();
        return (x.Slice(0, n), y.Slice(0, n), x.Slice(n, x.RowCount - n), y.Slice(n, y.Length - n));
    }

    private static double Accuracy(IClassifier m, Frame x, Column y)
    {
        var p = m.Predict(x);
        var hit = 0;
        for (var i = 0; i < y.Length; i++) if (p.Format(i) == y.Format(i)) hit++;
        return (double)hit / y.Length;
    }

    private static double R2(IRegressor m, Frame x, Column y)
    {
        var p = m.PredictValues(x);
        var v = y.ToDoubleArray();
        var mean = v.Average();
        return 1 - v.Select((a, i) => (a - p[i]) * (a - p[i])).Sum() / v.Select(a => (a - mean) * (a - mean)).Sum();
    }

    public static TheoryData<string> ClassifierCases => new()
    {
        "hinge", "log_loss", "modified_huber", "squared_hinge", "perceptron", "l1", "elasticnet", "average", "early", "adaptive", "balanced", "invscaling",
    };

    private static SgdClassifier Classifier(string name) => name switch
    {
        "hinge" => new SgdClassifier(),
        "log_loss" => new SgdClassifier { Loss = SgdClassifierLoss.LogLoss },
        "modified_huber" => new SgdClassifier { Loss = SgdClassifierLoss.ModifiedHuber },
        "squared_hinge" => new SgdClassifier { Loss = SgdClassifierLoss.SquaredHinge },
        "perceptron" => new SgdClassifier { Loss = SgdClassifierLoss.Perceptron },
        "l1" => new SgdClassifier { Penalty = SgdPenalty.L1 },
        "elasticnet" => new SgdClassifier { Penalty = SgdPenalty.ElasticNet },
        "average" => new SgdClassifier { Average = 1 },
        "early" => new SgdClassifier { EarlyStopping = true },
        "balanced" => new SgdClassifier { ClassWeight = ClassWeight.Balanced },
        "invscaling" => new SgdClassifier { LearningRate = SgdLearningRate.InvScaling, Eta0 = 0.1 },
        _ => new SgdClassifier { LearningRate = SgdLearningRate.Adaptive, Eta0 = 0.01 },
    };

    [Theory]
    [MemberData(nameof(ClassifierCases))]
    public void ClassifierQualityMatchesScikitLearn(string name)
    {
        var e = Sg.GetProperty("classification");
        var (xtr, ytr, xte, yte) = Split(e, classification: true);
        var expected = e.GetProperty("accuracy").GetProperty(name).GetDouble();
        var mean = Enumerable.Range(0, 5).Select(s => Accuracy((Classifier(name) with { RandomState = s }).Fit(xtr, ytr), xte, yte)).Average();
        Assert.True(mean >= expected - AccuracyMargin, $"{name}: Augur accuracy {mean:F3} vs scikit-learn {expected:F3}");
    }

    public static TheoryData<string> RegressorCases => new() { "squared_error", "huber", "epsilon_insensitive", "squared_epsilon_insensitive", "average", "l1", "constant" };

    private static SgdRegressor Regressor(string name) => name switch
    {
        "squared_error" => new SgdRegressor(),
        "huber" => new SgdRegressor { Loss = SgdRegressorLoss.Huber, Epsilon = 1.0 },
        "epsilon_insensitive" => new SgdRegressor { Loss = SgdRegressorLoss.EpsilonInsensitive, Epsilon = 1.0 },
        "squared_epsilon_insensitive" => new SgdRegressor { Loss = SgdRegressorLoss.SquaredEpsilonInsensitive },
        "average" => new SgdRegressor { Average = 1 },
        "l1" => new SgdRegressor { Penalty = SgdPenalty.L1, Alpha = 0.01 },
        _ => new SgdRegressor { LearningRate = SgdLearningRate.Constant, Eta0 = 0.001 },
    };

    [Theory]
    [MemberData(nameof(RegressorCases))]
    public void RegressorQualityMatchesScikitLearn(string name)
    {
        var e = Sg.GetProperty("regression");
        var (xtr, ytr, xte, yte) = Split(e, classification: false);
        var expected = e.GetProperty("r2").GetProperty(name).GetDouble();
        var mean = Enumerable.Range(0, 5).Select(s => R2((Regressor(name) with { RandomState = s }).Fit(xtr, ytr), xte, yte)).Average();
        Assert.True(mean >= expected - R2Margin, $"{name}: Augur R² {mean:F4} vs scikit-learn {expected:F4}");
    }

    [Fact]
    public void SparseAndDenseInputsTrainTheSameModel()
    {
        var e = Sg.GetProperty("classification");
        var (xtr, ytr, _, _) = Split(e, classification: true);
        var sparse = new Frame(xtr.Select(c =>
        {
            var v = c.ToDoubleArray();
            var rows = Enumerable.Range(0, v.Length).Where(i => Math.Abs(v[i]) > 1).ToArray();
            return (Column)new SparseColumn(c.Name, v.Length, rows, rows.Select(i => v[i]).ToArray());
        }).ToArray());
        var dense = Frame.FromMatrix(sparse.ToMatrix(), sparse.ColumnNames);
        // Without an intercept (whose step decays 100× on sparse input, as in scikit-learn) and with the L2 penalty, a
        // sparse fit takes exactly the steps of the dense fit, up to rounding (a small constant rate keeps rounding from growing).
        foreach (var est in new[] { new SgdClassifier { Loss = SgdClassifierLoss.LogLoss, FitIntercept = false, Average = 1, Tol = null, MaxIter = 8, LearningRate = SgdLearningRate.Constant, Eta0 = 0.01 }, new SgdClassifier { Loss = SgdClassifierLoss.LogLoss, FitIntercept = false, Tol = null, MaxIter = 8, LearningRate = SgdLearningRate.Constant, Eta0 = 0.01 } })
        {
            var ms = est.Fit(sparse, ytr);
            var md = est.Fit(dense, ytr);
            Close.Equal(md.Coefficients.AsSpan(), ms.Coefficients.AsSpan(), 1e-6, 1e-9);
        }
        // With an intercept the sparse fit still classifies about as well.
        var sparseAcc = Accuracy(new SgdClassifier { Loss = SgdClassifierLoss.LogLoss }.Fit(sparse, ytr), sparse, ytr);
        var denseAcc = Accuracy(new SgdClassifier { Loss = SgdClassifierLoss.LogLoss }.Fit(dense, ytr), dense, ytr);
        Assert.True(sparseAcc >= denseAcc - 0.05, $"sparse accuracy {sparseAcc:F3}, dense {denseAcc:F3}");
    }

    [Fact]
    public void SameSeedSameModelDifferentSeedDifferentModel()
    {
        var e = Sg.GetProperty("classification");
        var (xtr, ytr, _, _) = Split(e, classification: true);
        var a = new SgdClassifier { RandomState = 7 }.Fit(xtr, ytr);
        var b = new SgdClassifier { RandomState = 7 }.Fit(xtr, ytr);
        var c = new SgdClassifier { RandomState = 8 }.Fit(xtr, ytr);
        Assert.Equal(a.Coefficients.AsSpan().ToArray(), b.Coefficients.AsSpan().ToArray());
        Assert.NotEqual(a.Coefficients.AsSpan().ToArray(), c.Coefficients.AsSpan().ToArray());
    }

    [Fact]
    public void ProbabilitiesFollowTheLoss()
    {
        var e = Sg.GetProperty("classification");
        var (xtr, ytr, xte, _) = Split(e, classification: true);
        var log = new SgdClassifier { Loss = SgdClassifierLoss.LogLoss }.Fit(xtr, ytr);
        var z = log.DecisionFunction(xte.Head(5));
        var p = log.PredictProba(xte.Head(5));
        for (var i = 0; i < 5; i++)
        {
            var s = Enumerable.Range(0, 3).Select(k => 1 / (1 + Math.Exp(-z[i, k]))).ToArray();
            var total = s.Sum();
            for (var k = 0; k < 3; k++) Assert.Equal(s[k] / total, p[i, k], 12);
        }
        var mh = new SgdClassifier { Loss = SgdClassifierLoss.ModifiedHuber }.Fit(xtr, ytr);
        var pm = mh.PredictProba(xte);
        for (var i = 0; i < pm.Rows; i++) Assert.Equal(1.0, pm.Row(i).ToArray().Sum(), 12);
    }
}
