using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using Augur.Numerics;

namespace Augur.Linear;

/// <summary>The penalty of the SGD models.</summary>
public enum SgdPenalty
{
    /// <summary>α/2·‖w‖².</summary>
    L2,
    /// <summary>α·‖w‖₁ (truncated-gradient updates).</summary>
    L1,
    /// <summary>α·(ρ‖w‖₁ + (1 − ρ)/2·‖w‖²).</summary>
    ElasticNet,
    /// <summary>No penalty.</summary>
    None,
}

/// <summary>The learning-rate schedule of the SGD models.</summary>
public enum SgdLearningRate
{
    /// <summary>η = 1/(α·(t₀ + t)) with Bottou's heuristic t₀.</summary>
    Optimal,
    /// <summary>η = eta0.</summary>
    Constant,
    /// <summary>η = eta0 / t^power_t.</summary>
    InvScaling,
    /// <summary>η = eta0, divided by 5 each time n_iter_no_change epochs bring no improvement.</summary>
    Adaptive,
}

/// <summary>The losses the SGD engine knows (classification losses take y ∈ {−1, +1}).</summary>
internal enum SgdLossKind { Hinge, Perceptron, SquaredHinge, Log, ModifiedHuber, SquaredError, Huber, EpsilonInsensitive, SquaredEpsilonInsensitive }

internal readonly record struct SgdLoss(SgdLossKind Kind, double Epsilon)
{
    public double Loss(double p, double y)
    {
        switch (Kind)
        {
            case SgdLossKind.Hinge: return Math.Max(0, 1 - p * y);
            case SgdLossKind.Perceptron: return Math.Max(0, -p * y);
            case SgdLossKind.SquaredHinge: { var z = 1 - p * y; return z > 0 ? z * z : 0; }
            case SgdLossKind.Log: return LinearMath.Log1pExp(-p * y);
            case SgdLossKind.ModifiedHuber:
            {
                var z = p * y;
                return z >= 1 ? 0 : z >= -1 ? (1 - z) * (1 - z) : -4 * z;
            }
            case SgdLossKind.SquaredError: return 0.5 * (p - y) * (p - y);
            case SgdLossKind.Huber:
            {
                var r = Math.Abs(p - y);
                return r <= Epsilon ? 0.5 * r * r : Epsilon * r - 0.5 * Epsilon * Epsilon;
            }
            case SgdLossKind.EpsilonInsensitive: return Math.Max(0, Math.Abs(y - p) - Epsilon);
            default: { var z = Math.Abs(y - p) - Epsilon; return z > 0 ? z * z : 0; }
        }
    }

    public double DLoss(double p, double y)
    {
        switch (Kind)
        {
            case SgdLossKind.Hinge: return p * y <= 1 ? -y : 0;
            case SgdLossKind.Perceptron: return p * y <= 0 ? -y : 0;
            case SgdLossKind.SquaredHinge: { var z = 1 - p * y; return z > 0 ? -2 * y * z : 0; }
            case SgdLossKind.Log:
            {
                var z = p * y;
                if (z > 18) return -y * Math.Exp(-z);
                if (z < -18) return -y;
                return -y / (Math.Exp(z) + 1);
            }
            case SgdLossKind.ModifiedHuber:
            {
                var z = p * y;
                return z >= 1 ? 0 : z >= -1 ? -2 * (1 - z) * y : -4 * y;
            }
            case SgdLossKind.SquaredError: return p - y;
            case SgdLossKind.Huber:
            {
                var r = p - y;
                return Math.Abs(r) <= Epsilon ? r : r > 0 ? Epsilon : -Epsilon;
            }
            case SgdLossKind.EpsilonInsensitive: return y - p > Epsilon ? -1 : p - y > Epsilon ? 1 : 0;
            default: return y - p > Epsilon ? -2 * (y - p - Epsilon) : p - y > Epsilon ? 2 * (p - y - Epsilon) : 0;
        }
    }
}

/// <summary>The options the SGD engine reads, shared by the classifier and the regressor.</summary>
internal sealed record SgdSettings(
    SgdLoss Loss, SgdPenalty Penalty, double Alpha, double L1Ratio, bool FitIntercept, int MaxIter, double? Tol, bool Shuffle,
    SgdLearningRate LearningRate, double Eta0, double PowerT, bool EarlyStopping, double ValidationFraction, int NIterNoChange,
    int Average, bool Classification);

/// <summary>
/// Plain stochastic gradient descent for one linear output (Bottou's SGD as in scikit-learn's <c>plain_sgd</c>): the
/// weights are kept as a scale times a vector so L2 shrinkage costs O(1); L1 uses the cumulative truncated gradient of
/// Tsuruoka, Tsujii and Ananiadou (2009) on the features of each row; averaging (ASGD) keeps the running mean of the
/// weights lazily. Each step costs O(non-zeros of the row).
/// </summary>
internal static class SgdEngine
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double[] W, double B, int Epochs) Fit(LinearFeatures x, double[] y, double[] weights, SgdSettings s, long seed, int[]? stratify)
    {
        var n = x.Rows;
        var p = x.Cols;
        var rng = new Rng(seed);
        // Early stopping keeps a validation split out of training.
        int[] train;
        int[] validation = [];
        if (s.EarlyStopping)
        {
            (train, validation) = Split(n, s.ValidationFraction, stratify, rng);
        }
        else train = Enumerable.Range(0, n).ToArray();
        var m = train.Length;
        var dense = x.Dense;
        var sparse = x.Sparse;
        var all = Enumerable.Range(0, p).ToArray();
        var decay = sparse is not null ? 0.01 : 1.0;

        var v = new double[p];
        var scale = 1.0;
        var b = 0.0;
        var averaging = s.Average > 0;
        var avgU = averaging ? new double[p] : null;
        var avgS = 0.0;
        var avgB = 0.0;
        var avgCount = 0L;
        var q = s.Penalty is SgdPenalty.L1 or SgdPenalty.ElasticNet ? new double[p] : null;
        var u = 0.0;

        var optimalInit = 0.0;
        if (s.LearningRate == SgdLearningRate.Optimal)
        {
            var typw = Math.Sqrt(1.0 / Math.Sqrt(s.Alpha));
            var eta0 = typw / Math.Max(1.0, s.Loss.DLoss(-typw, 1.0));
            optimalInit = 1.0 / (eta0 * s.Alpha);
        }
        var eta = s.Eta0;
        var t = 1.0;
        var bestLoss = double.PositiveInfinity;
        var bestScore = double.NegativeInfinity;
        var noImprovement = 0;
        var epoch = 0;
        var l2 = s.Penalty is SgdPenalty.L2 or SgdPenalty.ElasticNet;
        var l2Factor = s.Penalty == SgdPenalty.L2 ? 1.0 : 1 - s.L1Ratio;
        var l1Factor = s.Penalty == SgdPenalty.L1 ? 1.0 : s.L1Ratio;
        for (; epoch < s.MaxIter; epoch++)
        {
            if (s.Shuffle) rng.Shuffle(train.AsSpan());
            var sumLoss = 0.0;
            for (var r = 0; r < m; r++)
            {
                Prefetch.Ahead(train, r, dense, sparse, y, weights);
                var i = train[r];
                ReadOnlySpan<int> idx = dense is not null ? all : sparse!.RowIndices(i);
                ReadOnlySpan<double> val = dense is not null ? dense.Row(i) : sparse!.RowValues(i);
                var dot = dense is not null ? TensorPrimitives.Dot(val, v) : LinearMath.SparseDot(idx, val, v);
                var pred = dot * scale + b;
                if (s.LearningRate == SgdLearningRate.Optimal) eta = 1.0 / (s.Alpha * (optimalInit + t - 1));
                else if (s.LearningRate == SgdLearningRate.InvScaling) eta = s.Eta0 / Math.Pow(t, s.PowerT);
                var yi = y[i];
                sumLoss += s.Loss.Loss(pred, yi);
                var dloss = Math.Clamp(s.Loss.DLoss(pred, yi), -1e12, 1e12);
                var update = -eta * dloss * weights[i];
                if (l2) scale *= Math.Max(0, 1 - l2Factor * eta * s.Alpha);
                if (scale < 1e-9)
                {
                    // Fold the scale into the vector (and keep the lazy average consistent).
                    for (var j = 0; j < p; j++)
                    {
                        var nv = v[j] * scale;
                        if (avgU is not null) avgU[j] += avgS * (nv - v[j]);
                        v[j] = nv;
                    }
                    scale = 1;
                }
                if (update != 0)
                {
                    var step = update / scale;
                    for (var k = 0; k < idx.Length; k++)
                    {
                        var j = idx[k];
                        var dv = step * val[k];
                        v[j] += dv;
                        if (avgU is not null) avgU[j] += avgS * dv;
                    }
                    if (s.FitIntercept) b += update * decay;
                }
                if (q is not null)
                {
                    u += l1Factor * eta * s.Alpha;
                    for (var k = 0; k < idx.Length; k++)
                    {
                        var j = idx[k];
                        var before = v[j];
                        var wj = before * scale;
                        double nw;
                        if (wj > 0) nw = Math.Max(0, wj - (u + q[j]));
                        else if (wj < 0) nw = Math.Min(0, wj + (u - q[j]));
                        else continue;
                        v[j] = nw / scale;
                        q[j] += nw - wj;
                        if (avgU is not null) avgU[j] += avgS * (v[j] - before);
                    }
                }
                if (averaging && t >= s.Average)
                {
                    // Σ_τ scale_τ·v_τ = S·v − U, with U accumulating S_{τ−1}·Δv.
                    avgS += scale;
                    avgCount++;
                    avgB += (b - avgB) / avgCount;
                }
                t += 1;
            }
            if (s.Tol is { } tol)
            {
                if (s.EarlyStopping)
                {
                    var score = Score(x, y, validation, v, scale, b, s.Classification, avgU, avgS, avgB, avgCount);
                    if (score < bestScore + tol) noImprovement++; else noImprovement = 0;
                    if (score > bestScore) bestScore = score;
                }
                else
                {
                    if (sumLoss > bestLoss - tol * m) noImprovement++; else noImprovement = 0;
                    if (sumLoss < bestLoss) bestLoss = sumLoss;
                }
                if (noImprovement >= s.NIterNoChange)
                {
                    if (s.LearningRate == SgdLearningRate.Adaptive && eta > 1e-6)
                    {
                        eta /= 5;
                        noImprovement = 0;
                    }
                    else { epoch++; break; }
                }
            }
        }
        var w = new double[p];
        if (averaging && avgCount > 0)
        {
            for (var j = 0; j < p; j++) w[j] = (avgS * v[j] - avgU![j]) / avgCount;
            b = avgB;
        }
        else TensorPrimitives.Multiply(v, scale, w);
        return (w, b, Math.Min(epoch, s.MaxIter));
    }

    private static double Score(LinearFeatures x, double[] y, int[] rows, double[] v, double scale, double b, bool classification,
        double[]? avgU, double avgS, double avgB, long avgCount)
    {
        if (rows.Length == 0) return 0;
        var p = v.Length;
        var w = new double[p];
        if (avgU is not null && avgCount > 0)
        {
            for (var j = 0; j < p; j++) w[j] = (avgS * v[j] - avgU[j]) / avgCount;
            b = avgB;
        }
        else TensorPrimitives.Multiply(v, scale, w);
        var correct = 0;
        var ssRes = 0.0;
        var mean = 0.0;
        foreach (var i in rows) mean += y[i];
        mean /= rows.Length;
        var ssTot = 0.0;
        foreach (var i in rows)
        {
            var pred = (x.Dense is { } d ? TensorPrimitives.Dot(d.Row(i), w) : LinearMath.SparseDot(x.Sparse!.RowIndices(i), x.Sparse.RowValues(i), w)) + b;
            if (classification) { if ((pred > 0 ? 1.0 : -1.0) == y[i]) correct++; }
            else
            {
                ssRes += (y[i] - pred) * (y[i] - pred);
                ssTot += (y[i] - mean) * (y[i] - mean);
            }
        }
        if (classification) return (double)correct / rows.Length;
        return ssTot > 0 ? 1 - ssRes / ssTot : 0;
    }

    /// <summary>A seeded train/validation split, stratified by <paramref name="stratify"/> when given.</summary>
    private static (int[] Train, int[] Validation) Split(int n, double fraction, int[]? stratify, Rng rng)
    {
        var validationCount = (int)Math.Ceiling(fraction * n);
        if (validationCount < 1 || validationCount >= n)
            throw new AugurException($"validation_fraction {fraction} leaves no rows to train or to validate on with {n} rows");
        var perm = rng.Permutation(n);
        if (stratify is null) return (perm[validationCount..], perm[..validationCount]);
        var groups = perm.GroupBy(i => stratify[i]).OrderBy(g => g.Key).ToArray();
        var validation = new List<int>();
        var train = new List<int>();
        foreach (var g in groups)
        {
            var items = g.ToArray();
            var take = (int)Math.Round(items.Length * (double)validationCount / n);
            validation.AddRange(items[..take]);
            train.AddRange(items[take..]);
        }
        if (validation.Count == 0 || train.Count == 0) return (perm[validationCount..], perm[..validationCount]);
        return (train.ToArray(), validation.ToArray());
    }
}
