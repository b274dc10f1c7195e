using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Decomposition;

/// <summary>
/// Truncated SVD (scikit-learn's <c>TruncatedSVD</c>, latent semantic analysis on tf-idf): a randomized SVD of the
/// data without centring, so sparse input stays sparse. Output columns are named <c>truncatedsvd0</c>, ….
/// </summary>
public sealed record TruncatedSvd : IEstimator<TruncatedSvdModel>
{
    /// <summary>Number of components (less than the number of features).</summary>
    public int NComponents { get; init; } = 2;

    /// <summary>Power iterations of the randomized solver.</summary>
    public int NIter { get; init; } = 5;

    /// <summary>Extra random directions of the randomized solver.</summary>
    public int NOversamples { get; init; } = 10;

    /// <summary>Normalisation between power iterations.</summary>
    public PowerIterationNormalizer PowerIterationNormalizer { get; init; } = PowerIterationNormalizer.Auto;

    /// <summary>Seed of the randomized solver.</summary>
    public int RandomState { get; init; }

    /// <summary>Learns the components. Sample weights are ignored (a pipeline passes them on to its final step).</summary>
    public TruncatedSvdModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        const string name = "TruncatedSVD";
        var signature = ModelSignature.Infer(x, ModelTask.Transform, allowsMissing: false);
        var p = x.ColumnCount;
        var n = x.RowCount;
        if (NComponents < 1 || NComponents > p || NComponents > n)
            throw new AugurException($"{name} option 'n_components' must be between 1 and the number of features ({p}) and rows ({n}), not {NComponents}");
        if (NIter < 0) throw new AugurException($"{name} option 'n_iter' must be non-negative");
        if (NOversamples < 0) throw new AugurException($"{name} option 'n_oversamples' must be non-negative");
        var data = TruncatedSvdModel.ReadData(x, name);
        var (_, singular, vt) = DecompositionMath.RandomizedSvd(data.Operator, NComponents, NOversamples, NIter, PowerIterationNormalizer, RandomState);
        var transformed = data.Operator.Times(vt.Transpose());
        var expVar = new double[NComponents];
        for (var c = 0; c < NComponents; c++) expVar[c] = ColumnVariance(transformed, c);
        var fullVar = data.TotalColumnVariance();
        return new TruncatedSvdModel(this, signature, vt, expVar, expVar.Select(v => v / fullVar).ToArray(), singular);
    }

    private static double ColumnVariance(Matrix m, int c)
    {
        var mean = 0.0;
        for (var i = 0; i < m.Rows; i++) mean += m[i, c];
        mean /= m.Rows;
        var s = 0.0;
        for (var i = 0; i < m.Rows; i++)
        {
            var d = m[i, c] - mean;
            s += d * d;
        }
        return s / m.Rows;
    }
}

/// <summary>A fitted <see cref="TruncatedSvd"/>.</summary>
public sealed class TruncatedSvdModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "truncated_svd";

    private readonly string[] _names;

    internal TruncatedSvdModel(TruncatedSvd options, ModelSignature signature, Matrix components, double[] explainedVariance,
        double[] explainedVarianceRatio, double[] singularValues)
    {
        Options = options;
        Signature = signature;
        Components = components;
        ExplainedVariance = explainedVariance;
        ExplainedVarianceRatio = explainedVarianceRatio;
        SingularValues = singularValues;
        _names = Enumerable.Range(0, components.Rows).Select(i => $"truncatedsvd{i}").ToArray();
    }

    /// <summary>The options the model was fitted with.</summary>
    public TruncatedSvd Options { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut => _names;

    /// <summary>The right singular vectors (components × features).</summary>
    public Matrix Components { get; }

    /// <summary>Variance of the training data's projection on each component.</summary>
    public IReadOnlyList<double> ExplainedVariance { get; }

    /// <summary>That variance as a fraction of the total variance of the (uncentred) features.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    /// <summary>The singular values of the components.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    internal sealed record DataView(ILinearOperator Operator, Func<double> TotalColumnVariance);

    internal static DataView ReadData(Frame conformed, string name)
    {
        if (conformed.HasSparseColumns)
        {
            var csr = conformed.ToCsr(name);
            return new DataView(new SparseOperator(csr), () => SparseTotalVariance(csr));
        }
        var m = conformed.ToMatrix(false, name);
        return new DataView(new DenseOperator(m), () => DenseTotalVariance(m));
    }

    private static double DenseTotalVariance(Matrix m)
    {
        var mean = Pca.ColumnMeans(m);
        var acc = new double[m.Cols];
        var d = new double[m.Cols];
        for (var i = 0; i < m.Rows; i++)
        {
            TensorPrimitives.Subtract(m.Row(i), mean, d);
            TensorPrimitives.MultiplyAdd(d, d, acc, acc);
        }
        return acc.Sum() / m.Rows;
    }

    private static double SparseTotalVariance(CsrMatrix m)
    {
        var sum = new double[m.Cols];
        var count = new int[m.Cols];
        for (var k = 0; k < m.NonZeroCount; k++) { sum[m.ColumnIndices[k]] += m.Values[k]; count[m.ColumnIndices[k]]++; }
        var mean = sum.Select(s => s / m.Rows).ToArray();
        var sq = new double[m.Cols];
        for (var k = 0; k < m.NonZeroCount; k++)
        {
            var d = m.Values[k] - mean[m.ColumnIndices[k]];
            sq[m.ColumnIndices[k]] += d * d;
        }
        var total = 0.0;
        for (var j = 0; j < m.Cols; j++) total += (sq[j] + (m.Rows - count[j]) * mean[j] * mean[j]) / m.Rows;
        return total;
    }

    /// <summary>Projects data onto the components (sparse input stays sparse).</summary>
    public Matrix TransformMatrix(Frame x)
    {
        var conformed = Signature.Conform(x, "TruncatedSVD");
        return ReadData(conformed, "TruncatedSVD").Operator.Times(Components.Transpose());
    }

    /// <inheritdoc />
    public Frame Transform(Frame x) => Frame.FromMatrix(TransformMatrix(x), _names);

    /// <summary>Maps projections (rows × components) back to the feature space (a low-rank approximation of the data).</summary>
    public Matrix InverseTransformMatrix(Matrix z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (z.Cols != Components.Rows) throw new AugurException($"TruncatedSVD inverse transform expects {Components.Rows} components, got {z.Cols}");
        return DenseOps.Multiply(z, Components);
    }

    /// <summary>Maps a frame of projections (columns <c>truncatedsvd0</c>, … by name) back to the original feature columns.</summary>
    public Frame InverseTransform(Frame z)
    {
        ArgumentNullException.ThrowIfNull(z);
        return Frame.FromMatrix(InverseTransformMatrix(z.Select(_names).ToMatrix(false, "TruncatedSVD inverse transform")), Signature.InputNames);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("components", Components);
        writer.Write("explained_variance", ExplainedVariance.ToArray());
        writer.Write("explained_variance_ratio", ExplainedVarianceRatio.ToArray());
        writer.Write("singular_values", SingularValues.ToArray());
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static TruncatedSvdModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<TruncatedSvd>();
        var signature = reader.ReadSignature("signature");
        var components = reader.ReadMatrix("components", cols: signature.Inputs.Count);
        var k = components.Rows;
        return new TruncatedSvdModel(options, signature, components, reader.ReadDoubles("explained_variance", k),
            reader.ReadDoubles("explained_variance_ratio", k), reader.ReadDoubles("singular_values", k));
    }
}
