using Augur.Data;
using Augur.Serialization;
using MathNet.Numerics.Distributions;

namespace Augur.Preprocessing;

/// <summary>
/// Scales numeric features with statistics that are robust to outliers: subtracts the median and divides by the
/// interquartile range (or another quantile range), as scikit-learn's <c>RobustScaler</c>. Missing values are ignored
/// when fitting and kept when transforming. Sparse columns can be scaled without centering.
/// </summary>
public sealed record RobustScaler : IEstimator<RobustScalerModel>
{
    /// <summary>Subtract the median (scikit-learn's <c>with_centering</c>, default true).</summary>
    public bool WithCentering { get; init; } = true;

    /// <summary>Divide by the quantile range (<c>with_scaling</c>, default true).</summary>
    public bool WithScaling { get; init; } = true;

    /// <summary>The lower and upper percentiles of the range (<c>quantile_range</c>), default [25, 75].</summary>
    public IReadOnlyList<double> QuantileRange { get; init; } = [25.0, 75.0];

    /// <summary>
    /// Divide the scale further by the range of the standard normal distribution between the two quantiles, so that
    /// normally distributed features end with variance 1 (<c>unit_variance</c>, default false).
    /// </summary>
    public bool UnitVariance { get; init; }

    /// <inheritdoc />
    public RobustScalerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "RobustScaler";
        if (QuantileRange is not { Count: 2 } || !(QuantileRange[0] >= 0 && QuantileRange[0] <= QuantileRange[1] && QuantileRange[1] <= 100))
            throw new AugurException($"RobustScaler option 'quantile_range' must be two percentiles 0 <= low <= high <= 100, not [{string.Join(", ", QuantileRange ?? [])}]");
        TransformerSupport.RequireData(x, who);
        TransformerSupport.RequireNumeric(x, who);
        if (WithCentering)
            foreach (var c in x.Columns)
                if (c is SparseColumn)
                    throw new AugurException($"column '{c.Name}' is sparse; RobustScaler cannot center sparse columns, set WithCentering to false");
        var p = x.ColumnCount;
        double[]? center = WithCentering ? new double[p] : null;
        double[]? scale = WithScaling ? new double[p] : null;
        TransformerSupport.For(p, x.RowCount, j =>
        {
            var values = x[j].ToDoubleArray();
            TransformerSupport.RequireNoInfinity(x[j], values, who);
            var sorted = TransformerSupport.SortedPresent(values);
            if (center is not null) center[j] = TransformerSupport.Median(sorted);
            if (scale is not null)
                scale[j] = TransformerSupport.Quantile(sorted, QuantileRange[1] / 100) - TransformerSupport.Quantile(sorted, QuantileRange[0] / 100);
        });
        if (scale is not null)
        {
            TransformerSupport.HandleZerosInScale(scale);
            if (UnitVariance)
            {
                var adjust = Normal.InvCDF(0, 1, QuantileRange[1] / 100) - Normal.InvCDF(0, 1, QuantileRange[0] / 100);
                for (var j = 0; j < p; j++) scale[j] /= adjust;
            }
        }
        return new RobustScalerModel(this, TransformerSupport.Signature(x, allowsMissing: true), center, scale);
    }
}

/// <summary>A fitted <see cref="RobustScaler"/>: <c>(x - Center) / Scale</c>.</summary>
public sealed class RobustScalerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "robust_scaler";

    private readonly double[]? _center, _scale;

    internal RobustScalerModel(RobustScaler options, ModelSignature signature, double[]? center, double[]? scale)
    {
        Options = options;
        Signature = signature;
        _center = center;
        _scale = scale;
        FeatureNamesOut = signature.InputNames;
    }

    /// <summary>The options the scaler was fitted with.</summary>
    public RobustScaler Options { get; }

    /// <summary>The median of each feature (<c>center_</c>), or null without centering.</summary>
    public IReadOnlyList<double>? Center => _center;

    /// <summary>The quantile range of each feature (<c>scale_</c>), or null without scaling.</summary>
    public IReadOnlyList<double>? Scale => _scale;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) => Apply(Signature.Conform(x, "RobustScaler"), inverse: false);

    /// <summary>Maps scaled values back to the original scale (columns matched by name).</summary>
    public Frame InverseTransform(Frame x) =>
        Apply(new Frame(TransformerSupport.InverseInput(x, FeatureNamesOut)), inverse: true);

    private Frame Apply(Frame input, bool inverse) => TransformerSupport.CenterAndScale(input, _center, _scale, keepSparse: _center is null, inverse);

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        if (_center is not null) writer.Write("center", _center);
        if (_scale is not null) writer.Write("scale", _scale);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static RobustScalerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<RobustScaler>();
        var signature = TransformerSupport.ReadSignature(reader);
        var p = signature.Inputs.Count;
        return new RobustScalerModel(options, signature,
            options.WithCentering ? reader.ReadDoubles("center", p) : null,
            options.WithScaling ? reader.ReadDoubles("scale", p) : null);
    }
}
