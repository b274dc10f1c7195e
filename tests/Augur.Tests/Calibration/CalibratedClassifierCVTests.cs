using System.Text.Json;
using Augur.Calibration;
using Augur.Data;
using Augur.ModelSelection;
using CsCheck;
using static Augur.Tests.Clustering.ClusteringTestHelpers;

namespace Augur.Tests.Calibration;

public sealed class CalibratedClassifierCVTests
{
    private static readonly JsonElement s_fixture = Load("calibration.json");

    static CalibratedClassifierCVTests() => TestGaussianNBModel.EnsureRegistered();

    private static (Frame X, Column Y, double[] W) Data(string name)
    {
        var d = s_fixture.GetProperty("data").GetProperty(name);
        var x = ToFrame(d.GetProperty("x"));
        var yj = d.GetProperty("y");
        Column y = yj[0].ValueKind == JsonValueKind.String
            ? new StringColumn("y", yj.Strings())
            : new Int64Column("y", yj.EnumerateArray().Select(v => (long)v.GetInt32()).ToArray());
        return (x, y, d.GetProperty("w").Doubles());
    }

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < s_fixture.GetProperty("cases").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Fact]
    public void TestDoubleComputesGaussianNB()
    {
        var (x, y, _) = Data("iris");
        var nb = new TestGaussianNB().Fit(x, y);
        var g = s_fixture.GetProperty("gaussian_nb");
        Close.Equal(g.GetProperty("theta").Matrix(), nb.Theta, 1e-13, 1e-13);
        Close.Equal(g.GetProperty("var").Matrix(), nb.Variance, 1e-13, 1e-13);
        var rows = Enumerable.Range(0, x.RowCount).Where(i => i % 10 == 0).ToArray();
        Close.Equal(g.GetProperty("proba").Matrix(), nb.PredictProba(x.Take(rows)), 1e-11, 1e-13);
    }

    /// <summary>
    /// Calibrated probabilities equal scikit-learn's CalibratedClassifierCV(GaussianNB()) on the same stratified folds:
    /// isotonic to 1e-9, sigmoid to 1e-6 (scikit-learn stops BFGS at a gradient of 1e-5; Augur solves Platt's problem
    /// to full precision with Newton's method).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScikitLearn(int index)
    {
        var c = s_fixture.GetProperty("cases")[index];
        var name = c.GetProperty("name").GetString()!;
        var (x, y, w) = Data(name);
        var method = c.GetProperty("method").GetString() == "isotonic" ? CalibrationMethod.Isotonic : CalibrationMethod.Sigmoid;
        var what = $"{name}/{method}/cv={c.GetProperty("cv")}/ensemble={c.GetProperty("ensemble")}/weighted={c.GetProperty("weighted")}";
        CalibratedClassifierCVModel model;
        if (c.GetProperty("cv").ValueKind == JsonValueKind.String)
        {
            var even = Enumerable.Range(0, x.RowCount).Where(i => i % 2 == 0).ToArray();
            var odd = Enumerable.Range(0, x.RowCount).Where(i => i % 2 == 1).ToArray();
            var prefit = new TestGaussianNB().Fit(x.Take(even), y.Take(even));
            model = new CalibratedClassifierCV(prefit) { Method = method }.Fit(x.Take(odd), y.Take(odd));
        }
        else
        {
            model = new CalibratedClassifierCV(new TestGaussianNB())
            {
                Method = method,
                Cv = c.GetProperty("cv").GetInt32(),
                Ensemble = c.GetProperty("ensemble").GetBoolean(),
            }.Fit(x, y, c.GetProperty("weighted").GetBoolean() ? w : null);
        }
        var proba = model.PredictProba(x);
        var tol = method == CalibrationMethod.Sigmoid ? 1e-6 : 1e-9;
        Close.Equal(c.GetProperty("proba").Matrix(), proba, 0, tol, what + " proba");
        var predicted = model.Predict(x);
        var expected = c.GetProperty("predict").Strings();
        var mismatches = Enumerable.Range(0, expected.Length).Count(i => expected[i] != predicted.Format(i));
        // A prediction may flip only where two calibrated probabilities tie within the tolerance.
        Assert.True(mismatches == 0 || method == CalibrationMethod.Sigmoid, $"{what}: {mismatches} predictions differ");
        if (c.GetProperty("sigmoid_ab").ValueKind == JsonValueKind.Array)
        {
            var ab = c.GetProperty("sigmoid_ab");
            Assert.Equal(ab.GetArrayLength(), model.CalibratedClassifiers.Count);
            for (var m = 0; m < ab.GetArrayLength(); m++)
                for (var k = 0; k < ab[m].GetArrayLength(); k++)
                {
                    var cal = model.CalibratedClassifiers[m].Calibrators[k];
                    Close.Equal(ab[m][k][0].GetDouble(), cal.A, 1e-3, 1e-3, what + $" A[{m},{k}]");
                    Close.Equal(ab[m][k][1].GetDouble(), cal.B, 1e-3, 1e-3, what + $" B[{m},{k}]");
                }
        }
    }

    [Fact]
    public void ProbabilitiesSumToOne()
    {
        var (x, y, _) = Data("wine");
        Gen.Select(Gen.Int[2, 6], Gen.Bool, Gen.Bool, Gen.Int[0, 100]).Sample((cv, isotonic, ensemble, seed) =>
        {
            var model = new CalibratedClassifierCV(new TestGaussianNB())
            {
                Method = isotonic ? CalibrationMethod.Isotonic : CalibrationMethod.Sigmoid,
                Cv = cv,
                Ensemble = ensemble,
                Splitter = seed % 2 == 0 ? null : new StratifiedKFold { NSplits = cv, Shuffle = true, RandomState = seed },
            }.Fit(x, y);
            var p = model.PredictProba(x);
            for (var i = 0; i < p.Rows; i++)
            {
                Assert.Equal(1.0, p.Row(i).ToArray().Sum(), 12);
                Assert.All(p.Row(i).ToArray(), v => Assert.InRange(v, 0.0, 1.0));
            }
        }, iter: 12);
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        foreach (var name in new[] { "iris", "wine_binary" })
        {
            var (x, y, w) = Data(name);
            foreach (var method in Enum.GetValues<CalibrationMethod>())
            {
                var model = new CalibratedClassifierCV(new TestGaussianNB()) { Method = method, Cv = 3 }.Fit(x, y, w);
                var loaded = Assert.IsType<CalibratedClassifierCVModel>(RoundTrip(model));
                Assert.Equal(Bits(model.PredictProba(x).Data), Bits(loaded.PredictProba(x).Data));
                Assert.Equal(model.Classes.Names, loaded.Classes.Names);
                var pred = loaded.Predict(x);
                Assert.Equal(y.Type, pred.Type);
            }
        }
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var (x, y, _) = Data("iris");
        Assert.Contains("classifier", Assert.Throws<AugurException>(() => new CalibratedClassifierCV().Fit(x, y)).Message);
        Assert.Contains("target", Assert.Throws<AugurException>(() => new CalibratedClassifierCV(new TestGaussianNB()).Fit(x)).Message);
        Assert.Contains("100-fold", Assert.Throws<AugurException>(() => new CalibratedClassifierCV(new TestGaussianNB()) { Cv = 100 }.Fit(x, y)).Message);
        var model = new CalibratedClassifierCV(new TestGaussianNB()).Fit(x, y);
        Assert.Contains("f2", Assert.Throws<AugurException>(() => model.PredictProba(x.Drop("f2"))).Message);
        var prefit = new TestGaussianNB().Fit(x, y);
        var wrong = new StringColumn("y", Enumerable.Repeat("daisy", x.RowCount).ToArray());
        Assert.Contains("daisy", Assert.Throws<AugurException>(() => new CalibratedClassifierCV(prefit).Fit(x, wrong)).Message);
    }
}
