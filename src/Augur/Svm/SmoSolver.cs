namespace Augur.Svm;

/// <summary>The solution of one dual problem.</summary>
internal sealed record SmoResult(double[] Alpha, double Rho, double Objective, long Iterations, bool Converged);

/// <summary>
/// Sequential minimal optimisation for the SVM dual
/// <c>min ½ αᵀQα + pᵀα  subject to  yᵀα = 0, 0 ≤ αₜ ≤ Cₜ</c>, with <c>Qₜₛ = yₜ yₛ K(xₜ, xₛ)</c>, in the manner of libsvm
/// (Chang and Lin 2011): the working pair is chosen by the second-order rule of Fan, Chen and Lin (2005, WSS 3), the
/// two-variable subproblem is solved exactly and clipped to the box, and variables that are unlikely to move are
/// shrunk away (with the gradient reconstructed from <c>Ḡ</c> before the final check). Stops when the maximal
/// violation m(α) − M(α) falls below <c>eps</c>. Variables are kept in a working order that shrinking permutes, as
/// libsvm does, so ties in the selection resolve the same way.
/// </summary>
internal sealed class SmoSolver
{
    private const double Tau = 1e-12;
    private const byte Lower = 0, Upper = 1, Free = 2;

    private readonly KernelCache _cache;
    private readonly int _l;
    private readonly double[] _alpha;
    private readonly byte[] _status;
    private readonly double[] _g;
    private readonly double[] _gBar;
    private readonly double[] _y;
    private readonly double[] _p;
    private readonly double[] _c;
    private readonly double[] _qd;
    private readonly int[] _var;   // position → variable
    private readonly int[] _real;  // position → kernel row index
    private readonly double _eps;
    private int _active;
    private bool _unshrink;

    private SmoSolver(KernelCache cache, TrainingKernel kernel, int[] realIndex, double[] y, double[] p, double[] c, double eps)
    {
        _cache = cache;
        _l = y.Length;
        _alpha = new double[_l];
        _status = new byte[_l];
        _g = (double[])p.Clone();
        _gBar = new double[_l];
        _y = (double[])y.Clone();
        _p = (double[])p.Clone();
        _c = (double[])c.Clone();
        _qd = new double[_l];
        _var = new int[_l];
        _real = (int[])realIndex.Clone();
        for (var t = 0; t < _l; t++)
        {
            _var[t] = t;
            _qd[t] = kernel.Eval(_real[t], _real[t]);
            _status[t] = Status(0, _c[t]);
        }
        _eps = eps;
        _active = _l;
    }

    /// <summary>Solves the problem from α = 0.</summary>
    /// <param name="cache">Kernel rows over the distinct training rows.</param>
    /// <param name="kernel">The kernel (for the diagonal).</param>
    /// <param name="realIndex">For each variable, its training row (SVR has two variables per row).</param>
    /// <param name="y">±1 per variable.</param>
    /// <param name="p">Linear term per variable.</param>
    /// <param name="c">Upper bound per variable.</param>
    /// <param name="eps">Stopping tolerance.</param>
    /// <param name="shrinking">Use the shrinking heuristic.</param>
    /// <param name="maxIter">Iteration limit (≤ 0: libsvm's default of max(10⁷, 100·l)).</param>
    public static SmoResult Solve(KernelCache cache, TrainingKernel kernel, int[] realIndex, double[] y, double[] p, double[] c, double eps, bool shrinking, long maxIter)
    {
        var s = new SmoSolver(cache, kernel, realIndex, y, p, c, eps);
        return s.Run(shrinking, maxIter);
    }

    private static byte Status(double alpha, double c) => alpha >= c ? Upper : alpha <= 0 ? Lower : Free;

    private bool IsUpper(int t) => _status[t] == Upper;

    private bool IsLower(int t) => _status[t] == Lower;

    private bool IsFree(int t) => _status[t] == Free;

    private SmoResult Run(bool shrinking, long maxIter)
    {
        var l = _l;
        if (maxIter <= 0) maxIter = Math.Max(10_000_000L, 100L * l);
        long iter = 0;
        var counter = Math.Min(l, 1000) + 1;
        var converged = false;
        while (iter < maxIter)
        {
            if (--counter == 0)
            {
                counter = Math.Min(l, 1000);
                if (shrinking) DoShrinking();
            }
            if (!SelectWorkingSet(out var i, out var j))
            {
                ReconstructGradient();
                _active = l;
                if (!SelectWorkingSet(out i, out j)) { converged = true; break; }
                counter = 1; // shrink at the next iteration
            }
            iter++;
            Update(i, j);
        }
        if (!converged && _active < l)
        {
            ReconstructGradient();
            _active = l;
        }
        var rho = CalculateRho();
        var obj = 0.0;
        for (var t = 0; t < l; t++) obj += _alpha[t] * (_g[t] + _p[t]);
        obj /= 2;
        var alpha = new double[l];
        for (var t = 0; t < l; t++) alpha[_var[t]] = _alpha[t];
        return new SmoResult(alpha, rho, obj, iter, converged);
    }

    private void Update(int i, int j)
    {
        var ri = _cache.Row(_real[i]);
        var rj = _cache.Row(_real[j]);
        var yi = _y[i];
        var yj = _y[j];
        var ci = _c[i];
        var cj = _c[j];
        var oldAi = _alpha[i];
        var oldAj = _alpha[j];
        var qij = yi * yj * (double)ri[_real[j]];
        if (yi != yj)
        {
            var quad = _qd[i] + _qd[j] + 2 * qij;
            if (quad <= 0) quad = Tau;
            var delta = (-_g[i] - _g[j]) / quad;
            var diff = _alpha[i] - _alpha[j];
            _alpha[i] += delta;
            _alpha[j] += delta;
            if (diff > 0)
            {
                if (_alpha[j] < 0) { _alpha[j] = 0; _alpha[i] = diff; }
            }
            else
            {
                if (_alpha[i] < 0) { _alpha[i] = 0; _alpha[j] = -diff; }
            }
            if (diff > ci - cj)
            {
                if (_alpha[i] > ci) { _alpha[i] = ci; _alpha[j] = ci - diff; }
            }
            else
            {
                if (_alpha[j] > cj) { _alpha[j] = cj; _alpha[i] = cj + diff; }
            }
        }
        else
        {
            var quad = _qd[i] + _qd[j] - 2 * qij;
            if (quad <= 0) quad = Tau;
            var delta = (_g[i] - _g[j]) / quad;
            var sum = _alpha[i] + _alpha[j];
            _alpha[i] -= delta;
            _alpha[j] += delta;
            if (sum > ci)
            {
                if (_alpha[i] > ci) { _alpha[i] = ci; _alpha[j] = sum - ci; }
            }
            else
            {
                if (_alpha[j] < 0) { _alpha[j] = 0; _alpha[i] = sum; }
            }
            if (sum > cj)
            {
                if (_alpha[j] > cj) { _alpha[j] = cj; _alpha[i] = sum - cj; }
            }
            else
            {
                if (_alpha[i] < 0) { _alpha[i] = 0; _alpha[j] = sum; }
            }
        }

        var dAi = _alpha[i] - oldAi;
        var dAj = _alpha[j] - oldAj;
        var g = _g;
        var y = _y;
        var real = _real;
        for (var t = 0; t < _active; t++)
        {
            var yt = y[t];
            var rt = real[t];
            g[t] += yi * yt * ri[rt] * dAi + yj * yt * rj[rt] * dAj;
        }

        var ui = IsUpper(i);
        var uj = IsUpper(j);
        _status[i] = Status(_alpha[i], ci);
        _status[j] = Status(_alpha[j], cj);
        if (ui != IsUpper(i))
        {
            var f = ui ? -ci : ci;
            for (var t = 0; t < _l; t++) _gBar[t] += f * (yi * y[t] * ri[real[t]]);
        }
        if (uj != IsUpper(j))
        {
            var f = uj ? -cj : cj;
            for (var t = 0; t < _l; t++) _gBar[t] += f * (yj * y[t] * rj[real[t]]);
        }
    }

    // WSS 3: i maximises −yₜ∇fₜ over I_up; j minimises the second-order decrease −b²/a over I_low with bₜ > 0.
    private bool SelectWorkingSet(out int outI, out int outJ)
    {
        var gMax = double.NegativeInfinity;
        var gMax2 = double.NegativeInfinity;
        var gMaxIdx = -1;
        var gMinIdx = -1;
        var objDiffMin = double.PositiveInfinity;
        for (var t = 0; t < _active; t++)
        {
            if (_y[t] > 0)
            {
                if (!IsUpper(t) && -_g[t] >= gMax) { gMax = -_g[t]; gMaxIdx = t; }
            }
            else
            {
                if (!IsLower(t) && _g[t] >= gMax) { gMax = _g[t]; gMaxIdx = t; }
            }
        }
        var i = gMaxIdx;
        float[]? qi = i >= 0 ? _cache.Row(_real[i]) : null;
        var yi = i >= 0 ? _y[i] : 0;
        var qdi = i >= 0 ? _qd[i] : 0;
        for (var j = 0; j < _active; j++)
        {
            if (_y[j] > 0)
            {
                if (IsLower(j)) continue;
                var gradDiff = gMax + _g[j];
                if (_g[j] >= gMax2) gMax2 = _g[j];
                if (gradDiff > 0)
                {
                    var qij = yi * _y[j] * (double)qi![_real[j]];
                    var quad = qdi + _qd[j] - 2.0 * yi * qij;
                    var objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / Tau;
                    if (objDiff <= objDiffMin) { gMinIdx = j; objDiffMin = objDiff; }
                }
            }
            else
            {
                if (IsUpper(j)) continue;
                var gradDiff = gMax - _g[j];
                if (-_g[j] >= gMax2) gMax2 = -_g[j];
                if (gradDiff > 0)
                {
                    var qij = yi * _y[j] * (double)qi![_real[j]];
                    var quad = qdi + _qd[j] + 2.0 * yi * qij;
                    var objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / Tau;
                    if (objDiff <= objDiffMin) { gMinIdx = j; objDiffMin = objDiff; }
                }
            }
        }
        outI = gMaxIdx;
        outJ = gMinIdx;
        return !(gMax + gMax2 < _eps || gMinIdx == -1);
    }

    private bool BeShrunk(int t, double gMax1, double gMax2)
    {
        if (IsUpper(t)) return _y[t] > 0 ? -_g[t] > gMax1 : -_g[t] > gMax2;
        if (IsLower(t)) return _y[t] > 0 ? _g[t] > gMax2 : _g[t] > gMax1;
        return false;
    }

    private void DoShrinking()
    {
        var gMax1 = double.NegativeInfinity; // max { −yₜ∇fₜ : t ∈ I_up }
        var gMax2 = double.NegativeInfinity; // max { yₜ∇fₜ : t ∈ I_low }
        for (var t = 0; t < _active; t++)
        {
            if (_y[t] > 0)
            {
                if (!IsUpper(t) && -_g[t] >= gMax1) gMax1 = -_g[t];
                if (!IsLower(t) && _g[t] >= gMax2) gMax2 = _g[t];
            }
            else
            {
                if (!IsUpper(t) && -_g[t] >= gMax2) gMax2 = -_g[t];
                if (!IsLower(t) && _g[t] >= gMax1) gMax1 = _g[t];
            }
        }
        if (!_unshrink && gMax1 + gMax2 <= _eps * 10)
        {
            _unshrink = true;
            ReconstructGradient();
            _active = _l;
        }
        for (var t = 0; t < _active; t++)
        {
            if (!BeShrunk(t, gMax1, gMax2)) continue;
            _active--;
            while (_active > t)
            {
                if (!BeShrunk(_active, gMax1, gMax2))
                {
                    Swap(t, _active);
                    break;
                }
                _active--;
            }
        }
    }

    private void Swap(int a, int b)
    {
        (_alpha[a], _alpha[b]) = (_alpha[b], _alpha[a]);
        (_status[a], _status[b]) = (_status[b], _status[a]);
        (_g[a], _g[b]) = (_g[b], _g[a]);
        (_gBar[a], _gBar[b]) = (_gBar[b], _gBar[a]);
        (_y[a], _y[b]) = (_y[b], _y[a]);
        (_p[a], _p[b]) = (_p[b], _p[a]);
        (_c[a], _c[b]) = (_c[b], _c[a]);
        (_qd[a], _qd[b]) = (_qd[b], _qd[a]);
        (_var[a], _var[b]) = (_var[b], _var[a]);
        (_real[a], _real[b]) = (_real[b], _real[a]);
    }

    // ∇f of the inactive variables from Ḡ (the bound variables' contribution) plus the free variables' columns.
    private void ReconstructGradient()
    {
        if (_active == _l) return;
        for (var t = _active; t < _l; t++) _g[t] = _gBar[t] + _p[t];
        var free = 0;
        for (var t = 0; t < _active; t++) if (IsFree(t)) free++;
        if ((long)free * _l > 2L * _active * (_l - _active))
        {
            for (var t = _active; t < _l; t++)
            {
                var rt = _cache.Row(_real[t]);
                var yt = _y[t];
                for (var s = 0; s < _active; s++)
                    if (IsFree(s)) _g[t] += _alpha[s] * (yt * _y[s] * rt[_real[s]]);
            }
        }
        else
        {
            for (var s = 0; s < _active; s++)
            {
                if (!IsFree(s)) continue;
                var rs = _cache.Row(_real[s]);
                var ys = _y[s];
                var a = _alpha[s];
                for (var t = _active; t < _l; t++) _g[t] += a * (ys * _y[t] * rs[_real[t]]);
            }
        }
    }

    private double CalculateRho()
    {
        var free = 0;
        var ub = double.PositiveInfinity;
        var lb = double.NegativeInfinity;
        var sumFree = 0.0;
        for (var t = 0; t < _active; t++)
        {
            var yG = _y[t] * _g[t];
            if (IsUpper(t))
            {
                if (_y[t] < 0) ub = Math.Min(ub, yG); else lb = Math.Max(lb, yG);
            }
            else if (IsLower(t))
            {
                if (_y[t] > 0) ub = Math.Min(ub, yG); else lb = Math.Max(lb, yG);
            }
            else
            {
                free++;
                sumFree += yG;
            }
        }
        return free > 0 ? sumFree / free : (ub + lb) / 2;
    }
}
