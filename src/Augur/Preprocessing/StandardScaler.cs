using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>
/// Standardizes numeric features: subtracts the mean and divides by the standard deviation (population, n), as
/// scikit-learn's <c>StandardScaler</c>. Missing values (NaN) are ignored when fitting and kept when transforming.
/// Sample weights give a weighted mean and variance. Sparse columns are scaled without centering (set
/// <see cref="WithMean"/> to false for them).
/// </summary>
public sealed record StandardScaler : IEstimator<StandardScalerModel>
{
    /// <summary>Subtract the mean (scikit-learn's <c>with_mean</c>, default true).</summary>
    public bool WithMean { get; init; } = true;

    /// <summary>Divide by the standard deviation (scikit-learn's <c>with_std</c>, default true).</summary>
    public bool WithStd { get; init; } = true;

    /// <inheritdoc />
    public StandardScalerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "StandardScaler";
        TransformerSupport.RequireData(x, who);
        TransformerSupport.RequireNumeric(x, who);
        var weights = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var p = x.ColumnCount;
        var mean = new double[p];
        var variance = new double[p];
        var seen = new double[p];
        TransformerSupport.For(p, x.RowCount, j =>
        {
            var c = x[j];
            if (c is SparseColumn s)
            {
                if (WithMean)
                    throw new AugurException($"column '{c.Name}' is sparse; StandardScaler cannot center sparse columns, set WithMean to false");
                (mean[j], variance[j], seen[j]) = SparseMoments(s, weights);
                return;
            }
            var values = c.ToDoubleArray();
            TransformerSupport.RequireNoInfinity(c, values, who);
            (mean[j], variance[j], seen[j]) = Moments(values, weights);
        });
        double[]? scale = null;
        if (WithStd)
        {
            scale = new double[p];
            var constant = new bool[p];
            for (var j = 0; j < p; j++)
            {
                scale[j] = Math.Sqrt(variance[j]);
                // A feature is constant when its variance is within rounding error of zero (scikit-learn's bound).
                var eps = TransformerSupport.MachineEpsilon;
                var bound = seen[j] * eps * variance[j] + Math.Pow(seen[j] * mean[j] * eps, 2);
                constant[j] = variance[j] <= bound || double.IsNaN(variance[j]);
                if (double.IsNaN(variance[j])) scale[j] = 1.0;
            }
            TransformerSupport.HandleZerosInScale(scale, constant);
        }
        return new StandardScalerModel(this, TransformerSupport.Signature(x, allowsMissing: true), mean, WithStd ? variance : null, scale, seen);
    }

    /// <summary>Weighted mean and variance of the non-missing values, and their total weight (the count without weights).</summary>
    internal static (double Mean, double Variance, double Seen) Moments(ReadOnlySpan<double> values, double[]? weights)
    {
        // Two passes with a correction term (Chan, Golub and LeVeque), as scikit-learn's incremental mean and variance.
        double sum = 0, count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v)) continue;
            var w = weights?[i] ?? 1.0;
            sum += w * v;
            count += w;
        }
        if (count == 0) return (double.NaN, double.NaN, 0);
        var mean = sum / count;
        double correction = 0, squares = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (double.IsNaN(v)) continue;
            var w = weights?[i] ?? 1.0;
            var d = v - mean;
            correction += w * d;
            squares += w * d * d;
        }
        var variance = (squares - correction * correction / count) / count;
        return (mean, Math.Max(variance, 0.0), count);
    }

    private static (double Mean, double Variance, double Seen) SparseMoments(SparseColumn s, double[]? weights)
    {
        var rows = s.Rows;
        var vals = s.StoredValues;
        double total = 0, sum = 0;
        if (weights is null) total = s.Length;
        else foreach (var w in weights) total += w;
        for (var k = 0; k < rows.Length; k++) sum += (weights?[rows[k]] ?? 1.0) * vals[k];
        var mean = sum / total;
        // Squared deviations of the stored values plus those of the implicit zeros.
        double squares = 0, storedWeight = 0;
        for (var k = 0; k < rows.Length; k++)
        {
            var w = weights?[rows[k]] ?? 1.0;
            var d = vals[k] - mean;
            squares += w * d * d;
            storedWeight += w;
        }
        squares += (total - storedWeight) * mean * mean;
        return (mean, squares / total, total);
    }
}

/// <summary>A fitted <see cref="StandardScaler"/>.</summary>
public sealed class StandardScalerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "standard_scaler";

    private readonly double[] _mean;
    private readonly double[]? _variance;
    private readonly double[]? _scale;
    private readonly double[] _seen;

    internal StandardScalerModel(StandardScaler options, ModelSignature signature, double[] mean, double[]? variance, double[]? scale, double[] seen)
    {
        Options = options;
        Signature = signature;
        _mean = mean;
        _variance = variance;
        _scale = scale;
        _seen = seen;
        FeatureNamesOut = signature.InputNames;
    }

    /// <summary>The options the scaler was fitted with.</summary>
    public StandardScaler Options { get; }

    /// <summary>The mean of each feature (scikit-learn's <c>mean_</c>), NaN for a feature with no values.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>The variance of each feature (<c>var_</c>), or null when <see cref="StandardScaler.WithStd"/> is false.</summary>
    public IReadOnlyList<double>? Variance => _variance;

    /// <summary>The divisor of each feature (<c>scale_</c>; 1 for constant features), or null without scaling.</summary>
    public IReadOnlyList<double>? Scale => _scale;

    /// <summary>The number (or total weight) of non-missing values seen per feature (<c>n_samples_seen_</c>).</summary>
    public IReadOnlyList<double> SamplesSeen => _seen;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) =>
        TransformerSupport.CenterAndScale(Signature.Conform(x, "StandardScaler"), Options.WithMean ? _mean : null, _scale, keepSparse: !Options.WithMean, inverse: false);

    /// <summary>Maps standardized values back to the original scale (columns matched by name).</summary>
    public Frame InverseTransform(Frame x) =>
        TransformerSupport.CenterAndScale(new Frame(TransformerSupport.InverseInput(x, FeatureNamesOut)), Options.WithMean ? _mean : null, _scale,
            keepSparse: false, inverse: true);

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("mean", _mean);
        writer.Write("seen", _seen);
        if (_variance is not null) writer.Write("variance", _variance);
        if (_scale is not null) writer.Write("scale", _scale);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static StandardScalerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<StandardScaler>();
        var signature = TransformerSupport.ReadSignature(reader);
        var p = signature.Inputs.Count;
        var mean = reader.ReadDoubles("mean", p);
        var seen = reader.ReadDoubles("seen", p);
        double[]? variance = null, scale = null;
        if (options.WithStd)
        {
            variance = reader.ReadDoubles("variance", p);
            scale = reader.ReadDoubles("scale", p);
        }
        return new StandardScalerModel(options, signature, mean, variance, scale, seen);
    }
}
