using Augur.Data;
using Augur.Explain;
using Augur.Numerics;

namespace Augur.Tests.Explain;

/// <summary>Brute-force Shapley values from their definition, over all 2^M coalitions (test reference).</summary>
internal static class ShapReference
{
    /// <summary>φ_j = Σ_{S ⊆ N∖{j}} |S|!(M−|S|−1)!/M! · (v(S ∪ {j}) − v(S)) for a value function over bit masks.</summary>
    public static double[] Shapley(int m, Func<int, double> value)
    {
        var v = new double[1 << m];
        for (var s = 0; s < v.Length; s++) v[s] = value(s);
        var fact = new double[m + 1];
        fact[0] = 1;
        for (var i = 1; i <= m; i++) fact[i] = fact[i - 1] * i;
        var phi = new double[m];
        for (var j = 0; j < m; j++)
            for (var s = 0; s < v.Length; s++)
            {
                if ((s & (1 << j)) != 0) continue;
                var size = System.Numerics.BitOperations.PopCount((uint)s);
                phi[j] += fact[size] * fact[m - size - 1] / fact[m] * (v[s | (1 << j)] - v[s]);
            }
        return phi;
    }

    /// <summary>
    /// Interventional coalition values: v(S) = link(Σ_b w_b f(x_S, b_{S̄})[output]) over a weighted background,
    /// evaluated column by column on the model's input frame.
    /// </summary>
    public static double[] Interventional(Func<Frame, Matrix> f, Frame background, double[] weights, Frame row, int output, Func<double, double> link)
    {
        var m = row.ColumnCount;
        var b = background.RowCount;
        var pool = Frame.ConcatRows([background, row]);
        var all = new int[m][];
        var masks = 1 << m;
        for (var j = 0; j < m; j++)
        {
            all[j] = new int[masks * b];
            for (var s = 0; s < masks; s++)
                for (var i = 0; i < b; i++) all[j][s * b + i] = (s & (1 << j)) != 0 ? b : i;
        }
        var frame = new Frame(Enumerable.Range(0, m).Select(j => pool[j].Take(all[j])).ToArray());
        var out_ = f(frame);
        var wsum = weights.Sum();
        return Shapley(m, s =>
        {
            double acc = 0;
            for (var i = 0; i < b; i++) acc += weights[i] * out_[s * b + i, output];
            return link(acc / wsum);
        });
    }

    /// <summary>Asserts base + Σ values = output for every row and output (relative tolerance on the output's scale).</summary>
    public static void AssertAdditive(ShapExplanation e, double rtol = 1e-6)
    {
        for (var k = 0; k < e.OutputCount; k++)
            for (var i = 0; i < e.RowCount; i++)
            {
                var sum = e.BaseValues[k];
                foreach (var v in e.Values[k].Row(i)) sum += v;
                var expected = e.ModelOutput[i, k];
                Assert.True(Math.Abs(sum - expected) <= rtol * Math.Max(1, Math.Abs(expected)),
                    $"row {i}, output {k}: base + Σφ = {sum:R} but the model output is {expected:R}");
            }
    }

    /// <summary>A reproducible frame of rounded standard normal values (columns x0, x1, …).</summary>
    public static Frame RandomFrame(int rows, int cols, long seed, double round = 1000)
    {
        var rng = new Rng(seed);
        var m = new Matrix(rows, cols);
        for (var i = 0; i < m.Data.Length; i++) m.Data[i] = Math.Round(rng.NextGaussian() * round) / round;
        return Frame.FromMatrix(m);
    }
}
