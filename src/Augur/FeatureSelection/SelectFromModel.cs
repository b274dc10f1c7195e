using System.Globalization;
using Augur.Data;
using Augur.Serialization;

namespace Augur.FeatureSelection;

/// <summary>
/// Keeps the features a fitted model finds important (scikit-learn's <c>SelectFromModel</c>): fits
/// <see cref="Estimator"/>, reads its feature importances or coefficient magnitudes (absolute values; the L1 norm over
/// outputs for multi-output coefficients) and keeps the features at or above <see cref="Threshold"/>, at most
/// <see cref="MaxFeatures"/> of them (the largest).
/// </summary>
/// <param name="Estimator">The estimator whose fitted model scores the features.</param>
public sealed record SelectFromModel(IEstimator<IModel> Estimator) : IEstimator<SelectFromModelModel>
{
    /// <summary>
    /// <c>mean</c>, <c>median</c>, a scaled one (<c>1.25*mean</c>) or a number. Null means <c>mean</c>, or 1e-5 for
    /// L1-penalised estimators (Lasso, or a <c>penalty</c> of l1), even with <see cref="MaxFeatures"/> (as scikit-learn); use
    /// <c>-inf</c> to select by <see cref="MaxFeatures"/> alone.
    /// </summary>
    public string? Threshold { get; init; }

    /// <summary>The most features to keep (the largest importances first); null means no limit.</summary>
    public int? MaxFeatures { get; init; }

    /// <inheritdoc />
    public SelectFromModelModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Estimator is null) throw new AugurException("SelectFromModel needs an estimator");
        if (MaxFeatures is { } m && (m < 0 || m > x.ColumnCount))
            throw new AugurException($"SelectFromModel: max_features={m} must be between 0 and the {x.ColumnCount} features");
        var model = Estimator.Fit(x, y, sampleWeight);
        var scores = FeatureImportanceReader.Read(model, ImportanceFold.Norm, "SelectFromModel");
        var threshold = ResolveThreshold(scores);
        var support = new bool[scores.Length];
        if (MaxFeatures is { } max)
        {
            var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(max);
            foreach (var i in order) support[i] = true;
        }
        else Array.Fill(support, true);
        for (var i = 0; i < scores.Length; i++) if (scores[i] < threshold) support[i] = false;
        var signature = ModelSignature.Infer(x, ModelTask.Transform, allowsMissing: true);
        return new SelectFromModelModel(signature, scores, threshold, support, model);
    }

    private double ResolveThreshold(double[] scores)
    {
        var text = Threshold;
        text ??= IsL1(Estimator) ? "1e-5" : "mean";
        var t = text.Trim().ToLowerInvariant();
        var scale = 1.0;
        var star = t.IndexOf('*');
        if (star > 0)
        {
            if (!double.TryParse(t[..star], NumberStyles.Float, CultureInfo.InvariantCulture, out scale))
                throw new AugurException($"SelectFromModel: threshold '{text}' must be mean, median, a number or a scaled reference like 1.25*mean");
            t = t[(star + 1)..].Trim();
        }
        if (t == "mean") return scale * scores.Average();
        if (t == "median")
        {
            var sorted = scores.Order().ToArray();
            var n = sorted.Length;
            return scale * (n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]));
        }
        if (t is "-inf" or "-infinity") return double.NegativeInfinity;
        if (star < 0 && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        throw new AugurException($"SelectFromModel: threshold '{text}' must be mean, median, a number or a scaled reference like 1.25*mean");
    }

    private static bool IsL1(IEstimator<IModel> estimator)
    {
        var final = ModelSelection.ParameterSetter.FinalEstimator(estimator);
        if (final.GetType().Name == "Lasso") return true;
        return EstimatorParameters.Get(final).TryGetValue("penalty", out var p) && EstimatorParameters.FormatValue(p) == "l1";
    }
}

/// <summary>A fitted <see cref="SelectFromModel"/>: keeps the selected columns.</summary>
public sealed class SelectFromModelModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "select_from_model";

    private readonly bool[] _support;
    private readonly double[] _scores;

    internal SelectFromModelModel(ModelSignature signature, double[] scores, double threshold, bool[] support, IModel? estimator)
    {
        Signature = signature;
        _scores = scores;
        Threshold = threshold;
        _support = support;
        Estimator = estimator;
        FeatureNamesOut = signature.Inputs.Where((_, i) => support[i]).Select(c => c.Name).ToArray();
    }

    /// <summary>The importance of each input feature.</summary>
    public IReadOnlyList<double> Scores => _scores;

    /// <summary>The threshold applied (<c>threshold_</c>).</summary>
    public double Threshold { get; }

    /// <summary>Which input features are kept (<c>get_support()</c>).</summary>
    public IReadOnlyList<bool> Support => _support;

    /// <summary>The model fitted on all features (null after loading: the model file keeps only the selection).</summary>
    public IModel? Estimator { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) => SelectionSupport.Apply(Signature, FeatureNamesOut, x, "SelectFromModel");

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.Write("scores", _scores);
        writer.Write("threshold", Threshold);
        writer.Write("support", _support.AsSpan());
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static SelectFromModelModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = reader.ReadSignature("signature");
        var p = signature.Inputs.Count;
        return new SelectFromModelModel(signature, reader.ReadDoubles("scores", p), reader.ReadDouble("threshold"), reader.ReadBooleans("support", p), null);
    }
}

/// <summary>Column selection shared by the model-based selectors.</summary>
internal static class SelectionSupport
{
    public static Frame Apply(ModelSignature signature, IReadOnlyList<string> keep, Frame x, string consumer)
    {
        ArgumentNullException.ThrowIfNull(x);
        var conformed = signature.Conform(x, consumer);
        return conformed.Select(keep);
    }
}
