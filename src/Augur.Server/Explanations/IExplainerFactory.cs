using Augur.Data;
using Augur.Serialization;

namespace Augur.Server.Explanations;

/// <summary>
/// Makes SHAP explainers for served models. The server asks once per loaded model version (lazily, on the first
/// <c>/explain</c> request) and keeps the answer with that version, so a reload gets a fresh explainer.
/// </summary>
public interface IExplainerFactory
{
    /// <summary>An explainer for <paramref name="model"/>, or null when this kind of model cannot be explained.</summary>
    /// <param name="model">The fitted model (thread-safe, immutable).</param>
    /// <param name="card">Its model card (training-data profile and metrics), for background data.</param>
    IModelExplainer? Create(IModel model, ModelCard card);
}

/// <summary>Computes SHAP values for the rows of a frame. Must be thread-safe: many requests share one explainer.</summary>
public interface IModelExplainer
{
    /// <summary>The SHAP values of every row of <paramref name="x"/> (columns matched by name, as for prediction).</summary>
    ShapValues Explain(Frame x);
}

/// <summary>
/// SHAP values for a batch of rows: for each row, each output (one for regressors and binary scores, one per class for
/// multiclass models) and each feature, the feature's contribution; contributions plus the output's base value add up
/// to the model's output for that row.
/// </summary>
public sealed record ShapValues
{
    /// <summary>The features the values are attributed to, in order.</summary>
    public required IReadOnlyList<string> FeatureNames { get; init; }

    /// <summary>The explained outputs (for example <c>value</c>, or the class labels), in order.</summary>
    public required IReadOnlyList<string> OutputNames { get; init; }

    /// <summary>The expected output over the background data, one per output.</summary>
    public required double[] BaseValues { get; init; }

    /// <summary>The SHAP values, row-major with shape [rows, outputs, features].</summary>
    public required double[] Values { get; init; }

    /// <summary>The number of rows explained.</summary>
    public required int Rows { get; init; }

    /// <summary>The model output the values add up to, row-major [rows, outputs]; null when not known.</summary>
    public double[]? ModelOutput { get; init; }

    /// <summary>The scale of the values (<c>margin</c>, <c>probability</c>, <c>value</c> or <c>log_odds</c>); null when not known.</summary>
    public string? OutputSpace { get; init; }

    /// <summary>The algorithm (<c>tree</c>, <c>linear</c>, <c>kernel</c> …); null when not known.</summary>
    public string? Method { get; init; }

    /// <summary>Checks that the arrays agree with the names and row count; throws <see cref="InvalidOperationException"/> otherwise.</summary>
    public void Validate()
    {
        if (BaseValues.Length != OutputNames.Count)
            throw new InvalidOperationException($"{BaseValues.Length} base values for {OutputNames.Count} outputs");
        if (Values.Length != (long)Rows * OutputNames.Count * FeatureNames.Count)
            throw new InvalidOperationException($"{Values.Length} SHAP values for {Rows} rows × {OutputNames.Count} outputs × {FeatureNames.Count} features");
        if (ModelOutput is not null && ModelOutput.Length != (long)Rows * OutputNames.Count)
            throw new InvalidOperationException($"{ModelOutput.Length} model outputs for {Rows} rows × {OutputNames.Count} outputs");
    }
}
