using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>
/// Divides each numeric feature by its largest absolute value, so values fall in [-1, 1], as scikit-learn's
/// <c>MaxAbsScaler</c>. It does not shift data, so sparse columns stay sparse. Missing values are ignored when fitting
/// and kept when transforming.
/// </summary>
public sealed record MaxAbsScaler : IEstimator<MaxAbsScalerModel>
{
    /// <inheritdoc />
    public MaxAbsScalerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "MaxAbsScaler";
        TransformerSupport.RequireData(x, who);
        TransformerSupport.RequireNumeric(x, who);
        var p = x.ColumnCount;
        var maxAbs = new double[p];
        TransformerSupport.For(p, x.RowCount, j =>
        {
            ReadOnlySpan<double> v = x[j] is SparseColumn s ? s.StoredValues : x[j].ToDoubleArray();
            TransformerSupport.RequireNoInfinity(x[j], v, who);
            var m = double.NaN;
            foreach (var value in v)
            {
                if (double.IsNaN(value)) continue;
                var a = Math.Abs(value);
                if (double.IsNaN(m) || a > m) m = a;
            }
            if (x[j] is SparseColumn sp && sp.NonZeroCount < sp.Length) m = double.IsNaN(m) ? 0 : Math.Max(m, 0);
            maxAbs[j] = m;
        });
        var scale = (double[])maxAbs.Clone();
        TransformerSupport.HandleZerosInScale(scale);
        return new MaxAbsScalerModel(TransformerSupport.Signature(x, allowsMissing: true), maxAbs, scale);
    }
}

/// <summary>A fitted <see cref="MaxAbsScaler"/>.</summary>
public sealed class MaxAbsScalerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "max_abs_scaler";

    private readonly double[] _maxAbs, _scale;

    internal MaxAbsScalerModel(ModelSignature signature, double[] maxAbs, double[] scale)
    {
        Signature = signature;
        _maxAbs = maxAbs;
        _scale = scale;
        FeatureNamesOut = signature.InputNames;
    }

    /// <summary>The largest absolute value of each feature (<c>max_abs_</c>).</summary>
    public IReadOnlyList<double> MaxAbs => _maxAbs;

    /// <summary>The divisor of each feature (<c>scale_</c>; 1 where the maximum is zero).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) => Apply(Signature.Conform(x, "MaxAbsScaler"), inverse: false);

    /// <summary>Maps scaled values back to the original scale (columns matched by name).</summary>
    public Frame InverseTransform(Frame x) =>
        Apply(new Frame(TransformerSupport.InverseInput(x, FeatureNamesOut)), inverse: true);

    private Frame Apply(Frame input, bool inverse)
    {
        var result = new Column[input.ColumnCount];
        TransformerSupport.For(result.Length, input.RowCount, j =>
        {
            var c = input[j];
            var s = _scale[j];
            if (c is SparseColumn sp)
            {
                result[j] = TransformerSupport.ScaleSparse(sp, s, inverse);
                return;
            }
            var v = c.ToDoubleArray();
            for (var i = 0; i < v.Length; i++) v[i] = inverse ? v[i] * s : v[i] / s;
            result[j] = new Float64Column(c.Name, v);
        });
        return new Frame(result);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.Write("max_abs", _maxAbs);
        writer.Write("scale", _scale);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static MaxAbsScalerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = TransformerSupport.ReadSignature(reader);
        var p = signature.Inputs.Count;
        return new MaxAbsScalerModel(signature, reader.ReadDoubles("max_abs", p), reader.ReadDoubles("scale", p));
    }
}
