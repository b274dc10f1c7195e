using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Decomposition;

/// <summary>Which solver <see cref="Pca"/> uses.</summary>
public enum PcaSolver
{
    /// <summary>
    /// Exact (<see cref="Full"/>) unless the data has many features and few components are asked for, in which case
    /// <see cref="Randomized"/>.
    /// </summary>
    Auto,
    /// <summary>
    /// Exact and deterministic: for tall data with a moderate number of features, the eigendecomposition of the
    /// centred Gram (covariance) matrix, falling back to a QR-then-SVD of the centred data when the components asked
    /// for are too small relative to the largest to be resolved that way; otherwise the SVD.
    /// </summary>
    Full,
    /// <summary>Randomized truncated SVD (Halko et al.), seeded by <see cref="Pca.RandomState"/>.</summary>
    Randomized,
}

/// <summary>
/// Principal component analysis (scikit-learn's <c>PCA</c>): projects centred data onto the directions of largest
/// variance. Components follow scikit-learn's sign convention (the largest-magnitude entry of each left singular
/// vector is positive), so they match its full solver. Output columns are named <c>pca0</c>, <c>pca1</c>, ….
/// </summary>
public sealed record Pca : IEstimator<PcaModel>
{
    /// <summary>
    /// Number of components: null keeps min(rows, features); a whole number ≥ 1 keeps that many; a fraction in (0, 1)
    /// keeps the fewest components whose explained variance ratio exceeds it (exact solvers only).
    /// </summary>
    public double? NComponents { get; init; }

    /// <summary>Scale the projections to unit variance.</summary>
    public bool Whiten { get; init; }

    /// <summary>The solver.</summary>
    public PcaSolver SvdSolver { get; init; } = PcaSolver.Auto;

    /// <summary>Power iterations of the randomized solver; null picks 7 when few components are asked for, 4 otherwise.</summary>
    public int? IteratedPower { get; init; }

    /// <summary>Extra random directions of the randomized solver.</summary>
    public int NOversamples { get; init; } = 10;

    /// <summary>Normalisation between power iterations of the randomized solver.</summary>
    public PowerIterationNormalizer PowerIterationNormalizer { get; init; } = PowerIterationNormalizer.Auto;

    /// <summary>Seed of the randomized solver.</summary>
    public int RandomState { get; init; }

    /// <summary>Learns the components. Sample weights are ignored (a pipeline passes them on to its final step).</summary>
    public PcaModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        const string name = "PCA";
        var signature = ModelSignature.Infer(x, ModelTask.Transform, allowsMissing: false);
        var m = x.ToMatrix(false, name);
        var n = m.Rows;
        var p = m.Cols;
        if (n < 2) throw new AugurException($"{name} needs at least 2 rows to fit, got {n}");
        if (p == 0) throw new AugurException($"{name} needs at least one feature column");
        var maxComponents = Math.Min(n, p);
        int? count = null;
        double? fraction = null;
        if (NComponents is { } nc)
        {
            if (nc > 0 && nc < 1) fraction = nc;
            else if (nc >= 1 && nc == Math.Floor(nc) && nc <= maxComponents) count = (int)nc;
            else
                throw new AugurException($"{name} option 'n_components' must be a whole number between 1 and {maxComponents} (min of rows and features) or a fraction in (0, 1), not {nc}");
        }
        if (NOversamples < 0) throw new AugurException($"{name} option 'n_oversamples' must be non-negative");
        if (IteratedPower is < 0) throw new AugurException($"{name} option 'iterated_power' must be non-negative");

        var solver = SvdSolver;
        if (solver == PcaSolver.Auto)
            solver = fraction is null && count is { } c && Math.Max(n, p) > 500 && p > 2000 && c < 0.8 * maxComponents
                ? PcaSolver.Randomized
                : PcaSolver.Full;
        if (solver == PcaSolver.Randomized && count is null)
            throw new AugurException($"{name} with svd_solver=randomized needs a whole number of components (n_components ≥ 1)");

        var mean = ColumnMeans(m);
        double[] ev;
        Matrix components;
        double[] singular;
        double noise;
        double totalVar;
        int k;
        if (solver == PcaSolver.Randomized)
        {
            var centered = Center(m, mean);
            totalVar = TotalVariance(centered) / (n - 1);
            k = count!.Value;
            var iterations = IteratedPower ?? (k < 0.1 * maxComponents ? 7 : 4);
            var (_, s, vt) = DecompositionMath.RandomizedSvd(new DenseOperator(centered), k, NOversamples, iterations, PowerIterationNormalizer, RandomState);
            singular = s;
            components = vt;
            ev = s.Select(v => v * v / (n - 1)).ToArray();
            noise = k < maxComponents ? (totalVar - ev.Sum()) / (maxComponents - k) : 0.0;
        }
        else
        {
            var (allS, vtAll, total) = ExactSpectrum(m, mean, count ?? maxComponents, fraction is not null || count is null);
            totalVar = total / (n - 1);
            var allEv = allS.Select(v => v * v / (n - 1)).ToArray();
            var ratioAll = allEv.Select(v => v / totalVar).ToArray();
            if (fraction is { } f)
            {
                var cum = 0.0;
                k = ratioAll.Length;
                for (var i = 0; i < ratioAll.Length; i++)
                {
                    cum += ratioAll[i];
                    if (cum > f) { k = i + 1; break; }
                }
            }
            else k = count ?? maxComponents;
            k = Math.Min(k, vtAll.Rows);
            components = new Matrix(k, p);
            for (var c = 0; c < k; c++) vtAll.Row(c).CopyTo(components.Row(c));
            singular = allS[..k];
            ev = allEv[..k];
            if (k < maxComponents)
            {
                if (allEv.Length == maxComponents)
                {
                    var rest = 0.0;
                    for (var i = k; i < allEv.Length; i++) rest += allEv[i];
                    noise = rest / (maxComponents - k);
                }
                else noise = Math.Max(0.0, totalVar - ev.Sum()) / (maxComponents - k);
            }
            else noise = 0.0;
            // Sign convention: the largest |entry| of each left singular vector u = (X − mean) v / s is positive.
            DecompositionMath.ApplySigns(null, components, ProjectionSigns(m, mean, components));
        }
        var ratio = ev.Select(v => v / totalVar).ToArray();
        return new PcaModel(this, signature, mean, components, ev, ratio, singular, noise, n);
    }

    // All singular values and right singular vectors of the centred data, exactly, and its total sum of squares.
    private static (double[] S, Matrix Vt, double Total) ExactSpectrum(Matrix m, double[] mean, int needed, bool needAll)
    {
        var n = m.Rows;
        var p = m.Cols;
        if (n >= p && p <= 1024)
        {
            var gram = CenteredGram(m, mean);
            var total = 0.0;
            for (var j = 0; j < p; j++) total += gram[j, j];
            var (values, vectors) = DecompositionMath.SymmetricEigen(gram);
            var top = values[0];
            // Eigenvalues of XᵀX carry absolute errors near eps·λ₁; accept them when every component we report is
            // well above that (relative to the largest), so singular values and vectors keep ~10 significant digits.
            var lastNeeded = needAll ? p - 1 : needed - 1;
            if (top <= 0 || values[lastNeeded] > 1e-6 * top)
                return (values.Select(v => Math.Sqrt(Math.Max(v, 0))).ToArray(), vectors, total);
        }
        var centered = Center(m, mean);
        var (_, sv, vt) = DecompositionMath.ThinSvd(centered);
        return (sv, vt, TotalVariance(centered));
    }

    // Signs making the largest-magnitude entry (the first, on ties) of each u_c = (X − mean)·v_c positive, computed in
    // row blocks without forming U.
    private static double[] ProjectionSigns(Matrix m, double[] mean, Matrix components)
    {
        var n = m.Rows;
        var p = m.Cols;
        var k = components.Rows;
        const int block = 512;
        var blocks = (n + block - 1) / block;
        var bestAbs = new double[blocks * k];
        var bestVal = new double[blocks * k];
        void Block(int b)
        {
            var start = b * block;
            var len = Math.Min(block, n - start);
            var buf = new double[p * block];
            for (var i = 0; i < len; i++)
            {
                var row = m.Row(start + i);
                for (var j = 0; j < p; j++) buf[j * block + i] = row[j] - mean[j];
            }
            var u = new double[block];
            for (var c = 0; c < k; c++)
            {
                var us = u.AsSpan(0, len);
                us.Clear();
                var v = components.Row(c);
                for (var j = 0; j < p; j++) TensorPrimitives.MultiplyAdd(buf.AsSpan(j * block, len), v[j], us, us);
                var best = -1.0;
                var val = 0.0;
                for (var i = 0; i < len; i++)
                {
                    var a = Math.Abs(us[i]);
                    if (a > best) { best = a; val = us[i]; }
                }
                bestAbs[b * k + c] = best;
                bestVal[b * k + c] = val;
            }
        }
        if ((long)n * p * k < DenseOps.ParallelThreshold) for (var b = 0; b < blocks; b++) Block(b);
        else Parallel.For(0, blocks, Block);
        var signs = new double[k];
        for (var c = 0; c < k; c++)
        {
            var best = -1.0;
            var val = 0.0;
            for (var b = 0; b < blocks; b++)
                if (bestAbs[b * k + c] > best) { best = bestAbs[b * k + c]; val = bestVal[b * k + c]; }
            signs[c] = val < 0 ? -1.0 : 1.0;
        }
        return signs;
    }

    internal static double[] ColumnMeans(Matrix m)
    {
        var mean = new double[m.Cols];
        for (var i = 0; i < m.Rows; i++) TensorPrimitives.Add(mean, m.Row(i), mean);
        TensorPrimitives.Divide(mean, m.Rows, mean);
        return mean;
    }

    private static Matrix Center(Matrix m, double[] mean)
    {
        var c = new Matrix(m.Rows, m.Cols);
        void RowKernel(int i) => TensorPrimitives.Subtract(m.Row(i), mean, c.Row(i));
        if ((long)m.Rows * m.Cols < DenseOps.ParallelThreshold) for (var i = 0; i < m.Rows; i++) RowKernel(i);
        else Parallel.For(0, m.Rows, RowKernel);
        return c;
    }

    private static double TotalVariance(Matrix centered)
    {
        var sum = 0.0;
        for (var i = 0; i < centered.Rows; i++)
        {
            var r = centered.Row(i);
            sum += TensorPrimitives.Dot(r, r);
        }
        return sum;
    }

    // (X − mean)ᵀ(X − mean), centring on the fly: rows in blocks, each block transposed into a small column-major buffer so every
    // entry is one long dot product; blocks reduce in a fixed order (deterministic).
    private static Matrix CenteredGram(Matrix c, double[] mean)
    {
        var n = c.Rows;
        var p = c.Cols;
        const int block = 512;
        var blocks = (n + block - 1) / block;
        var workers = Math.Min(Environment.ProcessorCount, blocks);
        var partial = new double[workers][];
        Parallel.For(0, workers, w =>
        {
            var acc = new double[p * p];
            var buf = new double[p * block];
            // Each worker owns a contiguous range of blocks.
            var b0 = (int)((long)blocks * w / workers);
            var b1 = (int)((long)blocks * (w + 1) / workers);
            for (var b = b0; b < b1; b++)
            {
                var start = b * block;
                var len = Math.Min(block, n - start);
                for (var i = 0; i < len; i++)
                {
                    var row = c.Row(start + i);
                    for (var j = 0; j < p; j++) buf[j * block + i] = row[j] - mean[j];
                }
                for (var j = 0; j < p; j++)
                {
                    var cj = buf.AsSpan(j * block, len);
                    for (var k2 = j; k2 < p; k2++) acc[j * p + k2] += TensorPrimitives.Dot(cj, buf.AsSpan(k2 * block, len));
                }
            }
            partial[w] = acc;
        });
        var g = new Matrix(p, p);
        foreach (var part in partial) TensorPrimitives.Add(g.Data, part, g.Data);
        for (var j = 0; j < p; j++)
            for (var k2 = 0; k2 < j; k2++) g[j, k2] = g[k2, j];
        return g;
    }

    internal static Matrix Project(Matrix centered, Matrix components) => DenseOps.MultiplyTransposed(centered, components);
}

/// <summary>A fitted <see cref="Pca"/>.</summary>
public sealed class PcaModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "pca";

    private readonly string[] _names;

    internal PcaModel(Pca options, ModelSignature signature, double[] mean, Matrix components, double[] explainedVariance,
        double[] explainedVarianceRatio, double[] singularValues, double noiseVariance, int samples)
    {
        Options = options;
        Signature = signature;
        Mean = mean;
        Components = components;
        ExplainedVariance = explainedVariance;
        ExplainedVarianceRatio = explainedVarianceRatio;
        SingularValues = singularValues;
        NoiseVariance = noiseVariance;
        SampleCount = samples;
        _names = Enumerable.Range(0, components.Rows).Select(i => $"pca{i}").ToArray();
    }

    /// <summary>The options the model was fitted with.</summary>
    public Pca Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut => _names;

    /// <summary>The number of components kept.</summary>
    public int ComponentCount => Components.Rows;

    /// <summary>The principal axes (components × features), unit length, in order of decreasing variance.</summary>
    public Matrix Components { get; }

    /// <summary>Variance explained by each component (squared singular value / (rows − 1)).</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>Fraction of the total variance explained by each component.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>Singular values of the centred data for the kept components.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    /// <summary>Per-feature mean of the training data.</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Estimated noise variance (mean of the variances not kept; Tipping and Bishop's probabilistic PCA).</summary>
    public double NoiseVariance { get; }

    /// <summary>Number of training rows.</summary>
    public int SampleCount { get; }

    /// <summary>Projects a dense matrix (rows × features, training order) onto the components.</summary>
    public Matrix TransformMatrix(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Cols != Mean.Count) throw new AugurException($"PCA expects {Mean.Count} features, got {x.Cols}");
        var mean = Mean.ToArray();
        var centered = new Matrix(x.Rows, x.Cols);
        for (var i = 0; i < x.Rows; i++) TensorPrimitives.Subtract(x.Row(i), mean, centered.Row(i));
        var t = Pca.Project(centered, Components);
        if (Options.Whiten)
        {
            var scale = ExplainedVariance.Select(Math.Sqrt).ToArray();
            for (var i = 0; i < t.Rows; i++) TensorPrimitives.Divide(t.Row(i), scale, t.Row(i));
        }
        return t;
    }

    /// <inheritdoc />
    public Frame Transform(Frame x) => Frame.FromMatrix(TransformMatrix(Signature.Features(x, "PCA")), _names);

    /// <summary>Maps projections (rows × components) back to the feature space.</summary>
    public Matrix InverseTransformMatrix(Matrix z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.Cols != ComponentCount) throw new AugurException($"PCA inverse transform expects {ComponentCount} components, got {z.Cols}");
        var basis = Components;
        if (Options.Whiten)
        {
            basis = Components.Clone();
            for (var c = 0; c < basis.Rows; c++) TensorPrimitives.Multiply(basis.Row(c), Math.Sqrt(ExplainedVariance[c]), basis.Row(c));
        }
        var result = DenseOps.Multiply(z, basis);
        var mean = Mean.ToArray();
        for (var i = 0; i < result.Rows; i++) TensorPrimitives.Add(result.Row(i), mean, result.Row(i));
        return result;
    }

    /// <summary>Maps a frame of projections (columns <c>pca0</c>, <c>pca1</c>, … by name) back to the original feature columns.</summary>
    public Frame InverseTransform(Frame z)
    {
        ArgumentNullException.ThrowIfNull(z);
        var m = z.Select(_names).ToMatrix(false, "PCA inverse transform");
        return Frame.FromMatrix(InverseTransformMatrix(m), Signature.InputNames);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("mean", Mean.ToArray());
        writer.Write("components", Components);
        writer.Write("explained_variance", ExplainedVariance.ToArray());
        writer.Write("explained_variance_ratio", ExplainedVarianceRatio.ToArray());
        writer.Write("singular_values", SingularValues.ToArray());
        writer.Write("noise_variance", NoiseVariance);
        writer.Write("n_samples", SampleCount);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static PcaModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<Pca>();
        var signature = reader.ReadSignature("signature");
        var p = signature.Inputs.Count;
        var mean = reader.ReadDoubles("mean", p);
        var components = reader.ReadMatrix("components", cols: p);
        var k = components.Rows;
        return new PcaModel(options, signature, mean, components, reader.ReadDoubles("explained_variance", k),
            reader.ReadDoubles("explained_variance_ratio", k), reader.ReadDoubles("singular_values", k), reader.ReadDouble("noise_variance"),
            reader.ReadInt32("n_samples"));
    }
}
