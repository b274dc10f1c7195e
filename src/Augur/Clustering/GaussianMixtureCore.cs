using System.Numerics.Tensors;
using Augur.Numerics;

namespace Augur.Clustering;

/// <summary>The shape of each mixture component's covariance matrix.</summary>
public enum CovarianceType
{
    /// <summary>Each component has its own general covariance matrix.</summary>
    Full,
    /// <summary>All components share one general covariance matrix.</summary>
    Tied,
    /// <summary>Each component has its own diagonal covariance matrix.</summary>
    Diag,
    /// <summary>Each component has its own single variance.</summary>
    Spherical,
}

/// <summary>
/// The parameters of a Gaussian mixture and its E and M steps (Dempster, Laird and Rubin 1977; Bishop 2006, §9.2), with
/// covariances kept through the Cholesky factors of the precisions as scikit-learn does. Arrays are flat in scikit-learn's
/// C order: means k × d; covariances and precision factors k × d × d (full), d × d (tied), k × d (diag) or k (spherical).
/// </summary>
internal sealed class GmmParameters
{
    public GmmParameters(CovarianceType type, int k, int d, double[] weights, double[] means, double[] covariances, double[] precisionsCholesky)
    {
        Type = type;
        K = k;
        D = d;
        Weights = weights;
        Means = means;
        Covariances = covariances;
        PrecisionsCholesky = precisionsCholesky;
    }

    public CovarianceType Type { get; }
    public int K { get; }
    public int D { get; }
    public double[] Weights { get; }
    public double[] Means { get; }
    public double[] Covariances { get; }
    public double[] PrecisionsCholesky { get; }

    public static int CovarianceLength(CovarianceType type, int k, int d) => type switch
    {
        CovarianceType.Full => k * d * d,
        CovarianceType.Tied => d * d,
        CovarianceType.Diag => k * d,
        _ => k,
    };

    public static int[] CovarianceShape(CovarianceType type, int k, int d) => type switch
    {
        CovarianceType.Full => [k, d, d],
        CovarianceType.Tied => [d, d],
        CovarianceType.Diag => [k, d],
        _ => [k],
    };

    /// <summary>The number of free parameters (for BIC and AIC).</summary>
    public int FreeParameters
    {
        get
        {
            var cov = Type switch
            {
                CovarianceType.Full => K * D * (D + 1) / 2,
                CovarianceType.Tied => D * (D + 1) / 2,
                CovarianceType.Diag => K * D,
                _ => K,
            };
            return cov + K * D + K - 1;
        }
    }

    /// <summary>The precisions (inverse covariances) from their Cholesky factors, in the covariances' layout.</summary>
    public double[] Precisions()
    {
        var p = PrecisionsCholesky;
        if (Type is CovarianceType.Diag or CovarianceType.Spherical) return p.Select(v => v * v).ToArray();
        var blocks = Type == CovarianceType.Full ? K : 1;
        var d = D;
        var result = new double[blocks * d * d];
        for (var b = 0; b < blocks; b++)
        {
            var u = p.AsSpan(b * d * d, d * d);
            var o = result.AsSpan(b * d * d, d * d);
            // P = U Uᵀ
            for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++)
                {
                    var s = 0.0;
                    for (var t = 0; t < d; t++) s += u[i * d + t] * u[j * d + t];
                    o[i * d + j] = s;
                }
        }
        return result;
    }

    /// <summary>The full d × d covariance of component <paramref name="component"/>.</summary>
    public Matrix ComponentCovariance(int component)
    {
        var d = D;
        var m = new Matrix(d, d);
        switch (Type)
        {
            case CovarianceType.Full:
                Covariances.AsSpan(component * d * d, d * d).CopyTo(m.Data);
                break;
            case CovarianceType.Tied:
                Covariances.AsSpan().CopyTo(m.Data);
                break;
            case CovarianceType.Diag:
                for (var j = 0; j < d; j++) m[j, j] = Covariances[component * d + j];
                break;
            default:
                for (var j = 0; j < d; j++) m[j, j] = Covariances[component];
                break;
        }
        return m;
    }

    // ---------------------------------------------------------------- E step

    /// <summary>log(weight_k) + log N(x | μ_k, Σ_k) for every row and component.</summary>
    public Matrix WeightedLogProb(Matrix x)
    {
        var n = x.Rows;
        var d = D;
        var k = K;
        var result = new Matrix(n, k);
        var logDet = new double[k];
        var logWeights = Weights.Select(w => Math.Log(w)).ToArray();
        for (var c = 0; c < k; c++)
        {
            logDet[c] = Type switch
            {
                CovarianceType.Full => SumLogDiagonal(PrecisionsCholesky.AsSpan(c * d * d, d * d), d),
                CovarianceType.Tied => SumLogDiagonal(PrecisionsCholesky, d),
                CovarianceType.Diag => SumLog(PrecisionsCholesky.AsSpan(c * d, d)),
                _ => d * Math.Log(PrecisionsCholesky[c]),
            };
        }
        var constant = d * Math.Log(2 * Math.PI);
        var precisionsDiag = Type == CovarianceType.Diag ? PrecisionsCholesky.Select(v => v * v).ToArray() : null;
        var chunks = new RowChunks(n, 1, 512);
        chunks.For(KMeansCore.IsLarge(n, k, d * (Type is CovarianceType.Full or CovarianceType.Tied ? d : 1)), ch =>
        {
            var diff = new double[d];
            var y = new double[d];
            for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
            {
                var row = x.Row(i);
                var o = result.Row(i);
                for (var c = 0; c < k; c++)
                {
                    TensorPrimitives.Subtract(row, Means.AsSpan(c * d, d), diff);
                    double maha;
                    switch (Type)
                    {
                        case CovarianceType.Full:
                        case CovarianceType.Tied:
                        {
                            var u = Type == CovarianceType.Full ? PrecisionsCholesky.AsSpan(c * d * d, d * d) : PrecisionsCholesky.AsSpan();
                            // y = diff · U with U upper triangular.
                            Array.Clear(y);
                            for (var a = 0; a < d; a++)
                            {
                                var v = diff[a];
                                if (v != 0) DeterministicOps.AddScaledTo(y.AsSpan(a), u.Slice(a * d + a, d - a), v);
                            }
                            maha = DeterministicOps.Dot(y, y);
                            break;
                        }
                        case CovarianceType.Diag:
                        {
                            var p = precisionsDiag.AsSpan(c * d, d);
                            maha = 0;
                            for (var j = 0; j < d; j++) maha += diff[j] * diff[j] * p[j];
                            break;
                        }
                        default:
                        {
                            var pc = PrecisionsCholesky[c];
                            maha = DeterministicOps.Dot(diff, diff) * pc * pc;
                            break;
                        }
                    }
                    o[c] = -0.5 * (constant + maha) + logDet[c] + logWeights[c];
                }
            }
        });
        return result;
    }

    private static double SumLogDiagonal(ReadOnlySpan<double> m, int d)
    {
        var s = 0.0;
        for (var j = 0; j < d; j++) s += Math.Log(m[j * d + j]);
        return s;
    }

    private static double SumLog(ReadOnlySpan<double> v)
    {
        var s = 0.0;
        foreach (var x in v) s += Math.Log(x);
        return s;
    }

    /// <summary>Turns weighted log probabilities into log responsibilities in place; returns each row's log-sum-exp.</summary>
    public static double[] NormalizeLogProb(Matrix weighted)
    {
        var n = weighted.Rows;
        var norm = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = weighted.Row(i);
            var lse = LogSumExp(row);
            norm[i] = lse;
            if (double.IsNegativeInfinity(lse)) continue;
            TensorPrimitives.Subtract(row, lse, row);
        }
        return norm;
    }

    /// <summary>log Σ exp(v), stable: the largest term is factored out.</summary>
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        var max = double.NegativeInfinity;
        foreach (var x in v) if (x > max) max = x;
        if (double.IsNegativeInfinity(max)) return max;
        if (double.IsPositiveInfinity(max)) return max;
        var s = 0.0;
        foreach (var x in v) s += Math.Exp(x - max);
        return max + Math.Log(s);
    }

    // ---------------------------------------------------------------- M step

    /// <summary>
    /// Weights (normalised to sum to 1 only when <paramref name="normalizeBy"/> is null), means and covariances from
    /// responsibilities, plus the precision factors.
    /// </summary>
    public static GmmParameters Estimate(Matrix x, Matrix resp, CovarianceType type, double regCovar, double? normalizeBy)
    {
        var n = x.Rows;
        var d = x.Cols;
        var k = resp.Cols;
        var chunks = new RowChunks(n, (long)k * (d + 1), 512);
        var large = KMeansCore.IsLarge(n, k, d);
        // nk and respᵀ X in fixed chunks.
        var partNk = new double[chunks.Count * k];
        var partRx = new double[chunks.Count * k * d];
        chunks.For(large, ch =>
        {
            var nk = partNk.AsSpan(ch * k, k);
            var rx = partRx.AsSpan(ch * k * d, k * d);
            for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
            {
                var r = resp.Row(i);
                var row = x.Row(i);
                for (var c = 0; c < k; c++)
                {
                    if (r[c] == 0) continue;
                    nk[c] += r[c];
                    DeterministicOps.AddScaledTo(rx.Slice(c * d, d), row, r[c]);
                }
            }
        });
        var nkTotal = new double[k];
        var means = new double[k * d];
        for (var ch = 0; ch < chunks.Count; ch++)
        {
            TensorPrimitives.Add(nkTotal, partNk.AsSpan(ch * k, k), nkTotal);
            TensorPrimitives.Add(means, partRx.AsSpan(ch * k * d, k * d), means);
        }
        // As scikit-learn: a tiny amount keeps empty components from dividing by zero.
        const double tiny = 10 * 2.220446049250313e-16;
        for (var c = 0; c < k; c++) nkTotal[c] += tiny;
        for (var c = 0; c < k; c++) TensorPrimitives.Divide(means.AsSpan(c * d, d), nkTotal[c], means.AsSpan(c * d, d));

        var cov = new double[CovarianceLength(type, k, d)];
        switch (type)
        {
            case CovarianceType.Full:
            {
                var part = new double[chunks.Count * k * d * d];
                chunks.For(large, ch =>
                {
                    var acc = part.AsSpan(ch * k * d * d, k * d * d);
                    var diff = new double[d];
                    for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
                    {
                        var r = resp.Row(i);
                        var row = x.Row(i);
                        for (var c = 0; c < k; c++)
                        {
                            if (r[c] == 0) continue;
                            TensorPrimitives.Subtract(row, means.AsSpan(c * d, d), diff);
                            var block = acc.Slice(c * d * d, d * d);
                            for (var a = 0; a < d; a++)
                            {
                                var v = r[c] * diff[a];
                                if (v == 0) continue;
                                DeterministicOps.AddScaledTo(block.Slice(a * d + a, d - a), diff.AsSpan(a), v);
                            }
                        }
                    }
                });
                for (var ch = 0; ch < chunks.Count; ch++) TensorPrimitives.Add(cov, part.AsSpan(ch * k * d * d, k * d * d), cov);
                for (var c = 0; c < k; c++)
                {
                    var block = cov.AsSpan(c * d * d, d * d);
                    for (var a = 0; a < d; a++)
                        for (var b = a; b < d; b++)
                        {
                            var v = block[a * d + b] / nkTotal[c];
                            block[a * d + b] = v;
                            block[b * d + a] = v;
                        }
                    for (var a = 0; a < d; a++) block[a * d + a] += regCovar;
                }
                break;
            }
            case CovarianceType.Tied:
            {
                var gram = Gram(x, chunks, large);
                var total = DeterministicOps.Sum(nkTotal);
                for (var a = 0; a < d; a++)
                    for (var b = 0; b < d; b++)
                    {
                        var m2 = 0.0;
                        for (var c = 0; c < k; c++) m2 += nkTotal[c] * means[c * d + a] * means[c * d + b];
                        cov[a * d + b] = (gram[a, b] - m2) / total;
                    }
                for (var a = 0; a < d; a++) cov[a * d + a] += regCovar;
                break;
            }
            default:
            {
                // E_r[x²] − 2 μ·E_r[x] + μ² + reg, per component and feature.
                var part = new double[chunks.Count * k * d];
                chunks.For(large, ch =>
                {
                    var acc = part.AsSpan(ch * k * d, k * d);
                    var sq = new double[d];
                    for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
                    {
                        var r = resp.Row(i);
                        var row = x.Row(i);
                        TensorPrimitives.Multiply(row, row, sq);
                        for (var c = 0; c < k; c++)
                            if (r[c] != 0) DeterministicOps.AddScaledTo(acc.Slice(c * d, d), sq, r[c]);
                    }
                });
                var diag = new double[k * d];
                for (var ch = 0; ch < chunks.Count; ch++) TensorPrimitives.Add(diag, part.AsSpan(ch * k * d, k * d), diag);
                for (var c = 0; c < k; c++)
                    for (var j = 0; j < d; j++)
                    {
                        var mu = means[c * d + j];
                        var avgX2 = diag[c * d + j] / nkTotal[c];
                        var avgXMeans = mu * mu;
                        diag[c * d + j] = avgX2 - 2 * avgXMeans + mu * mu + regCovar;
                    }
                if (type == CovarianceType.Diag) diag.CopyTo(cov, 0);
                else
                    for (var c = 0; c < k; c++) cov[c] = DeterministicOps.Sum(diag.AsSpan(c * d, d)) / d;
                break;
            }
        }
        var weights = (double[])nkTotal.Clone();
        var denominator = normalizeBy ?? DeterministicOps.Sum(weights);
        TensorPrimitives.Divide(weights, denominator, weights);
        return new GmmParameters(type, k, d, weights, means, cov, PrecisionCholesky(cov, type, k, d));
    }

    /// <summary>Xᵀ X, summed in fixed row chunks (upper triangle, mirrored).</summary>
    private static Matrix Gram(Matrix x, RowChunks chunks, bool large)
    {
        var d = x.Cols;
        var part = new double[chunks.Count * d * d];
        chunks.For(large, ch =>
        {
            var acc = part.AsSpan(ch * d * d, d * d);
            for (var i = chunks.Start(ch); i < chunks.End(ch); i++)
            {
                var row = x.Row(i);
                for (var a = 0; a < d; a++)
                    if (row[a] != 0) DeterministicOps.AddScaledTo(acc.Slice(a * d + a, d - a), row[a..], row[a]);
            }
        });
        var g = new Matrix(d, d);
        for (var ch = 0; ch < chunks.Count; ch++) DeterministicOps.AddTo(g.Data, part.AsSpan(ch * d * d, d * d));
        for (var a = 0; a < d; a++)
            for (var b = 0; b < a; b++) g[a, b] = g[b, a];
        return g;
    }

    /// <summary>
    /// The Cholesky factors of the precisions: for Σ = L Lᵀ, U = (L⁻¹)ᵀ (upper triangular), so that Σ⁻¹ = U Uᵀ; for diagonal
    /// and spherical covariances, 1/√σ².
    /// </summary>
    public static double[] PrecisionCholesky(double[] cov, CovarianceType type, int k, int d)
    {
        const string Failure = "fitting the Gaussian mixture failed because some components have an ill-defined empirical covariance (for instance caused by singleton or collapsed samples); decrease the number of components or increase reg_covar";
        if (type is CovarianceType.Diag or CovarianceType.Spherical)
        {
            var result = new double[cov.Length];
            for (var i = 0; i < cov.Length; i++)
            {
                if (!(cov[i] > 0)) throw new AugurException(Failure);
                result[i] = 1.0 / Math.Sqrt(cov[i]);
            }
            return result;
        }
        var blocks = type == CovarianceType.Full ? k : 1;
        var output = new double[blocks * d * d];
        var l = new double[d * d];
        for (var b = 0; b < blocks; b++)
        {
            var s = cov.AsSpan(b * d * d, d * d);
            if (!Cholesky(s, l, d)) throw new AugurException(Failure);
            // Solve L Z = I (Z lower triangular), then U = Zᵀ.
            var u = output.AsSpan(b * d * d, d * d);
            for (var col = 0; col < d; col++)
            {
                for (var i = 0; i < d; i++)
                {
                    var v = i == col ? 1.0 : 0.0;
                    for (var t = 0; t < i; t++) v -= l[i * d + t] * u[col * d + t];
                    // u[col, i] holds Z[i, col]
                    u[col * d + i] = i < col ? 0.0 : v / l[i * d + i];
                }
            }
            // u now holds Zᵀ row by row: row col = column col of Z, i.e. U = Zᵀ (upper triangular).
        }
        return output;
    }

    /// <summary>Cholesky factor L (lower) of a symmetric matrix; false when it is not positive definite.</summary>
    public static bool Cholesky(ReadOnlySpan<double> a, Span<double> l, int d)
    {
        l.Clear();
        for (var j = 0; j < d; j++)
        {
            var s = a[j * d + j];
            for (var t = 0; t < j; t++) s -= l[j * d + t] * l[j * d + t];
            if (!(s > 0)) return false;
            var diag = Math.Sqrt(s);
            l[j * d + j] = diag;
            for (var i = j + 1; i < d; i++)
            {
                var v = a[i * d + j];
                for (var t = 0; t < j; t++) v -= l[i * d + t] * l[j * d + t];
                l[i * d + j] = v / diag;
            }
        }
        return true;
    }
}
