using System.Numerics.Tensors;

namespace Augur.Linear;

/// <summary>
/// Limited-memory BFGS (Nocedal, 1980; Liu and Nocedal, 1989) with the Moré–Thuente line search (1994), configured as
/// SciPy's L-BFGS-B is for unconstrained problems: 10 correction pairs, sufficient-decrease 1e-3, curvature 0.9, at most
/// 20 function evaluations per line search, a first step of 1/‖d‖, and stopping when the largest gradient component is
/// at most <c>gtol</c> or the relative decrease of f is at most <c>ftol</c>.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Evaluates f at x and writes its gradient into g.</summary>
    public delegate double Function(double[] x, double[] g);

    public const double DefaultFtol = 2.220446049250313e-09;

    public static (int Iterations, bool Converged) Minimize(Function f, double[] x, int maxIter, double gtol, double ftol = DefaultFtol, int memory = 10)
    {
        var n = x.Length;
        var g = new double[n];
        var fx = f(x, g);
        if (!double.IsFinite(fx)) throw new AugurException("the objective is not finite at the starting point; check the data for extreme values");
        if (InfNorm(g) <= gtol) return (0, true);
        var s = new double[memory][];
        var y = new double[memory][];
        var rho = new double[memory];
        for (var k = 0; k < memory; k++) { s[k] = new double[n]; y[k] = new double[n]; }
        var alpha = new double[memory];
        var count = 0;
        var head = 0;
        var d = new double[n];
        var xOld = new double[n];
        var gOld = new double[n];
        var iter = 0;
        while (iter < maxIter)
        {
            // Two-loop recursion: d = −H g.
            for (var i = 0; i < n; i++) d[i] = -g[i];
            if (count > 0)
            {
                for (var k = 0; k < count; k++)
                {
                    var idx = (head - 1 - k + memory) % memory;
                    alpha[idx] = rho[idx] * TensorPrimitives.Dot(s[idx], d);
                    TensorPrimitives.MultiplyAdd(y[idx], -alpha[idx], d, d);
                }
                var last = (head - 1 + memory) % memory;
                var gamma = TensorPrimitives.Dot(s[last], y[last]) / TensorPrimitives.Dot(y[last], y[last]);
                TensorPrimitives.Multiply(d, gamma, d);
                for (var k = count - 1; k >= 0; k--)
                {
                    var idx = (head - 1 - k + memory) % memory;
                    var beta = rho[idx] * TensorPrimitives.Dot(y[idx], d);
                    TensorPrimitives.MultiplyAdd(s[idx], alpha[idx] - beta, d, d);
                }
            }
            var dg = TensorPrimitives.Dot(d, g);
            if (!(dg < 0))
            {
                count = 0;
                for (var i = 0; i < n; i++) d[i] = -g[i];
                dg = -TensorPrimitives.Dot(g, g);
            }
            var stp = count == 0 ? Math.Min(1 / Math.Sqrt(TensorPrimitives.Dot(d, d)), StpMax) : 1.0;
            x.CopyTo(xOld, 0);
            g.CopyTo(gOld, 0);
            var fOld = fx;
            var ok = LineSearch(f, xOld, fOld, dg, d, stp, x, g, out fx);
            if (!ok)
            {
                xOld.CopyTo(x, 0);
                gOld.CopyTo(g, 0);
                fx = fOld;
                if (count == 0) return (iter, false);
                count = 0;
                continue;
            }
            iter++;
            var sNew = s[head];
            var yNew = y[head];
            TensorPrimitives.Subtract(x, xOld, sNew);
            TensorPrimitives.Subtract(g, gOld, yNew);
            var sy = TensorPrimitives.Dot(sNew, yNew);
            var yy = TensorPrimitives.Dot(yNew, yNew);
            if (sy > 2.220446049250313e-16 * yy)
            {
                rho[head] = 1 / sy;
                head = (head + 1) % memory;
                count = Math.Min(count + 1, memory);
            }
            if (InfNorm(g) <= gtol) return (iter, true);
            if (fOld - fx <= ftol * Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(fx)), 1)) return (iter, true);
        }
        return (iter, false);
    }

    private const double StpMax = 1e10;

    private static double InfNorm(double[] v) => v.Length == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude<double>(v));

    /// <summary>The Moré–Thuente line search. On success x, g and fx hold the accepted point.</summary>
    private static bool LineSearch(Function f, double[] x0, double finit, double ginit, double[] d, double stp, double[] x, double[] g, out double fx)
    {
        const double ftol = 1e-3, gtol = 0.9, xtol = 0.1, stpmin = 0, xtrapl = 1.1, xtrapu = 4.0;
        const int maxEval = 20;
        fx = finit;
        if (!(ginit < 0)) return false;
        var gtest = ftol * ginit;
        var width = StpMax - stpmin;
        var width1 = 2 * width;
        var brackt = false;
        var stage = 1;
        double stx = 0, fxv = finit, gx = ginit, sty = 0, fy = finit, gy = ginit;
        var stmin = 0.0;
        var stmax = stp + xtrapu * stp;
        for (var eval = 0; eval < maxEval; eval++)
        {
            for (var i = 0; i < x.Length; i++) x[i] = x0[i] + stp * d[i];
            var fv = f(x, g);
            var gd = TensorPrimitives.Dot(g, d);
            fx = fv;
            if (!double.IsFinite(fv))
            {
                // Step too long for the arithmetic: shrink towards the best point.
                brackt = true;
                sty = stp;
                fy = double.MaxValue;
                gy = 0;
                stp = stx + 0.5 * (stp - stx);
                continue;
            }
            var ftest = finit + stp * gtest;
            if (stage == 1 && fv <= ftest && gd >= 0) stage = 2;
            if (fv <= ftest && Math.Abs(gd) <= gtol * -ginit) return true;
            if (brackt && (stp <= stmin || stp >= stmax)) return fv <= finit;
            if (brackt && stmax - stmin <= xtol * stmax) return fv <= finit;
            if (stp == StpMax && fv <= ftest && gd <= gtest) return true;
            if (stp == stpmin && (fv > ftest || gd >= gtest)) return false;
            if (stage == 1 && fv <= fxv && fv > ftest)
            {
                var fm = fv - stp * gtest;
                var fxm = fxv - stx * gtest;
                var fym = fy - sty * gtest;
                var gm = gd - gtest;
                var gxm = gx - gtest;
                var gym = gy - gtest;
                Step(ref stx, ref fxm, ref gxm, ref sty, ref fym, ref gym, ref stp, fm, gm, ref brackt, stmin, stmax);
                fxv = fxm + stx * gtest;
                fy = fym + sty * gtest;
                gx = gxm + gtest;
                gy = gym + gtest;
            }
            else Step(ref stx, ref fxv, ref gx, ref sty, ref fy, ref gy, ref stp, fv, gd, ref brackt, stmin, stmax);
            if (brackt)
            {
                if (Math.Abs(sty - stx) >= 0.66 * width1) stp = stx + 0.5 * (sty - stx);
                width1 = width;
                width = Math.Abs(sty - stx);
                stmin = Math.Min(stx, sty);
                stmax = Math.Max(stx, sty);
            }
            else
            {
                stmin = stp + xtrapl * (stp - stx);
                stmax = stp + xtrapu * (stp - stx);
            }
            stp = Math.Clamp(stp, stpmin, StpMax);
            if ((brackt && (stp <= stmin || stp >= stmax)) || (brackt && stmax - stmin <= xtol * stmax)) stp = stx;
        }
        return false;
    }

    /// <summary>The safeguarded step of Moré and Thuente: updates the interval of uncertainty and proposes the next step.</summary>
    private static void Step(ref double stx, ref double fx, ref double dx, ref double sty, ref double fy, ref double dy, ref double stp,
        double fp, double dp, ref bool brackt, double stpmin, double stpmax)
    {
        var sgnd = dp * (dx / Math.Abs(dx));
        double stpf;
        if (fp > fx)
        {
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt(Math.Max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
            if (stp < stx) gamma = -gamma;
            var p = (gamma - dx) + theta;
            var q = ((gamma - dx) + gamma) + dp;
            var r = p / q;
            var stpc = stx + r * (stp - stx);
            var stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx);
            stpf = Math.Abs(stpc - stx) < Math.Abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
            brackt = true;
        }
        else if (sgnd < 0)
        {
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt(Math.Max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
            if (stp > stx) gamma = -gamma;
            var p = (gamma - dp) + theta;
            var q = ((gamma - dp) + gamma) + dx;
            var r = p / q;
            var stpc = stp + r * (stx - stp);
            var stpq = stp + (dp / (dp - dx)) * (stx - stp);
            stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
            brackt = true;
        }
        else if (Math.Abs(dp) < Math.Abs(dx))
        {
            var theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            var s = Max3(Math.Abs(theta), Math.Abs(dx), Math.Abs(dp));
            var gamma = s * Math.Sqrt(Math.Max(0, (theta / s) * (theta / s) - (dx / s) * (dp / s)));
            if (stp > stx) gamma = -gamma;
            var p = (gamma - dp) + theta;
            var q = (gamma + (dx - dp)) + gamma;
            var r = p / q;
            double stpc;
            if (r < 0 && gamma != 0) stpc = stp + r * (stx - stp);
            else if (stp > stx) stpc = stpmax;
            else stpc = stpmin;
            var stpq = stp + (dp / (dp - dx)) * (stx - stp);
            if (brackt)
            {
                stpf = Math.Abs(stpc - stp) < Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = stp > stx ? Math.Min(stp + 0.66 * (sty - stp), stpf) : Math.Max(stp + 0.66 * (sty - stp), stpf);
            }
            else
            {
                stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = Math.Clamp(stpf, stpmin, stpmax);
            }
        }
        else
        {
            if (brackt)
            {
                var theta = 3 * (fp - fy) / (sty - stp) + dy + dp;
                var s = Max3(Math.Abs(theta), Math.Abs(dy), Math.Abs(dp));
                var gamma = s * Math.Sqrt(Math.Max(0, (theta / s) * (theta / s) - (dy / s) * (dp / s)));
                if (stp > sty) gamma = -gamma;
                var p = (gamma - dp) + theta;
                var q = ((gamma - dp) + gamma) + dy;
                var r = p / q;
                stpf = stp + r * (sty - stp);
            }
            else stpf = stp > stx ? stpmax : stpmin;
        }
        if (fp > fx)
        {
            sty = stp; fy = fp; dy = dp;
        }
        else
        {
            if (sgnd < 0) { sty = stx; fy = fx; dy = dx; }
            stx = stp; fx = fp; dx = dp;
        }
        stp = stpf;
    }

    private static double Max3(double a, double b, double c) => Math.Max(a, Math.Max(b, c));
}
