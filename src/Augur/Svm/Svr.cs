using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Svm;

/// <summary>
/// Epsilon-support vector regression (scikit-learn's <c>SVR</c>, libsvm's ε-SVR): errors smaller than
/// <see cref="Epsilon"/> are free, larger ones cost C per unit; trained by the same SMO solver as <see cref="Svc"/>
/// on the 2n-variable dual.
/// </summary>
public sealed record Svr : IEstimator<SvrModel>
{
    /// <summary>The kernel.</summary>
    public SvmKernel Kernel { get; init; } = SvmKernel.Rbf;

    /// <summary>Degree of the polynomial kernel.</summary>
    public int Degree { get; init; } = 3;

    /// <summary>Kernel coefficient γ: <c>scale</c>, <c>auto</c> or a number.</summary>
    public string Gamma { get; init; } = "scale";

    /// <summary>Independent term of the poly and sigmoid kernels.</summary>
    public double Coef0 { get; init; }

    /// <summary>Stopping tolerance on the maximal KKT violation.</summary>
    public double Tol { get; init; } = 1e-3;

    /// <summary>Regularisation: the penalty per unit of error beyond <see cref="Epsilon"/>.</summary>
    public double C { get; init; } = 1.0;

    /// <summary>Half-width of the tube within which errors are not penalised.</summary>
    public double Epsilon { get; init; } = 0.1;

    /// <summary>Use the shrinking heuristic.</summary>
    public bool Shrinking { get; init; } = true;

    /// <summary>Kernel cache size in megabytes.</summary>
    public double CacheSize { get; init; } = 200;

    /// <summary>Iteration limit; −1 uses libsvm's default.</summary>
    public int MaxIter { get; init; } = -1;

    /// <inheritdoc />
    public SvrModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string name = "SVR";
        SvmCommon.CheckOptions(name, C, Tol, CacheSize, Degree, Kernel);
        if (!(Epsilon >= 0) || !double.IsFinite(Epsilon)) throw new AugurException($"{name} option 'epsilon' must be a non-negative number, not {Epsilon}");
        var m = SvmCommon.ReadTraining(x, name);
        var target = ModelInputs.RegressionTarget(y, x.RowCount, name);
        var weights = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var gamma = KernelSpec.ResolveGamma(Gamma, m, name);
        var spec = new KernelSpec(Kernel, gamma, Degree, Coef0);
        var signature = ModelSignature.Infer(x, ModelTask.Regression, allowsMissing: false, y);
        var rows = SvmCommon.PositiveRows(weights, m.Rows);
        var sub = m.TakeRows(rows);
        var l = rows.Length;
        var kernel = new TrainingKernel(sub, spec);
        var cache = new KernelCache(kernel, CacheSize);
        var real = new int[2 * l];
        var yy = new double[2 * l];
        var p = new double[2 * l];
        var c = new double[2 * l];
        for (var i = 0; i < l; i++)
        {
            var ci = C * (weights?[rows[i]] ?? 1.0);
            var zi = target[rows[i]];
            real[i] = i; yy[i] = 1; p[i] = Epsilon - zi; c[i] = ci;
            real[i + l] = i; yy[i + l] = -1; p[i + l] = Epsilon + zi; c[i + l] = ci;
        }
        var result = SmoSolver.Solve(cache, kernel, real, yy, p, c, Tol, Shrinking, MaxIter);
        var support = new List<int>();
        var coef = new List<double>();
        for (var i = 0; i < l; i++)
        {
            var a = result.Alpha[i] - result.Alpha[i + l];
            if (a != 0)
            {
                support.Add(rows[i]);
                coef.Add(a);
            }
        }
        var sv = m.TakeRows(support.ToArray());
        return new SvrModel(this, signature, gamma, sv, support.ToArray(), coef.ToArray(), result.Rho, result.Converged);
    }
}

/// <summary>A fitted <see cref="Svr"/>.</summary>
public sealed class SvrModel : IRegressor
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "svr";

    private readonly double[] _coef;
    private readonly double _rho;
    private readonly double[] _svSq;
    private readonly KernelSpec _spec;

    internal SvrModel(Svr options, ModelSignature signature, double gamma, Matrix supportVectors, int[] support, double[] coef, double rho, bool converged)
    {
        Options = options;
        Signature = signature;
        GammaValue = gamma;
        SupportVectors = supportVectors;
        Support = support;
        _coef = coef;
        _rho = rho;
        Converged = converged;
        _spec = new KernelSpec(options.Kernel, gamma, options.Degree, options.Coef0);
        _svSq = DenseOps.RowSquaredNorms(supportVectors);
    }

    /// <summary>The options the model was fitted with.</summary>
    public Svr Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public ModelTask Task => ModelTask.Regression;

    /// <summary>The kernel coefficient γ actually used.</summary>
    public double GammaValue { get; }

    /// <summary>The support vectors, in training row order.</summary>
    public Matrix SupportVectors { get; }

    /// <summary>The training row index of each support vector.</summary>
    public IReadOnlyList<int> Support { get; }

    /// <summary>The coefficients αᵢ − αᵢ* of the support vectors (scikit-learn's <c>dual_coef_</c>).</summary>
    public IReadOnlyList<double> DualCoef => _coef;

    /// <summary>The intercept (scikit-learn's <c>intercept_</c>, −ρ).</summary>
    public double Intercept => -_rho;

    /// <summary>False when the solver stopped at the iteration limit before reaching the tolerance.</summary>
    public bool Converged { get; }

    /// <inheritdoc />
    public double[] PredictValues(Frame x)
    {
        var m = Signature.Features(x, "SVR");
        var kmat = _spec.Matrix(m, SupportVectors, _svSq);
        var result = new double[m.Rows];
        for (var r = 0; r < m.Rows; r++)
        {
            var kv = kmat.Row(r);
            var sum = 0.0;
            for (var s = 0; s < _coef.Length; s++) sum += _coef[s] * kv[s];
            result[r] = sum - _rho;
        }
        return result;
    }

    /// <inheritdoc />
    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("gamma", GammaValue);
        writer.Write("support_vectors", SupportVectors);
        writer.Write("support", Support.ToArray());
        writer.Write("dual_coef", _coef);
        writer.Write("rho", _rho);
        writer.Write("converged", Converged);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static SvrModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<Svr>();
        var signature = reader.ReadSignature("signature");
        var sv = reader.ReadMatrix("support_vectors", cols: signature.Inputs.Count);
        return new SvrModel(options, signature, reader.ReadDouble("gamma"), sv, reader.ReadInt32s("support", sv.Rows),
            reader.ReadDoubles("dual_coef", sv.Rows), reader.ReadDouble("rho"), reader.ReadBoolean("converged"));
    }
}
