using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Linear;

/// <summary>The order in which coordinate descent visits the features.</summary>
public enum CoordinateSelection
{
    /// <summary>Every feature in turn.</summary>
    Cyclic,
    /// <summary>A feature drawn at random (seeded) at each step; often faster when tol is above 1e-4.</summary>
    Random,
}

/// <summary>
/// Linear regression with combined L1 and L2 penalties (scikit-learn's <c>ElasticNet</c>): minimises
/// 1/(2n)·‖y − Xβ − b‖² + α·ρ·‖β‖₁ + α·(1 − ρ)/2·‖β‖² by coordinate descent, with scikit-learn's duality-gap
/// stopping rule. Sample weights are rescaled to sum to n, as scikit-learn does. Sparse input is fitted on its compressed
/// columns with implicit centring (never densified).
/// </summary>
public sealed record ElasticNet : IEstimator<ElasticNetModel>
{
    /// <summary>The overall penalty strength α (≥ 0).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>The mixing ρ ∈ [0, 1]: 1 is the lasso, 0 is ridge.</summary>
    public double L1Ratio { get; init; } = 0.5;

    /// <summary>Whether to fit an intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>
    /// Whether to run on a precomputed Gram matrix XᵀX; null decides automatically (when rows outnumber features and there are at most 2048 features). Only
    /// speed depends on it. scikit-learn's default is false; the results agree to the solver tolerance either way.
    /// </summary>
    public bool? Precompute { get; init; }

    /// <summary>The maximum number of coordinate-descent sweeps.</summary>
    public int MaxIter { get; init; } = 1000;

    /// <summary>The tolerance of the stopping rule.</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary>Constrain the coefficients to be non-negative.</summary>
    public bool Positive { get; init; }

    /// <summary>The seed for <see cref="CoordinateSelection.Random"/>.</summary>
    public int RandomState { get; init; }

    /// <summary>The order of the coordinate updates.</summary>
    public CoordinateSelection Selection { get; init; } = CoordinateSelection.Cyclic;

    /// <inheritdoc />
    public ElasticNetModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var (features, target, w, signature) = RegressorState.Prepare(x, y, sampleWeight, "ElasticNet", allowSparse: true);
        var r = ElasticNetCore.Fit(features, target, w, Alpha, L1Ratio, FitIntercept, Precompute, MaxIter, Tol, Positive, Selection, RandomState, "ElasticNet");
        return new ElasticNetModel(this, new RegressorState(signature, r.Coef, r.Intercept), r.Iterations, r.Gap);
    }
}

/// <summary>
/// Linear regression with an L1 penalty (scikit-learn's <c>Lasso</c>): minimises 1/(2n)·‖y − Xβ − b‖² + α·‖β‖₁ by
/// coordinate descent (the elastic net with ρ = 1). Accepts sparse input without densifying it.
/// </summary>
public sealed record Lasso : IEstimator<LassoModel>
{
    /// <summary>The penalty strength α (≥ 0).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Whether to fit an intercept.</summary>
    public bool FitIntercept { get; init; } = true;

    /// <summary>Whether to run on a precomputed Gram matrix; null decides automatically (see <see cref="ElasticNet.Precompute"/>).</summary>
    public bool? Precompute { get; init; }

    /// <summary>The maximum number of coordinate-descent sweeps.</summary>
    public int MaxIter { get; init; } = 1000;

    /// <summary>The tolerance of the stopping rule.</summary>
    public double Tol { get; init; } = 1e-4;

    /// <summary>Constrain the coefficients to be non-negative.</summary>
    public bool Positive { get; init; }

    /// <summary>The seed for <see cref="CoordinateSelection.Random"/>.</summary>
    public int RandomState { get; init; }

    /// <summary>The order of the coordinate updates.</summary>
    public CoordinateSelection Selection { get; init; } = CoordinateSelection.Cyclic;

    /// <inheritdoc />
    public LassoModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        var (features, target, w, signature) = RegressorState.Prepare(x, y, sampleWeight, "Lasso", allowSparse: true);
        var r = ElasticNetCore.Fit(features, target, w, Alpha, 1.0, FitIntercept, Precompute, MaxIter, Tol, Positive, Selection, RandomState, "Lasso");
        return new LassoModel(this, new RegressorState(signature, r.Coef, r.Intercept), r.Iterations, r.Gap);
    }
}

/// <summary>A fitted <see cref="ElasticNet"/>.</summary>
public sealed class ElasticNetModel : LinearRegressorModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "elastic_net";

    internal ElasticNetModel(ElasticNet options, RegressorState state, int iterations, double dualGap) : base("ElasticNet", state)
    {
        Options = options;
        Iterations = iterations;
        DualGap = dualGap;
    }

    /// <summary>The options the model was fitted with.</summary>
    public ElasticNet Options { get; }

    /// <summary>The coordinate-descent sweeps run.</summary>
    public int Iterations { get; }

    /// <summary>The duality gap at the end (in scikit-learn's unnormalised scale).</summary>
    public double DualGap { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void Save(ModelWriter writer)
    {
        State.Save(writer, Options);
        writer.Write("iterations", Iterations);
        writer.Write("dual_gap", DualGap);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static ElasticNetModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new ElasticNetModel(reader.ReadOptions<ElasticNet>(), RegressorState.Load(reader), reader.ReadInt32("iterations"), reader.ReadDouble("dual_gap"));
    }
}

/// <summary>A fitted <see cref="Lasso"/>.</summary>
public sealed class LassoModel : LinearRegressorModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "lasso";

    internal LassoModel(Lasso options, RegressorState state, int iterations, double dualGap) : base("Lasso", state)
    {
        Options = options;
        Iterations = iterations;
        DualGap = dualGap;
    }

    /// <summary>The options the model was fitted with.</summary>
    public Lasso Options { get; }

    /// <summary>The coordinate-descent sweeps run.</summary>
    public int Iterations { get; }

    /// <summary>The duality gap at the end (in scikit-learn's unnormalised scale).</summary>
    public double DualGap { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override void Save(ModelWriter writer)
    {
        State.Save(writer, Options);
        writer.Write("iterations", Iterations);
        writer.Write("dual_gap", DualGap);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static LassoModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new LassoModel(reader.ReadOptions<Lasso>(), RegressorState.Load(reader), reader.ReadInt32("iterations"), reader.ReadDouble("dual_gap"));
    }
}

/// <summary>A regularisation path: the coefficients fitted at each penalty strength, strongest penalty first.</summary>
public sealed class RegularizationPath
{
    internal RegularizationPath(double[] alphas, LinearCoefficients coefficients, double[] dualGaps, int[] iterations)
    {
        Alphas = alphas;
        Coefficients = coefficients;
        DualGaps = dualGaps;
        Iterations = iterations;
    }

    /// <summary>The penalty strengths, descending.</summary>
    public IReadOnlyList<double> Alphas { get; }

    /// <summary>The coefficients: one row per alpha, one column per feature (the transpose of scikit-learn's <c>coefs</c>).</summary>
    public LinearCoefficients Coefficients { get; }

    /// <summary>The duality gap at the end of each fit.</summary>
    public IReadOnlyList<double> DualGaps { get; }

    /// <summary>The coordinate-descent sweeps of each fit.</summary>
    public IReadOnlyList<int> Iterations { get; }
}

/// <summary>
/// Regularisation paths of the lasso and the elastic net (scikit-learn's <c>lasso_path</c> and <c>enet_path</c>):
/// coordinate descent over a decreasing grid of alphas, each fit warm-started from the previous one. As in
/// scikit-learn, the data are used as given (no centring, no intercept).
/// </summary>
public static class LinearPaths
{
    /// <summary>The lasso path.</summary>
    /// <param name="x">The design matrix (rows × features), used as given.</param>
    /// <param name="y">The target.</param>
    /// <param name="eps">alpha_min / alpha_max of the automatic grid.</param>
    /// <param name="nAlphas">The number of alphas of the automatic grid.</param>
    /// <param name="alphas">Explicit alphas (sorted descending before use), or null for the automatic grid.</param>
    /// <param name="maxIter">The maximum sweeps per alpha.</param>
    /// <param name="tol">The stopping tolerance.</param>
    /// <param name="positive">Constrain coefficients to be non-negative.</param>
    /// <param name="precompute">Use a Gram matrix (null: when rows outnumber features).</param>
    public static RegularizationPath LassoPath(Matrix x, IReadOnlyList<double> y, double eps = 1e-3, int nAlphas = 100,
        IReadOnlyList<double>? alphas = null, int maxIter = 1000, double tol = 1e-4, bool positive = false, bool? precompute = null) =>
        ElasticNetPath(x, y, 1.0, eps, nAlphas, alphas, maxIter, tol, positive, precompute);

    /// <summary>The elastic-net path for mixing <paramref name="l1Ratio"/>.</summary>
    /// <param name="x">The design matrix (rows × features), used as given.</param>
    /// <param name="y">The target.</param>
    /// <param name="l1Ratio">The mixing ρ ∈ (0, 1].</param>
    /// <param name="eps">alpha_min / alpha_max of the automatic grid.</param>
    /// <param name="nAlphas">The number of alphas of the automatic grid.</param>
    /// <param name="alphas">Explicit alphas (sorted descending before use), or null for the automatic grid.</param>
    /// <param name="maxIter">The maximum sweeps per alpha.</param>
    /// <param name="tol">The stopping tolerance.</param>
    /// <param name="positive">Constrain coefficients to be non-negative.</param>
    /// <param name="precompute">Use a Gram matrix (null: when rows outnumber features).</param>
    public static RegularizationPath ElasticNetPath(Matrix x, IReadOnlyList<double> y, double l1Ratio = 0.5, double eps = 1e-3, int nAlphas = 100,
        IReadOnlyList<double>? alphas = null, int maxIter = 1000, double tol = 1e-4, bool positive = false, bool? precompute = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.Count != x.Rows) throw new AugurException($"the target has {y.Count} values but the design has {x.Rows} rows");
        if (!(l1Ratio > 0 && l1Ratio <= 1)) throw new AugurException($"l1_ratio must lie in (0, 1] for a path with an automatic grid, not {l1Ratio}");
        ElasticNetCore.CheckOptions(1.0, l1Ratio, maxIter, tol, "ElasticNetPath");
        var n = x.Rows;
        var p = x.Cols;
        var yArr = y.ToArray();
        var all = ColumnSource.FromMatrix(x).Append([yArr]);
        var zeros = new double[p + 1];
        var useGram = precompute ?? ElasticNetCore.UseGram(n, p);
        double[]? gram = null, xy = null, yy = null;
        double[][]? cols = null;
        if (useGram)
        {
            (gram, xy, var yyv) = ElasticNetCore.SplitGram(LinearKernels.CenteredGram(all, zeros, null), p);
            yy = [yyv];
        }
        else cols = Centering.ColumnArrays(all, zeros, null)[..p];
        double[] grid;
        if (alphas is not null) grid = alphas.OrderByDescending(a => a).ToArray();
        else
        {
            if (nAlphas < 1) throw new AugurException($"n_alphas must be at least 1, not {nAlphas}");
            var xty = xy ?? Enumerable.Range(0, p).Select(j => TensorPrimitives.Dot(cols![j], yArr)).ToArray();
            var alphaMax = TensorPrimitives.MaxMagnitude<double>(xty) is var m ? Math.Abs(m) / (n * l1Ratio) : 0;
            grid = new double[nAlphas];
            if (alphaMax <= 1e-15) Array.Fill(grid, 1e-15);
            else
            {
                var hi = Math.Log10(alphaMax);
                var lo = Math.Log10(alphaMax * eps);
                for (var k = 0; k < nAlphas; k++)
                    grid[k] = Math.Pow(10, nAlphas == 1 ? lo : hi + (lo - hi) * k / (nAlphas - 1));
            }
        }
        var coefs = new double[grid.Length * p];
        var gaps = new double[grid.Length];
        var iters = new int[grid.Length];
        var w = new double[p];
        for (var k = 0; k < grid.Length; k++)
        {
            var l1 = grid[k] * l1Ratio * n;
            var l2 = grid[k] * (1 - l1Ratio) * n;
            var (it, gap) = useGram
                ? CoordinateDescent.SolveGram(gram!, xy!, yy![0], w, p, l1, l2, maxIter, tol, positive, false, null)
                : CoordinateDescent.Solve(cols!, yArr, w, l1, l2, maxIter, tol, positive, false, null);
            w.CopyTo(coefs, k * p);
            gaps[k] = gap;
            iters[k] = it;
        }
        return new RegularizationPath(grid, new LinearCoefficients(grid.Length, p, coefs), gaps, iters);
    }
}

/// <summary>The elastic-net fit shared by <see cref="Lasso"/> and <see cref="ElasticNet"/>.</summary>
internal static class ElasticNetCore
{
    public static void CheckOptions(double alpha, double l1Ratio, int maxIter, double tol, string consumer)
    {
        if (!(alpha >= 0) || double.IsInfinity(alpha)) throw new AugurException($"{consumer} option 'alpha' must be a finite number ≥ 0, not {alpha}");
        if (!(l1Ratio >= 0 && l1Ratio <= 1)) throw new AugurException($"{consumer} option 'l1_ratio' must lie in [0, 1], not {l1Ratio}");
        if (maxIter < 1) throw new AugurException($"{consumer} option 'max_iter' must be at least 1, not {maxIter}");
        if (!(tol >= 0)) throw new AugurException($"{consumer} option 'tol' must be ≥ 0, not {tol}");
    }

    public static (double[] Coef, double Intercept, int Iterations, double Gap) Fit(LinearFeatures features, double[] y, double[]? w, double alpha, double l1Ratio,
        bool fitIntercept, bool? precompute, int maxIter, double tol, bool positive, CoordinateSelection selection, int seed, string consumer)
    {
        CheckOptions(alpha, l1Ratio, maxIter, tol, consumer);
        var n = features.Rows;
        var p = features.Cols;
        if (w is not null)
        {
            var scale = n / LinearMath.Sum(w);
            var rescaled = new double[n];
            TensorPrimitives.Multiply(w, scale, rescaled);
            w = rescaled;
        }
        if (features.Sparse is { } csr && precompute != true)
            return FitSparse(csr, features, y, w, alpha, l1Ratio, fitIntercept, maxIter, tol, positive, selection, seed);
        var x = features.ToColumns();
        var means = new double[p + 1];
        if (fitIntercept)
        {
            Centering.Means(x, w).CopyTo(means, 0);
            means[p] = LinearMath.WeightedMean(y, w);
        }
        var all = x.Append([y]);
        var sqrtW = LinearMath.Sqrt(w);
        var l1 = alpha * l1Ratio * n;
        var l2 = alpha * (1 - l1Ratio) * n;
        var coef = new double[p];
        var random = selection == CoordinateSelection.Random;
        var rng = random ? new Rng(seed) : null;
        int iterations;
        double gap;
        if (precompute ?? UseGram(n, p))
        {
            var (gram, xy, yy) = SplitGram(LinearKernels.CenteredGram(all, means, sqrtW), p);
            (iterations, gap) = CoordinateDescent.SolveGram(gram, xy, yy, coef, p, l1, l2, maxIter, tol, positive, random, rng);
        }
        else
        {
            var cols = Centering.ColumnArrays(all, means, sqrtW);
            (iterations, gap) = CoordinateDescent.Solve(cols[..p], cols[p], coef, l1, l2, maxIter, tol, positive, random, rng);
        }
        var intercept = fitIntercept ? means[p] - TensorPrimitives.Dot(means.AsSpan(0, p), coef) : 0.0;
        return (coef, intercept, iterations, gap);
    }

    /// <summary>Sparse input: coordinate descent on the compressed columns, centred implicitly (X is never densified).</summary>
    private static (double[] Coef, double Intercept, int Iterations, double Gap) FitSparse(CsrMatrix csr, LinearFeatures features, double[] y, double[]? w,
        double alpha, double l1Ratio, bool fitIntercept, int maxIter, double tol, bool positive, CoordinateSelection selection, int seed)
    {
        var n = csr.Rows;
        var p = csr.Cols;
        var mean = fitIntercept ? LinearMath.ColumnMeans(csr, w) : new double[p];
        var sqrtW = LinearMath.Sqrt(w);
        var (yt, yMean) = LinearMath.CenteredTarget(y, w, sqrtW, fitIntercept);
        var coef = new double[p];
        var random = selection == CoordinateSelection.Random;
        var (iterations, gap) = CoordinateDescent.SolveSparse(SparseColumns.From(features), sqrtW, mean, yt, coef, alpha * l1Ratio * n, alpha * (1 - l1Ratio) * n,
            maxIter, tol, positive, random, random ? new Rng(seed) : null);
        var intercept = fitIntercept ? yMean - TensorPrimitives.Dot(mean, coef) : 0.0;
        return (coef, intercept, iterations, gap);
    }

    /// <summary>The automatic choice: a Gram matrix when rows outnumber features and it stays small (p ≤ 2048).</summary>
    public static bool UseGram(int n, int p) => n > p && p <= 2048;

    public static (double[] Gram, double[] Xy, double Yy) SplitGram(double[] g, int p)
    {
        var q = p + 1;
        var gram = new double[p * p];
        var xy = new double[p];
        for (var i = 0; i < p; i++)
        {
            Array.Copy(g, i * q, gram, i * p, p);
            xy[i] = g[i * q + p];
        }
        return (gram, xy, g[p * q + p]);
    }
}
