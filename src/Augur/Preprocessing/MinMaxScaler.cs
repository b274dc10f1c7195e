using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>
/// Scales each numeric feature to a range (default [0, 1]) using its minimum and maximum, as scikit-learn's
/// <c>MinMaxScaler</c>. Missing values are ignored when fitting and kept when transforming.
/// </summary>
public sealed record MinMaxScaler : IEstimator<MinMaxScalerModel>
{
    /// <summary>The target range (minimum, maximum), scikit-learn's <c>feature_range</c>; default [0, 1].</summary>
    public IReadOnlyList<double> FeatureRange { get; init; } = [0.0, 1.0];

    /// <summary>Clip transformed values to <see cref="FeatureRange"/> (for data outside the training range).</summary>
    public bool Clip { get; init; }

    /// <inheritdoc />
    public MinMaxScalerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "MinMaxScaler";
        if (FeatureRange is not { Count: 2 } || !(FeatureRange[0] < FeatureRange[1]))
            throw new AugurException($"MinMaxScaler option 'feature_range' must be two numbers (min, max) with min < max, not [{string.Join(", ", FeatureRange ?? [])}]");
        TransformerSupport.RequireData(x, who);
        TransformerSupport.RequireNumeric(x, who, allowSparse: false);
        var p = x.ColumnCount;
        var dataMin = new double[p];
        var dataMax = new double[p];
        TransformerSupport.For(p, x.RowCount, j =>
        {
            var v = x[j].ToDoubleArray();
            TransformerSupport.RequireNoInfinity(x[j], v, who);
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            foreach (var value in v)
            {
                if (double.IsNaN(value)) continue;
                if (value < lo) lo = value;
                if (value > hi) hi = value;
            }
            if (lo > hi) lo = hi = double.NaN;
            dataMin[j] = lo;
            dataMax[j] = hi;
        });
        var range = new double[p];
        for (var j = 0; j < p; j++) range[j] = dataMax[j] - dataMin[j];
        var safeRange = (double[])range.Clone();
        TransformerSupport.HandleZerosInScale(safeRange);
        var scale = new double[p];
        var min = new double[p];
        for (var j = 0; j < p; j++)
        {
            scale[j] = (FeatureRange[1] - FeatureRange[0]) / safeRange[j];
            min[j] = FeatureRange[0] - dataMin[j] * scale[j];
        }
        return new MinMaxScalerModel(this, TransformerSupport.Signature(x, allowsMissing: true), dataMin, dataMax, scale, min);
    }
}

/// <summary>A fitted <see cref="MinMaxScaler"/>: <c>x * Scale + Min</c>.</summary>
public sealed class MinMaxScalerModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "min_max_scaler";

    private readonly double[] _dataMin, _dataMax, _scale, _min;

    internal MinMaxScalerModel(MinMaxScaler options, ModelSignature signature, double[] dataMin, double[] dataMax, double[] scale, double[] min)
    {
        Options = options;
        Signature = signature;
        _dataMin = dataMin;
        _dataMax = dataMax;
        _scale = scale;
        _min = min;
        FeatureNamesOut = signature.InputNames;
    }

    /// <summary>The options the scaler was fitted with.</summary>
    public MinMaxScaler Options { get; }

    /// <summary>The minimum of each feature in training (<c>data_min_</c>).</summary>
    public IReadOnlyList<double> DataMin => _dataMin;

    /// <summary>The maximum of each feature in training (<c>data_max_</c>).</summary>
    public IReadOnlyList<double> DataMax => _dataMax;

    /// <summary>The factor of each feature (<c>scale_</c>).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>The offset of each feature (<c>min_</c>).</summary>
    public IReadOnlyList<double> Min => _min;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var input = Signature.Conform(x, "MinMaxScaler");
        var result = new Column[input.ColumnCount];
        var lo = Options.FeatureRange[0];
        var hi = Options.FeatureRange[1];
        TransformerSupport.For(result.Length, input.RowCount, j =>
        {
            var v = input[j].ToDoubleArray();
            for (var i = 0; i < v.Length; i++)
            {
                var t = v[i] * _scale[j] + _min[j];
                if (Options.Clip && !double.IsNaN(t)) t = Math.Min(Math.Max(t, lo), hi);
                v[i] = t;
            }
            result[j] = new Float64Column(input[j].Name, v);
        });
        return new Frame(result);
    }

    /// <summary>Maps scaled values back to the original range (columns matched by name).</summary>
    public Frame InverseTransform(Frame x)
    {
        var input = TransformerSupport.InverseInput(x, FeatureNamesOut);
        var result = new Column[input.Length];
        for (var j = 0; j < result.Length; j++)
        {
            var v = input[j].ToDoubleArray();
            for (var i = 0; i < v.Length; i++) v[i] = (v[i] - _min[j]) / _scale[j];
            result[j] = new Float64Column(input[j].Name, v);
        }
        return new Frame(result);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("data_min", _dataMin);
        writer.Write("data_max", _dataMax);
        writer.Write("scale", _scale);
        writer.Write("min", _min);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static MinMaxScalerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<MinMaxScaler>();
        reader.Require(options.FeatureRange is { Count: 2 }, "options", "feature_range must hold two numbers");
        var signature = TransformerSupport.ReadSignature(reader);
        var p = signature.Inputs.Count;
        return new MinMaxScalerModel(options, signature, reader.ReadDoubles("data_min", p), reader.ReadDoubles("data_max", p),
            reader.ReadDoubles("scale", p), reader.ReadDoubles("min", p));
    }
}
