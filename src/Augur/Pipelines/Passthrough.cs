using Augur.Data;
using Augur.Preprocessing;
using Augur.Serialization;

namespace Augur.Pipelines;

/// <summary>
/// A transformer that returns its input columns unchanged (scikit-learn's <c>'passthrough'</c>): use it in a
/// <see cref="ColumnTransformer"/> entry or as its remainder. Missing values pass through.
/// </summary>
public sealed record Passthrough : IEstimator<PassthroughModel>
{
    /// <inheritdoc />
    public PassthroughModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return new PassthroughModel(TransformerSupport.Signature(x, allowsMissing: true));
    }
}

/// <summary>A fitted <see cref="Passthrough"/>.</summary>
public sealed class PassthroughModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "passthrough";

    internal PassthroughModel(ModelSignature signature)
    {
        Signature = signature;
        FeatureNamesOut = signature.InputNames;
    }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) => Signature.Conform(x, "passthrough");

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static PassthroughModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new PassthroughModel(TransformerSupport.ReadSignature(reader));
    }
}
