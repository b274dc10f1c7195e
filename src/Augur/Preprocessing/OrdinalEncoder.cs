using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>What <see cref="OrdinalEncoder"/> does with a category it did not see in training.</summary>
public enum OrdinalUnknown
{
    /// <summary>Throw an error naming the unknown values (scikit-learn's <c>error</c>).</summary>
    Error,
    /// <summary>Encode it as <see cref="OrdinalEncoder.UnknownValue"/> (<c>use_encoded_value</c>).</summary>
    UseEncodedValue,
}

/// <summary>
/// Encodes each categorical column as one float64 column of category indices 0 … k-1 (categories sorted), as
/// scikit-learn 1.2's <c>OrdinalEncoder</c>. Missing values become <see cref="EncodedMissingValue"/> (NaN by default).
/// </summary>
public sealed record OrdinalEncoder : IEstimator<OrdinalEncoderModel>
{
    /// <summary>What to do with categories not seen in training (default: error).</summary>
    public OrdinalUnknown HandleUnknown { get; init; } = OrdinalUnknown.Error;

    /// <summary>
    /// The code of unknown categories when <see cref="HandleUnknown"/> is <see cref="OrdinalUnknown.UseEncodedValue"/>:
    /// a whole number that is not a category index, or NaN. Must be null otherwise.
    /// </summary>
    public double? UnknownValue { get; init; }

    /// <summary>The code of missing values (scikit-learn's <c>encoded_missing_value</c>, default NaN).</summary>
    public double EncodedMissingValue { get; init; } = double.NaN;

    /// <inheritdoc />
    public OrdinalEncoderModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "OrdinalEncoder";
        if (HandleUnknown == OrdinalUnknown.UseEncodedValue)
        {
            if (UnknownValue is not { } u)
                throw new AugurException("OrdinalEncoder needs option 'unknown_value' (a whole number or NaN) when handle_unknown is use_encoded_value");
            if (!double.IsNaN(u) && u != Math.Floor(u))
                throw new AugurException($"OrdinalEncoder option 'unknown_value' must be a whole number or NaN, not {u}");
        }
        else if (UnknownValue is not null)
            throw new AugurException("OrdinalEncoder option 'unknown_value' may only be set when handle_unknown is use_encoded_value");
        TransformerSupport.RequireData(x, who);
        var sets = new CategorySet[x.ColumnCount];
        for (var j = 0; j < sets.Length; j++)
        {
            sets[j] = CategorySet.Learn(x[j], who).Set;
            if (UnknownValue is { } u && u >= 0 && u < sets[j].Count)
                throw new AugurException($"OrdinalEncoder option 'unknown_value' ({u}) is already the code of a category of column '{x[j].Name}'; use a negative value or NaN");
            if (sets[j].HasMissing && !double.IsNaN(EncodedMissingValue) && EncodedMissingValue >= 0 && EncodedMissingValue < sets[j].Count)
                throw new AugurException($"OrdinalEncoder option 'encoded_missing_value' ({EncodedMissingValue}) is already the code of a category of column '{x[j].Name}'");
        }
        return new OrdinalEncoderModel(this, TransformerSupport.Signature(x, allowsMissing: true), sets);
    }
}

/// <summary>A fitted <see cref="OrdinalEncoder"/>.</summary>
public sealed class OrdinalEncoderModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "ordinal_encoder";

    private readonly CategorySet[] _sets;

    internal OrdinalEncoderModel(OrdinalEncoder options, ModelSignature signature, CategorySet[] sets)
    {
        Options = options;
        Signature = signature;
        _sets = sets;
        FeatureNamesOut = signature.InputNames;
    }

    /// <summary>The options the encoder was fitted with.</summary>
    public OrdinalEncoder Options { get; }

    /// <summary>The categories of each input column, in code order (<c>nan</c> last when missing values were seen).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Categories => _sets.Select(s => s.Names).ToArray();

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var input = Signature.Conform(x, "OrdinalEncoder");
        var result = new Column[_sets.Length];
        TransformerSupport.For(result.Length, input.RowCount, j =>
        {
            var set = _sets[j];
            var c = input[j];
            var codes = set.Encode(c);
            var values = new double[codes.Length];
            List<string>? unknown = null;
            for (var i = 0; i < codes.Length; i++)
            {
                var code = codes[i];
                if (code < 0)
                {
                    if (Options.HandleUnknown == OrdinalUnknown.UseEncodedValue) values[i] = Options.UnknownValue!.Value;
                    else
                    {
                        unknown ??= [];
                        if (unknown.Count < 5) unknown.Add(CategorySet.Display(c, i));
                    }
                }
                else values[i] = code == set.MissingIndex ? Options.EncodedMissingValue : code;
            }
            if (unknown is not null)
                throw new AugurException(
                    $"column '{c.Name}' holds categories not seen in training ({string.Join(", ", unknown.Distinct().Select(u => $"'{u}'"))}); set OrdinalEncoder's handle_unknown to use_encoded_value to accept them");
            result[j] = new Float64Column(c.Name, values);
        });
        return new Frame(result);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        for (var j = 0; j < _sets.Length; j++) _sets[j].Save(writer, $"c{j}.");
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static OrdinalEncoderModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<OrdinalEncoder>();
        reader.Require(options.HandleUnknown != OrdinalUnknown.UseEncodedValue || options.UnknownValue is not null, "options", "unknown_value is missing");
        var signature = TransformerSupport.ReadSignature(reader);
        var sets = new CategorySet[signature.Inputs.Count];
        for (var j = 0; j < sets.Length; j++) sets[j] = CategorySet.Load(reader, $"c{j}.");
        return new OrdinalEncoderModel(options, signature, sets);
    }
}
