using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>How <see cref="Ridge"/> and <see cref="RidgeClassifier"/> solve their linear system.</summary>
public enum RidgeSolver
{
    /// <summary>Cholesky for dense input, conjugate gradients for sparse input (scikit-learn's choice).</summary>
    Auto,
    /// <summary>Closed form through the normal equations (XᵀX + αI)β = Xᵀy, or the kernel form when features outnumber rows.</summary>
    Cholesky,
    /// <summary>Closed form through the singular value decomposition of X.</summary>
    Svd,
    /// <summary>Iterative LSQR with damping √α (dense or sparse).</summary>
    Lsqr,
    /// <summary>Iterative conjugate gradients on the normal equations (dense or sparse).</summary>
    SparseCg,
}

/// <summary>
/// Linear least squares with an L2 penalty (scikit-learn's <c>Ridge</c>): minimises Σ wᵢ (yᵢ − xᵢ·β − b)² + α‖β‖².
/// Accepts sparse input (conjugate gradients or LSQR on the implicitly centred matrix).
/// </summary>
public sealed record Ridge : IEstimator<RidgeModel>
{
    /// <summary>The penalty strength α (≥ 0).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Whether to fit an intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>Iteration limit of the iterative solvers (null: the solver's default).</summary>
    public int? MaxIter { get; init; }

    /// <summary>Tolerance of the iterative solvers.</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary>The solver.</summary>
    public RidgeSolver Solver { get; init; } = RidgeSolver.Auto;

    /// <summary>Constrain the coefficients to be non-negative (dense input; solved exactly as a non-negative least-squares problem).</summary>
    public bool Positive { get; init; }

    /// <inheritdoc />
    public RidgeModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        RidgeCore.Check(Alpha, Tol, MaxIter, "Ridge");
        var (features, target, w, signature) = RegressorState.Prepare(x, y, sampleWeight, "Ridge", allowSparse: !Positive);
        var (coefs, intercepts) = RidgeCore.Fit(features, [target], w, Alpha, FitIntercept, Solver, Tol, MaxIter, Positive);
        return new RidgeModel(this, new RegressorState(signature, coefs[0], intercepts[0]));
    }
}

/// <summary>A fitted <see cref="Ridge"/>.</summary>
public sealed class RidgeModel : LinearRegressorModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "ridge";

    internal RidgeModel(Ridge options, RegressorState state) : base("Ridge", state) => Options = options;

    /// <summary>The options the model was fitted with.</summary>
    public Ridge Options { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void Save(ModelWriter writer) => State.Save(writer, Options);

    /// <summary>Rebuilds the model from a model file.</summary>
    public static RidgeModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new RidgeModel(reader.ReadOptions<Ridge>(), RegressorState.Load(reader));
    }
}

/// <summary>The ridge solvers shared by <see cref="Ridge"/> and <see cref="RidgeClassifier"/>.</summary>
internal static class RidgeCore
{
    public static void Check(double alpha, double tol, int? maxIter, string consumer)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new AugurException($"{consumer} option 'alpha' must be a finite number ≥ 0, not {alpha}");
        if (!(tol >= 0)) throw new AugurException($"{consumer} option 'tol' must be ≥ 0, not {tol}");
        if (maxIter is < 1) throw new AugurException($"{consumer} option 'max_iter' must be at least 1, not {maxIter}");
    }

    public static (double[][] Coefs, double[] Intercepts) Fit(LinearFeatures x, double[][] y, double[]? w, double alpha, bool fitIntercept,
        RidgeSolver solver, double tol, int? maxIter, bool positive)
    {
        if (positive)
        {
            if (solver is not (RidgeSolver.Auto or RidgeSolver.Cholesky))
                throw new AugurException($"Ridge solver '{EstimatorParameters.ToSnakeCase(solver.ToString())}' does not support positive=true; use solver=auto");
            return LeastSquares.FitMulti(x.ToColumns(), y, w, fitIntercept, alpha, positive: true, RidgeSolver.Cholesky);
        }
        if (solver == RidgeSolver.Auto) solver = x.IsSparse ? RidgeSolver.SparseCg : RidgeSolver.Cholesky;
        if (solver is RidgeSolver.Cholesky or RidgeSolver.Svd)
            return LeastSquares.FitMulti(x.ToColumns(), y, w, fitIntercept, alpha, positive: false, solver);
        return Iterative(x, y, w, alpha, fitIntercept, solver, tol, maxIter);
    }

    private static (double[][] Coefs, double[] Intercepts) Iterative(LinearFeatures x, double[][] y, double[]? w, double alpha, bool fitIntercept,
        RidgeSolver solver, double tol, int? maxIter)
    {
        var n = x.Rows;
        var p = x.Cols;
        var t = y.Length;
        var sqrtW = LinearMath.Sqrt(w);
        ILinearOperator op;
        double[] xMean;
        if (x.Sparse is { } sp)
        {
            xMean = fitIntercept ? LinearMath.ColumnMeans(sp, w) : new double[p];
            op = new CenteredSparseOperator(sp, fitIntercept ? xMean : null, sqrtW);
        }
        else
        {
            var d = x.Dense!;
            xMean = fitIntercept ? Centering.Means(d, w) : new double[p];
            var centred = LinearMath.CenteredAugmented(d, xMean, null, [], sqrtW);
            op = new DenseOperator(centred);
        }
        var coefs = new double[t][];
        var intercepts = new double[t];
        for (var k = 0; k < t; k++)
        {
            var yk = y[k];
            var (rhs, yMean) = LinearMath.CenteredTarget(yk, w, sqrtW, fitIntercept);
            double[] coef;
            if (solver == RidgeSolver.Lsqr)
                coef = LinAlg.Lsqr(op, rhs, Math.Sqrt(alpha), tol, tol, maxIter ?? 2 * p).X;
            else if (p > n)
            {
                var tmpP = new double[p];
                var (dual, _) = LinAlg.ConjugateGradient((v, r) =>
                {
                    op.ApplyTranspose(v, tmpP);
                    op.Apply(tmpP, r);
                    TensorPrimitives.MultiplyAdd(v, alpha, r, r);
                }, rhs, tol, maxIter ?? 10 * n);
                coef = new double[p];
                op.ApplyTranspose(dual, coef);
            }
            else
            {
                var tmpN = new double[n];
                var b = new double[p];
                op.ApplyTranspose(rhs, b);
                coef = LinAlg.ConjugateGradient((v, r) =>
                {
                    op.Apply(v, tmpN);
                    op.ApplyTranspose(tmpN, r);
                    TensorPrimitives.MultiplyAdd(v, alpha, r, r);
                }, b, tol, maxIter ?? 10 * p).X;
            }
            coefs[k] = coef;
            intercepts[k] = fitIntercept ? yMean - TensorPrimitives.Dot(xMean, coef) : 0.0;
        }
        return (coefs, intercepts);
    }
}
