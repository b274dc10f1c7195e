using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Augur.Numerics;

namespace Augur.Linear;

/// <summary>
/// SAGA (Defazio, Bach and Lacoste-Julien, 2014) for logistic regression with L2, L1 or elastic-net penalties, in
/// scikit-learn's scaling: minimise (1/n)·Σ sᵢ·logloss + α/2·‖W‖² + β·‖W‖₁ with α, β already divided by n. The
/// gradient table holds one derivative per sample and output. The L2 shrinkage is kept as a scalar factor and the
/// average-gradient and proximal L1 steps are applied lazily, in closed form, when a feature is next touched, so a
/// step costs O(non-zeros of the row) on sparse data. Epochs visit the rows in a fresh seeded permutation; the fit stops
/// when the largest weight change of an epoch is at most tol times the largest weight.
/// </summary>
internal static class Saga
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double[] Coef, double[] Intercepts, int Epochs) Solve(LinearFeatures x, int[] y, double[]? sw, int outputs, bool fitIntercept,
        double alphaScaled, double betaScaled, int maxIter, double tol, int seed)
    {
        var n = x.Rows;
        var p = x.Cols;
        var k = outputs;
        var dense = x.Dense;
        var sparse = x.Sparse;
        var all = dense is null ? null : Enumerable.Range(0, p).ToArray();
        var maxSq = 0.0;
        for (var i = 0; i < n; i++)
        {
            var rowValues = dense is not null ? dense.Row(i) : sparse!.RowValues(i);
            maxSq = Math.Max(maxSq, TensorPrimitives.Dot(rowValues, rowValues));
        }
        // The step size of scikit-learn's saga, with the Lipschitz constant also scaled by the largest sample weight
        // (weighted losses are that much steeper; scikit-learn ignores the weights here, which can diverge).
        var largestSampleWeight = sw is null ? 1.0 : Math.Max(TensorPrimitives.Max<double>(sw), 1e-300);
        var lipschitz = 0.25 * (maxSq + (fitIntercept ? 1 : 0)) * largestSampleWeight + alphaScaled;
        var step = 1 / (2 * lipschitz + Math.Min(2 * n * alphaScaled, lipschitz));
        var v = new double[p * k];            // feature-major: v[j·k + c]
        var scale = 1.0;
        var b = new double[k];
        var table = new double[n * k];
        var sum = new double[p * k];
        var sumB = new double[k];
        var last = new int[p];
        var cum = new double[n + 1];          // cum[t] = Σ_{τ<t} η/(n·scale_τ)
        var rng = new Rng(seed);
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var previous = new double[p * k + k];
        var z = new double[k];
        var gNew = new double[k];
        var epoch = 0;
        var invN = 1.0 / n;
        var shrink = 1 - step * alphaScaled;
        for (; epoch < maxIter; epoch++)
        {
            rng.Shuffle(order.AsSpan());
            Array.Clear(last);
            cum[0] = 0;
            for (var t = 0; t < n; t++)
            {
                Prefetch.Ahead(order, t, dense, sparse, null, sw);
                var i = order[t];
                ReadOnlySpan<int> idx = dense is not null ? all! : sparse!.RowIndices(i);
                ReadOnlySpan<double> val = dense is not null ? dense.Row(i) : sparse!.RowValues(i);
                // Bring the touched features up to step t.
                if (sparse is not null)
                    for (var q = 0; q < idx.Length; q++) CatchUp(v, sum, idx[q], k, last, cum, t, betaScaled * n);
                for (var c = 0; c < k; c++)
                {
                    var acc = 0.0;
                    for (var q = 0; q < idx.Length; q++) acc += val[q] * v[idx[q] * k + c];
                    z[c] = acc * scale + b[c];
                }
                var si = sw is null ? 1.0 : sw[i];
                if (k == 1)
                {
                    gNew[0] = si * (LinearMath.Sigmoid(z[0]) - y[i]);
                }
                else
                {
                    z.CopyTo(gNew, 0);
                    LinearMath.Softmax(gNew);
                    for (var c = 0; c < k; c++) gNew[c] = si * (gNew[c] - (c == y[i] ? 1.0 : 0.0));
                }
                // Step t on the touched features: shrink, correction + average, prox.
                var newScale = scale * shrink;
                var tau = step * betaScaled / newScale;
                for (var q = 0; q < idx.Length; q++)
                {
                    var j = idx[q];
                    for (var c = 0; c < k; c++)
                    {
                        var delta = gNew[c] - table[i * k + c];
                        var jc = j * k + c;
                        var u = v[jc] - step * (delta * val[q] + sum[jc] * invN) / newScale;
                        v[jc] = betaScaled > 0 ? Soft(u, tau) : u;
                        sum[jc] += delta * val[q];
                    }
                    last[j] = t + 1;
                }
                if (fitIntercept)
                    for (var c = 0; c < k; c++)
                    {
                        var delta = gNew[c] - table[i * k + c];
                        b[c] -= step * (delta + sumB[c] * invN);
                        sumB[c] += delta;
                    }
                for (var c = 0; c < k; c++) table[i * k + c] = gNew[c];
                scale = newScale;
                cum[t + 1] = cum[t] + step * invN / scale;
                if (scale < 1e-9)
                {
                    for (var j = 0; j < p; j++) CatchUp(v, sum, j, k, last, cum, t + 1, betaScaled * n);
                    TensorPrimitives.Multiply(v, scale, v);
                    scale = 1;
                    // Restart the lazy bookkeeping from this step with the new scale.
                    var offset = cum[t + 1];
                    for (var j = 0; j < p; j++) last[j] = t + 1;
                    cum[t + 1] = offset;
                }
            }
            for (var j = 0; j < p; j++) CatchUp(v, sum, j, k, last, cum, n, betaScaled * n);
            TensorPrimitives.Multiply(v, scale, v);
            scale = 1;
            var maxChange = 0.0;
            var maxWeight = 0.0;
            for (var q = 0; q < p * k; q++)
            {
                maxChange = Math.Max(maxChange, Math.Abs(v[q] - previous[q]));
                maxWeight = Math.Max(maxWeight, Math.Abs(v[q]));
                previous[q] = v[q];
            }
            for (var c = 0; c < k; c++)
            {
                maxChange = Math.Max(maxChange, Math.Abs(b[c] - previous[p * k + c]));
                maxWeight = Math.Max(maxWeight, Math.Abs(b[c]));
                previous[p * k + c] = b[c];
            }
            if (maxWeight != 0 && maxChange / maxWeight <= tol) { epoch++; break; }
            if (maxWeight == 0 && maxChange == 0) { epoch++; break; }
        }
        var coef = new double[k * p];
        for (var j = 0; j < p; j++)
            for (var c = 0; c < k; c++) coef[c * p + j] = v[j * k + c];
        return (coef, b, Math.Min(epoch, maxIter));
    }

    private static double Soft(double u, double tau) => u > tau ? u - tau : u < -tau ? u + tau : 0.0;

    /// <summary>
    /// Applies the steps last[j] .. t−1 that feature j missed: each is v ← soft(v − a·δ, nβ·δ) with δ = η/(n·scale) of
    /// that step and a the feature's (constant) summed gradient. The iteration is piecewise linear in Σδ, so it is
    /// solved exactly: linear phases, with a binary search for the step at which the weight reaches zero.
    /// </summary>
    private static void CatchUp(double[] v, double[] sum, int j, int k, int[] last, double[] cum, int t, double nBeta)
    {
        var from = last[j];
        if (from >= t) return;
        var total = cum[t] - cum[from];
        for (var c = 0; c < k; c++)
        {
            var jc = j * k + c;
            var a = sum[jc];
            if (nBeta <= 0)
            {
                v[jc] -= a * total;
                continue;
            }
            v[jc] = Lagged(v[jc], a, nBeta, cum, from, t);
        }
        last[j] = t;
    }

    private static double Lagged(double v0, double a, double nBeta, double[] cum, int from, int to)
    {
        // Work with v ≥ 0 by symmetry (negate v and a together).
        var sign = 1.0;
        if (v0 < 0 || (v0 == 0 && a > 0)) { sign = -1; v0 = -v0; a = -a; }
        // Now v0 ≥ 0; per unit of Σδ the weight moves by −(a + nβ) while positive.
        var rate = a + nBeta;
        var total = cum[to] - cum[from];
        if (v0 > 0)
        {
            if (rate <= 0 || v0 - rate * total > 0) return sign * (v0 - rate * total);
            // Find the first step s (from ≤ s < to) after which the weight would leave (0, ∞).
            int lo = from, hi = to - 1;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (v0 - rate * (cum[mid + 1] - cum[from]) > 0) lo = mid + 1; else hi = mid;
            }
            var s = lo;
            var before = v0 - rate * (cum[s] - cum[from]);
            var delta = cum[s + 1] - cum[s];
            var u = before - a * delta;
            var thr = nBeta * delta;
            var after = u > thr ? u - thr : u < -thr ? u + thr : 0.0;
            var rest = cum[to] - cum[s + 1];
            return sign * FromNonPositive(after, a, nBeta, rest);
        }
        return sign * FromNonPositive(0, a, nBeta, total);
    }

    /// <summary>Continues from a weight ≤ 0 (in the flipped frame, where a ≤ 0 … any sign).</summary>
    private static double FromNonPositive(double v, double a, double nBeta, double rest)
    {
        if (rest <= 0) return v;
        if (v == 0)
        {
            // At zero: stays unless the gradient average beats the threshold.
            if (Math.Abs(a) <= nBeta) return 0;
            return a > 0 ? -(a - nBeta) * rest : (-a - nBeta) * rest;
        }
        // v < 0 here only when a > nβ: it keeps decreasing.
        return v - (a - nBeta) * rest;
    }
}
