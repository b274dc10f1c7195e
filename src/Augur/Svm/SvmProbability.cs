namespace Augur.Svm;

/// <summary>
/// Probability estimates for SVMs: Platt's sigmoid fitted by the Newton method with backtracking of Lin, Lin and Weng
/// (2007), and the pairwise coupling of Wu, Lin and Weng (2004, second method) for more than two classes.
/// </summary>
internal static class SvmProbability
{
    /// <summary>The smallest pairwise probability used in coupling.</summary>
    public const double MinProbability = 1e-7;

    /// <summary>
    /// Fits P(y = +1 | f) = 1 / (1 + exp(A f + B)) to decision values <paramref name="dec"/> and labels (+1 / −1), using
    /// Platt's regularised targets.
    /// </summary>
    public static (double A, double B) SigmoidTrain(ReadOnlySpan<double> dec, ReadOnlySpan<double> labels)
    {
        var l = dec.Length;
        double prior1 = 0, prior0 = 0;
        for (var i = 0; i < l; i++) if (labels[i] > 0) prior1++; else prior0++;
        const int maxIter = 100;
        const double minStep = 1e-10;
        const double sigma = 1e-12;
        const double eps = 1e-5;
        var hiTarget = (prior1 + 1.0) / (prior1 + 2.0);
        var loTarget = 1 / (prior0 + 2.0);
        var t = new double[l];
        for (var i = 0; i < l; i++) t[i] = labels[i] > 0 ? hiTarget : loTarget;
        var a = 0.0;
        var b = Math.Log((prior0 + 1.0) / (prior1 + 1.0));
        var fval = 0.0;
        for (var i = 0; i < l; i++)
        {
            var fApB = dec[i] * a + b;
            fval += fApB >= 0 ? t[i] * fApB + Math.Log(1 + Math.Exp(-fApB)) : (t[i] - 1) * fApB + Math.Log(1 + Math.Exp(fApB));
        }
        for (var iter = 0; iter < maxIter; iter++)
        {
            // Gradient and Hessian (with σ added to the diagonal for positive definiteness).
            double h11 = sigma, h22 = sigma, h21 = 0, g1 = 0, g2 = 0;
            for (var i = 0; i < l; i++)
            {
                var fApB = dec[i] * a + b;
                double p, q;
                if (fApB >= 0)
                {
                    p = Math.Exp(-fApB) / (1.0 + Math.Exp(-fApB));
                    q = 1.0 / (1.0 + Math.Exp(-fApB));
                }
                else
                {
                    p = 1.0 / (1.0 + Math.Exp(fApB));
                    q = Math.Exp(fApB) / (1.0 + Math.Exp(fApB));
                }
                var d2 = p * q;
                h11 += dec[i] * dec[i] * d2;
                h22 += d2;
                h21 += dec[i] * d2;
                var d1 = t[i] - p;
                g1 += dec[i] * d1;
                g2 += d1;
            }
            if (Math.Abs(g1) < eps && Math.Abs(g2) < eps) break;
            var det = h11 * h22 - h21 * h21;
            var dA = -(h22 * g1 - h21 * g2) / det;
            var dB = -(-h21 * g1 + h11 * g2) / det;
            var gd = g1 * dA + g2 * dB;
            var step = 1.0;
            while (step >= minStep)
            {
                var newA = a + step * dA;
                var newB = b + step * dB;
                var newf = 0.0;
                for (var i = 0; i < l; i++)
                {
                    var fApB = dec[i] * newA + newB;
                    newf += fApB >= 0 ? t[i] * fApB + Math.Log(1 + Math.Exp(-fApB)) : (t[i] - 1) * fApB + Math.Log(1 + Math.Exp(fApB));
                }
                if (newf < fval + 0.0001 * step * gd)
                {
                    a = newA;
                    b = newB;
                    fval = newf;
                    break;
                }
                step /= 2.0;
            }
            if (step < minStep) break; // line search failed
        }
        return (a, b);
    }

    /// <summary>The sigmoid 1 / (1 + exp(A f + B)), evaluated without overflow.</summary>
    public static double SigmoidPredict(double dec, double a, double b)
    {
        var fApB = dec * a + b;
        return fApB >= 0 ? Math.Exp(-fApB) / (1.0 + Math.Exp(-fApB)) : 1.0 / (1 + Math.Exp(fApB));
    }

    /// <summary>
    /// Class probabilities from pairwise probabilities r[i, j] ≈ P(y = i | y ∈ {i, j}) (Wu, Lin and Weng 2004, method 2):
    /// minimises Σᵢ Σⱼ≠ᵢ (rⱼᵢ pᵢ − rᵢⱼ pⱼ)² over the simplex by the fixed-point iteration of the paper.
    /// </summary>
    public static void Couple(int k, double[,] r, Span<double> p)
    {
        var q = new double[k, k];
        var qp = new double[k];
        var maxIter = Math.Max(100, k);
        var eps = 0.005 / k;
        for (var t = 0; t < k; t++)
        {
            p[t] = 1.0 / k;
            q[t, t] = 0;
            for (var j = 0; j < t; j++)
            {
                q[t, t] += r[j, t] * r[j, t];
                q[t, j] = q[j, t];
            }
            for (var j = t + 1; j < k; j++)
            {
                q[t, t] += r[j, t] * r[j, t];
                q[t, j] = -r[j, t] * r[t, j];
            }
        }
        for (var iter = 0; iter < maxIter; iter++)
        {
            var pQp = 0.0;
            for (var t = 0; t < k; t++)
            {
                qp[t] = 0;
                for (var j = 0; j < k; j++) qp[t] += q[t, j] * p[j];
                pQp += p[t] * qp[t];
            }
            var maxError = 0.0;
            for (var t = 0; t < k; t++)
            {
                var error = Math.Abs(qp[t] - pQp);
                if (error > maxError) maxError = error;
            }
            if (maxError < eps) break;
            for (var t = 0; t < k; t++)
            {
                var diff = (-qp[t] + pQp) / q[t, t];
                p[t] += diff;
                pQp = (pQp + diff * (diff * q[t, t] + 2 * qp[t])) / (1 + diff) / (1 + diff);
                for (var j = 0; j < k; j++)
                {
                    qp[j] = (qp[j] + diff * q[t, j]) / (1 + diff);
                    p[j] /= 1 + diff;
                }
            }
        }
    }
}
