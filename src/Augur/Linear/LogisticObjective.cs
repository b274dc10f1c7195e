using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using Augur.Numerics;

namespace Augur.Linear;

/// <summary>
/// scikit-learn's logistic-regression objective for its lbfgs solver: Σᵢ sᵢ·logloss(xᵢ, yᵢ) + λ/2·‖W‖² with λ = 1/C and
/// the intercepts not penalised; binary (one weight row, yᵢ ∈ {0, 1}) or multinomial (one row per class, softmax).
/// Parameters are laid out per output as [w (p) | b]. Loss and gradient come from one pass over X, parallel over fixed
/// row blocks whose partial sums are added in block order (so results never depend on thread timing).
/// </summary>
internal sealed class LogisticObjective
{
    private readonly LinearFeatures _x;
    private readonly int[] _y;
    private readonly double[]? _w;
    private readonly int _k;
    private readonly int _p;
    private readonly bool _intercept;
    private readonly double _lambda;
    private readonly int _blocks;
    private readonly double[][] _partialGrad;
    private readonly double[] _partialLoss;

    /// <param name="x">The features.</param>
    /// <param name="y">Binary: 1 for the positive class, 0 otherwise. Multinomial: the class index.</param>
    /// <param name="w">Sample weights (null: all 1).</param>
    /// <param name="outputs">1 for binary, the number of classes for multinomial.</param>
    /// <param name="fitIntercept">Whether each output has an intercept.</param>
    /// <param name="lambda">The L2 strength 1/C (0 for no penalty).</param>
    public LogisticObjective(LinearFeatures x, int[] y, double[]? w, int outputs, bool fitIntercept, double lambda)
    {
        _x = x;
        _y = y;
        _w = w;
        _k = outputs;
        _p = x.Cols;
        _intercept = fitIntercept;
        _lambda = lambda;
        _blocks = LinearMath.BlockCount(x.Rows, (long)(x.IsSparse ? Math.Max(1, x.Sparse!.NonZeroCount / Math.Max(1, x.Rows)) : _p) * outputs * 2);
        if (x.IsSparse) _blocks = Math.Min(_blocks, 8);
        _partialGrad = new double[_blocks][];
        for (var b = 0; b < _blocks; b++) _partialGrad[b] = new double[Dimension];
        _partialLoss = new double[_blocks];
    }

    /// <summary>The number of parameters.</summary>
    public int Dimension => _k * Stride;

    private int Stride => _p + (_intercept ? 1 : 0);

    public double Evaluate(double[] theta, double[] grad)
    {
        LinearMath.For(_blocks, b => Block(theta, b));
        Array.Clear(grad);
        var loss = 0.0;
        for (var b = 0; b < _blocks; b++)
        {
            TensorPrimitives.Add(grad, _partialGrad[b], grad);
            loss += _partialLoss[b];
        }
        if (_lambda > 0)
            for (var k = 0; k < _k; k++)
            {
                var wk = theta.AsSpan(k * Stride, _p);
                loss += 0.5 * _lambda * TensorPrimitives.Dot(wk, wk);
                var gk = grad.AsSpan(k * Stride, _p);
                TensorPrimitives.MultiplyAdd(wk, _lambda, gk, gk);
            }
        return loss;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Block(double[] theta, int b)
    {
        if (_x.Dense is { } d)
        {
            if (_k == 1) BinaryDenseBlock(theta, b, d);
            else MultinomialDenseBlock(theta, b, d);
            return;
        }
        var g = _partialGrad[b];
        Array.Clear(g);
        var (s, e) = LinearMath.BlockRange(_x.Rows, _blocks, b);
        var loss = 0.0;
        var stride = Stride;
        var p = _p;
        Span<double> z = _k <= 64 ? stackalloc double[_k] : new double[_k];
        var dense = _x.Dense;
        var sparse = _x.Sparse;
        for (var i = s; i < e; i++)
        {
            var si = _w is null ? 1.0 : _w[i];
            if (si == 0) continue;
            ReadOnlySpan<double> row = default;
            ReadOnlySpan<int> idx = default;
            if (dense is not null) row = dense.Row(i);
            else { idx = sparse!.RowIndices(i); row = sparse.RowValues(i); }
            for (var k = 0; k < _k; k++)
            {
                var wk = theta.AsSpan(k * stride, p);
                var dot = dense is not null ? TensorPrimitives.Dot(row, wk) : LinearMath.SparseDot(idx, row, wk);
                z[k] = dot + (_intercept ? theta[k * stride + p] : 0.0);
            }
            if (_k == 1)
            {
                var yi = _y[i];
                var zi = z[0];
                loss += si * (LinearMath.Log1pExp(zi) - yi * zi);
                z[0] = si * (LinearMath.Sigmoid(zi) - yi);
            }
            else
            {
                var yi = _y[i];
                var zy = z[yi];
                var lse = LinearMath.Softmax(z);
                loss += si * (lse - zy);
                for (var k = 0; k < _k; k++) z[k] = si * (z[k] - (k == yi ? 1.0 : 0.0));
            }
            for (var k = 0; k < _k; k++)
            {
                var r = z[k];
                if (r == 0) continue;
                var gk = g.AsSpan(k * stride, p);
                if (dense is not null) TensorPrimitives.MultiplyAdd(row, r, gk, gk);
                else for (var q = 0; q < idx.Length; q++) gk[idx[q]] += r * row[q];
                if (_intercept) g[k * stride + p] += r;
            }
        }
        _partialLoss[b] = loss;
    }

    /// <summary>
    /// The multinomial dense case, vectorised across rows: per class the scores of 256 rows (four rows per pass over
    /// the weights), then the log-sum-exp and the softmax residuals with vector exp/log across the run, then the
    /// gradient rows per class.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultinomialDenseBlock(double[] theta, int b, Matrix x)
    {
        const int sub = 256;
        var g = _partialGrad[b];
        Array.Clear(g);
        var (s, e) = LinearMath.BlockRange(_x.Rows, _blocks, b);
        var p = _p;
        var k = _k;
        var stride = Stride;
        var z = new double[k * sub];
        var max = new double[sub];
        var sum = new double[sub];
        var tmp = new double[sub];
        var loss = 0.0;
        for (var r0 = s; r0 < e; r0 += sub)
        {
            var len = Math.Min(sub, e - r0);
            for (var c = 0; c < k; c++)
                LinearKernels.RowDots(x.Data, p, r0, len, theta.AsSpan(c * stride, p), _intercept ? theta[c * stride + p] : 0.0, z.AsSpan(c * sub, len));
            var mx = max.AsSpan(0, len);
            var sm = sum.AsSpan(0, len);
            var tp = tmp.AsSpan(0, len);
            z.AsSpan(0, len).CopyTo(mx);
            for (var c = 1; c < k; c++) TensorPrimitives.Max(mx, z.AsSpan(c * sub, len), mx);
            sm.Clear();
            // Loss: Σ sᵢ (log Σ exp zᵢ − z_{i,yᵢ}); z is overwritten by the probabilities.
            var zy = 0.0;
            for (var i = 0; i < len; i++)
            {
                var si = _w is null ? 1.0 : _w[r0 + i];
                zy += si * z[_y[r0 + i] * sub + i];
            }
            for (var c = 0; c < k; c++)
            {
                var zc = z.AsSpan(c * sub, len);
                TensorPrimitives.Subtract(zc, mx, zc);
                TensorPrimitives.Exp(zc, zc);
                TensorPrimitives.Add(sm, zc, sm);
            }
            TensorPrimitives.Log(sm, tp);
            TensorPrimitives.Add(tp, mx, tp);
            loss += (_w is null ? TensorPrimitives.Sum<double>(tp) : TensorPrimitives.Dot(tp, _w.AsSpan(r0, len))) - zy;
            TensorPrimitives.Reciprocal(sm, sm);
            for (var c = 0; c < k; c++)
            {
                var zc = z.AsSpan(c * sub, len);
                TensorPrimitives.Multiply(zc, sm, zc);
                for (var i = 0; i < len; i++) if (_y[r0 + i] == c) zc[i] -= 1;
                if (_w is not null) TensorPrimitives.Multiply(zc, _w.AsSpan(r0, len), zc);
                LinearKernels.AddScaledRows(x.Data, p, r0, len, zc, g.AsSpan(c * stride, p));
                if (_intercept) g[c * stride + p] += TensorPrimitives.Sum<double>(zc);
            }
        }
        _partialLoss[b] = loss;
    }

    /// <summary>
    /// The binary dense case, vectorised across rows: scores of 256 rows, then the log-loss and the residuals σ(z) − y
    /// with vector exp/log/sigmoid over the whole run, then the gradient rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BinaryDenseBlock(double[] theta, int b, Matrix x)
    {
        const int sub = 256;
        var g = _partialGrad[b];
        Array.Clear(g);
        var (s, e) = LinearMath.BlockRange(_x.Rows, _blocks, b);
        var p = _p;
        var w = theta.AsSpan(0, p);
        var intercept = _intercept ? theta[p] : 0.0;
        var gw = g.AsSpan(0, p);
        var gb = 0.0;
        var loss = 0.0;
        Span<double> z = stackalloc double[sub];
        Span<double> t = stackalloc double[sub];
        Span<double> u = stackalloc double[sub];
        Span<double> y = stackalloc double[sub];
        for (var r0 = s; r0 < e; r0 += sub)
        {
            var len = Math.Min(sub, e - r0);
            var zs = z[..len];
            var ts = t[..len];
            var us = u[..len];
            var ys = y[..len];
            LinearKernels.RowDots(x.Data, p, r0, len, w, intercept, zs);
            for (var i = 0; i < len; i++) ys[i] = _y[r0 + i];
            // log(1 + e^z) − y·z = max(z, 0) + log(1 + e^−|z|) − y·z
            TensorPrimitives.Abs(zs, ts);
            TensorPrimitives.Negate(ts, ts);
            TensorPrimitives.Exp(ts, ts);
            TensorPrimitives.Add(ts, 1.0, ts);
            TensorPrimitives.Log(ts, ts);
            TensorPrimitives.Max(zs, 0.0, us);
            TensorPrimitives.Add(ts, us, ts);
            TensorPrimitives.Multiply(ys, zs, us);
            TensorPrimitives.Subtract(ts, us, ts);
            TensorPrimitives.Sigmoid(zs, us);
            TensorPrimitives.Subtract(us, ys, us);
            if (_w is not null)
            {
                var ws = _w.AsSpan(r0, len);
                loss += TensorPrimitives.Dot(ts, ws);
                TensorPrimitives.Multiply(us, ws, us);
            }
            else loss += TensorPrimitives.Sum<double>(ts);
            LinearKernels.AddScaledRows(x.Data, p, r0, len, us, gw);
            gb += TensorPrimitives.Sum<double>(us);
        }
        if (_intercept) g[p] = gb;
        _partialLoss[b] = loss;
    }
}
