using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>
/// Ordinary least squares (scikit-learn's <c>LinearRegression</c>): minimises Σ wᵢ (yᵢ − xᵢ·β − b)². Rank-deficient
/// designs get the minimum-norm solution, as <c>scipy.linalg.lstsq</c> gives. Sparse input is solved with LSQR on the
/// implicitly centred matrix.
/// </summary>
public sealed record LinearRegression : IEstimator<LinearRegressionModel>
{
    /// <summary>Whether to fit an intercept (the data are centred first).</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>Constrain the coefficients to be non-negative (non-negative least squares).</summary>
    public bool Positive { get; init; }

    /// <inheritdoc />
    public LinearRegressionModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var (features, target, w, signature) = RegressorState.Prepare(x, y, sampleWeight, "LinearRegression", allowSparse: !Positive);
        var (coef, intercept) = features.IsSparse
            ? SparseFit(features.Sparse!, target, w)
            : LeastSquares.Fit(features.ToColumns(), target, w, FitIntercept, alpha: 0, Positive);
        return new LinearRegressionModel(this, new RegressorState(signature, coef, intercept));
    }

    private (double[] Coef, double Intercept) SparseFit(CsrMatrix x, double[] y, double[]? w)
    {
        var sqrtW = LinearMath.Sqrt(w);
        var mean = FitIntercept ? LinearMath.ColumnMeans(x, w) : null;
        var (rhs, yMean) = LinearMath.CenteredTarget(y, w, sqrtW, FitIntercept);
        var op = new CenteredSparseOperator(x, mean, sqrtW);
        var (coef, _) = LinAlg.Lsqr(op, rhs, 0, 1e-14, 1e-14, Math.Max(100, 4 * x.Cols));
        var intercept = FitIntercept ? yMean - TensorPrimitives.Dot(mean!, coef) : 0.0;
        return (coef, intercept);
    }
}

/// <summary>A fitted <see cref="LinearRegression"/>.</summary>
public sealed class LinearRegressionModel : LinearRegressorModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "linear_regression";

    internal LinearRegressionModel(LinearRegression options, RegressorState state) : base("LinearRegression", state) => Options = options;

    /// <summary>The options the model was fitted with.</summary>
    public LinearRegression Options { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void Save(ModelWriter writer) => State.Save(writer, Options);

    /// <summary>Rebuilds the model from a model file.</summary>
    public static LinearRegressionModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new LinearRegressionModel(reader.ReadOptions<LinearRegression>(), RegressorState.Load(reader));
    }
}

/// <summary>Dense least squares and ridge solvers on centred data (closed forms), reading the design column by column.</summary>
internal static class LeastSquares
{
    /// <summary>
    /// Fits min Σ wᵢ (yᵢ − xᵢ·β − b)² + α‖β‖² on dense data: returns β and b. Uses the normal equations (Cholesky on the
    /// equilibrated Gram matrix, one step of iterative refinement) when they are well conditioned, otherwise the SVD.
    /// </summary>
    public static (double[] Coef, double Intercept) Fit(ColumnSource x, double[] y, double[]? w, bool fitIntercept, double alpha, bool positive)
    {
        var (coefs, intercepts) = FitMulti(x, [y], w, fitIntercept, alpha, positive, RidgeSolver.Auto);
        return (coefs[0], intercepts[0]);
    }

    /// <summary>Multi-target version: returns one coefficient vector and intercept per target column.</summary>
    public static (double[][] Coefs, double[] Intercepts) FitMulti(ColumnSource x, double[][] y, double[]? w, bool fitIntercept, double alpha, bool positive, RidgeSolver solver)
    {
        var n = x.Rows;
        var p = x.Cols;
        var t = y.Length;
        var sqrtW = LinearMath.Sqrt(w);
        var xMean = fitIntercept ? Centering.Means(x, w) : new double[p];
        var means = new double[p + t];
        xMean.CopyTo(means, 0);
        if (fitIntercept)
            for (var k = 0; k < t; k++) means[p + k] = LinearMath.WeightedMean(y[k], w);
        var all = x.Append(y);
        double[][] coefs;
        if (solver == RidgeSolver.Svd)
            coefs = SvdPath(Centering.RowMajor(all, means, sqrtW), p, t, alpha);
        else if (p > n && alpha > 0 && !positive)
            coefs = KernelRidge(Centering.RowMajor(all, means, sqrtW), p, t, alpha);
        else if (p > n && !positive)
            coefs = SvdPath(Centering.RowMajor(all, means, sqrtW), p, t, alpha);
        else
            coefs = GramPath(all, means, sqrtW, w, p, t, alpha, positive);
        var intercepts = new double[t];
        for (var k = 0; k < t; k++) intercepts[k] = fitIntercept ? means[p + k] - TensorPrimitives.Dot(xMean, coefs[k]) : 0.0;
        return (coefs, intercepts);
    }

    private static double[][] GramPath(ColumnSource all, double[] means, double[]? sqrtW, double[]? w, int p, int t, double alpha, bool positive)
    {
        var g = LinearKernels.CenteredGram(all, means, sqrtW);
        var q = p + t;
        var active = new List<int>();
        for (var j = 0; j < p; j++) if (g[j * q + j] > 0) active.Add(j);
        var m = active.Count;
        var coefs = new double[t][];
        for (var k = 0; k < t; k++) coefs[k] = new double[p];
        if (m == 0) return coefs;
        if (positive)
        {
            for (var k = 0; k < t; k++)
            {
                var gs = new double[m * m];
                var c = new double[m];
                for (var a = 0; a < m; a++)
                {
                    c[a] = g[active[a] * q + p + k];
                    for (var b = 0; b < m; b++) gs[a * m + b] = g[active[a] * q + active[b]] + (a == b ? alpha : 0);
                }
                var sol = LinAlg.Nnls(gs, c, m);
                for (var a = 0; a < m; a++) coefs[k][active[a]] = sol[a];
            }
            return coefs;
        }
        // Equilibrate: D (G + αI) D with D = diag(1/√(G_jj + α)) has a unit diagonal.
        var scale = new double[m];
        for (var a = 0; a < m; a++) scale[a] = 1 / Math.Sqrt(g[active[a] * q + active[a]] + alpha);
        var l = new double[m * m];
        for (var a = 0; a < m; a++)
            for (var b = 0; b < m; b++)
                l[a * m + b] = (g[active[a] * q + active[b]] + (a == b ? alpha : 0)) * scale[a] * scale[b];
        var ok = LinAlg.Cholesky(l, m, out var minPivot);
        if (!ok || (alpha == 0 && minPivot < 1e-9))
        {
            // Ill-conditioned or rank-deficient: the SVD gives the minimum-norm solution.
            var sub = SelectColumns(Centering.RowMajor(all, means, sqrtW), active, p, t);
            var sol = SvdPath(sub, m, t, alpha);
            for (var k = 0; k < t; k++)
                for (var a = 0; a < m; a++) coefs[k][active[a]] = sol[k][a];
            return coefs;
        }
        for (var k = 0; k < t; k++)
        {
            var rhs = new double[m];
            for (var a = 0; a < m; a++) rhs[a] = g[active[a] * q + p + k] * scale[a];
            LinAlg.CholeskySolve(l, m, rhs);
            for (var a = 0; a < m; a++) coefs[k][active[a]] = rhs[a] * scale[a];
        }
        // The normal equations lose accuracy as cond(G) grows; refine once from the data when the pivots say so.
        if (minPivot < 1e-3) Refine(all, means, w, p, t, alpha, coefs, active, l, scale);
        return coefs;
    }

    /// <summary>
    /// One step of iterative refinement: r = Xcᵀ W (yc − Xc β) − αβ recomputed from the data (column by column, in fixed
    /// row blocks), then β += (G + αI)⁻¹ r.
    /// </summary>
    private static void Refine(ColumnSource all, double[] means, double[]? w, int p, int t, double alpha, double[][] coefs, List<int> active, double[] l, double[] scale)
    {
        var n = all.Rows;
        var blocks = LinearMath.BlockCount(n, 2L * p * t);
        var partial = new double[blocks][];
        var shift = new double[t];
        for (var k = 0; k < t; k++) shift[k] = TensorPrimitives.Dot(means.AsSpan(0, p), coefs[k]) - means[p + k];
        LinearMath.For(blocks, b =>
        {
            var acc = new double[t * p];
            var (s, e) = LinearMath.BlockRange(n, blocks, b);
            var len = e - s;
            var res = new double[len];
            for (var k = 0; k < t; k++)
            {
                // res = w ∘ ((y − ȳ) − (X − μ)β)
                all[p + k].Slice(s, len).CopyTo(res);
                TensorPrimitives.Add(res, shift[k], res);
                for (var j = 0; j < p; j++)
                    if (coefs[k][j] != 0) TensorPrimitives.MultiplyAdd(all[j].Slice(s, len), -coefs[k][j], res, res);
                if (w is not null) TensorPrimitives.Multiply(res, w.AsSpan(s, len), res);
                var sum = TensorPrimitives.Sum<double>(res);
                for (var j = 0; j < p; j++) acc[k * p + j] = TensorPrimitives.Dot(all[j].Slice(s, len), res) - means[j] * sum;
            }
            partial[b] = acc;
        });
        var total = new double[t * p];
        foreach (var a in partial) TensorPrimitives.Add(total, a, total);
        var m = active.Count;
        for (var k = 0; k < t; k++)
        {
            var rhs = new double[m];
            for (var a = 0; a < m; a++) rhs[a] = (total[k * p + active[a]] - alpha * coefs[k][active[a]]) * scale[a];
            LinAlg.CholeskySolve(l, m, rhs);
            for (var a = 0; a < m; a++) coefs[k][active[a]] += rhs[a] * scale[a];
        }
    }

    private static Matrix SelectColumns(Matrix aug, List<int> active, int p, int t)
    {
        var m = active.Count;
        var sub = new Matrix(aug.Rows, m + t);
        for (var i = 0; i < aug.Rows; i++)
        {
            var src = aug.Row(i);
            var dst = sub.Row(i);
            for (var a = 0; a < m; a++) dst[a] = src[active[a]];
            for (var k = 0; k < t; k++) dst[m + k] = src[p + k];
        }
        return sub;
    }

    private static double[][] SvdPath(Matrix aug, int p, int t, double alpha)
    {
        var x = new Matrix(aug.Rows, p);
        var rhs = new double[t][];
        for (var k = 0; k < t; k++) rhs[k] = new double[aug.Rows];
        for (var i = 0; i < aug.Rows; i++)
        {
            var row = aug.Row(i);
            row[..p].CopyTo(x.Row(i));
            for (var k = 0; k < t; k++) rhs[k][i] = row[p + k];
        }
        if (alpha == 0)
        {
            // Minimum-norm least squares: singular values below max(n, p)·eps·σ_max count as zero (NumPy's rcond).
            var rcond = Math.Max(aug.Rows, p) * 2.220446049250313e-16;
            return LinAlg.SvdSolve(x, rhs, (s, smax) => s > rcond * smax ? 1 / s : 0);
        }
        // scikit-learn's svd solver treats σ ≤ 1e-15 as zero.
        return LinAlg.SvdSolve(x, rhs, (s, _) => s > 1e-15 ? s / (s * s + alpha) : 0);
    }

    private static double[][] KernelRidge(Matrix aug, int p, int t, double alpha)
    {
        var n = aug.Rows;
        var x = new Matrix(n, p);
        for (var i = 0; i < n; i++) aug.Row(i)[..p].CopyTo(x.Row(i));
        var k = DenseOps.MultiplyTransposed(x, x);
        for (var i = 0; i < n; i++) k.Data[i * n + i] += alpha;
        var l = k.Data;
        if (!LinAlg.Cholesky(l, n, out _)) return SvdPath(aug, p, t, alpha);
        var coefs = new double[t][];
        for (var c = 0; c < t; c++)
        {
            var dual = new double[n];
            for (var i = 0; i < n; i++) dual[i] = aug[i, p + c];
            LinAlg.CholeskySolve(l, n, dual);
            var coef = new double[p];
            DenseOps.MatTVec(x, dual, coef);
            coefs[c] = coef;
        }
        return coefs;
    }
}
