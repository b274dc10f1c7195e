using System.Text.Json;
using Augur.Calibration;
using Augur.Data;
using CsCheck;
using static Augur.Tests.Clustering.ClusteringTestHelpers;

namespace Augur.Tests.Calibration;

public sealed class IsotonicRegressionTests
{
    private static readonly JsonElement s_fixture = Load("isotonic.json");

    private static Frame X(double[] v) => new(new Float64Column("score", v));

    [Fact]
    public void MatchesScikitLearn()
    {
        var x = s_fixture.GetProperty("x").Doubles();
        var y = s_fixture.GetProperty("y").Doubles();
        var w = s_fixture.GetProperty("w").Doubles();
        var probe = s_fixture.GetProperty("probe").Doubles();
        foreach (var c in s_fixture.GetProperty("cases").EnumerateArray())
        {
            var p = c.GetProperty("params");
            var options = new IsotonicRegression
            {
                Increasing = p.TryGetProperty("increasing", out var inc) ? (inc.ValueKind == JsonValueKind.String ? null : inc.GetBoolean()) : true,
                YMin = p.TryGetProperty("y_min", out var lo) ? lo.GetDouble() : null,
                YMax = p.TryGetProperty("y_max", out var hi) ? hi.GetDouble() : null,
                OutOfBounds = p.TryGetProperty("out_of_bounds", out var oob) && oob.GetString() == "clip" ? OutOfBounds.Clip : OutOfBounds.Nan,
            };
            var target = c.GetProperty("negate_y").GetBoolean() ? y.Select(v => -v).ToArray() : y;
            var model = options.Fit(X(x), new Float64Column("y", target), c.GetProperty("weighted").GetBoolean() ? w : null);
            var what = p.ToString();
            Close.Equal(c.GetProperty("x_thresholds").Doubles(), model.XThresholds.ToArray(), 0, 0, what + " x thresholds");
            Close.Equal(c.GetProperty("y_thresholds").Doubles(), model.YThresholds.ToArray(), 1e-13, 1e-14, what + " y thresholds");
            Assert.Equal(c.GetProperty("x_min").GetDouble(), model.XMin);
            Assert.Equal(c.GetProperty("x_max").GetDouble(), model.XMax);
            Assert.Equal(c.GetProperty("increasing").GetBoolean(), model.Increasing);
            Close.Equal(c.GetProperty("probe_predict").Doubles(), model.PredictValues(probe), 1e-13, 1e-14, what + " predictions");
        }
        var auto = s_fixture.GetProperty("auto_decreasing");
        var dec = new IsotonicRegression { Increasing = null }.Fit(X(x), new Float64Column("y", y.Select(v => -v).ToArray()));
        Assert.False(dec.Increasing);
        Close.Equal(auto.GetProperty("y_thresholds").Doubles(), dec.YThresholds.ToArray(), 1e-13, 1e-14);
    }

    [Fact]
    public void FitIsMonotoneAndNoWorseThanAnyShift()
    {
        Gen.Select(Gen.Double[-5, 5].Array[2, 60], Gen.Bool).Sample((values, increasing) =>
        {
            var x = Enumerable.Range(0, values.Length).Select(i => (double)(i % 17)).ToArray();
            var model = new IsotonicRegression { Increasing = increasing }.Fit(X(x), new Float64Column("y", values));
            var fitted = model.PredictValues(x);
            var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
            for (var t = 1; t < order.Length; t++)
            {
                var a = fitted[order[t - 1]];
                var b = fitted[order[t]];
                Assert.True(increasing ? b >= a - 1e-12 : b <= a + 1e-12);
            }
            // The isotonic fit is the least-squares projection: its error is no larger than that of the best constant.
            var sse = values.Select((v, i) => (v - fitted[i]) * (v - fitted[i])).Sum();
            var mean = values.Average();
            Assert.True(sse <= values.Sum(v => (v - mean) * (v - mean)) + 1e-9);
        }, iter: 100);
    }

    [Fact]
    public void OutOfBoundsModes()
    {
        var x = new[] { 0.0, 1.0, 2.0 };
        var y = new Float64Column("y", [0.0, 1.0, 3.0]);
        Assert.True(double.IsNaN(new IsotonicRegression().Fit(X(x), y).PredictValues([5.0])[0]));
        Assert.Equal(3.0, new IsotonicRegression { OutOfBounds = OutOfBounds.Clip }.Fit(X(x), y).PredictValues([5.0])[0]);
        var raise = new IsotonicRegression { OutOfBounds = OutOfBounds.Raise }.Fit(X(x), y);
        Assert.Contains("outside", Assert.Throws<AugurException>(() => raise.PredictValues([-1.0])).Message);
        Assert.Equal(0.5, raise.PredictValues([0.5])[0]);
        var constant = new IsotonicRegression().Fit(X([2.0, 2.0]), new Float64Column("y", [1.0, 3.0]));
        Assert.Equal([2.0], constant.PredictValues([2.0]));
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        var x = s_fixture.GetProperty("x").Doubles();
        var y = new Float64Column("y", s_fixture.GetProperty("y").Doubles());
        var model = new IsotonicRegression { OutOfBounds = OutOfBounds.Clip, YMin = 0.2 }.Fit(X(x), y, s_fixture.GetProperty("w").Doubles());
        var loaded = Assert.IsType<IsotonicRegressionModel>(RoundTrip(model));
        var probe = X(s_fixture.GetProperty("probe").Doubles());
        Assert.Equal(Bits(model.PredictValues(probe)), Bits(loaded.PredictValues(probe)));
        Assert.Equal(OutOfBounds.Clip, loaded.Options.OutOfBounds);
    }

    [Fact]
    public void BadInputGivesClearErrors()
    {
        var y = new Float64Column("y", [1.0, 2.0]);
        var two = new Frame(new Float64Column("a", [1.0, 2.0]), new Float64Column("b", [1.0, 2.0]));
        Assert.Contains("one feature", Assert.Throws<AugurException>(() => new IsotonicRegression().Fit(two, y)).Message);
        Assert.Contains("target", Assert.Throws<AugurException>(() => new IsotonicRegression().Fit(X([1.0, 2.0]))).Message);
        Assert.Contains("missing", Assert.Throws<AugurException>(() => new IsotonicRegression().Fit(X([1.0, double.NaN]), y)).Message);
        Assert.Contains("y_min", Assert.Throws<AugurException>(() => new IsotonicRegression { YMin = 2, YMax = 1 }.Fit(X([1.0, 2.0]), y)).Message);
        var model = new IsotonicRegression().Fit(X([1.0, 2.0]), y);
        Assert.Contains("score", Assert.Throws<AugurException>(() => model.Predict(new Frame(new Float64Column("other", [1.0])))).Message);
    }
}
