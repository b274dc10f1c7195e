namespace Augur.Explain;

/// <summary>The scale on which an explanation's values, base values and model outputs are expressed.</summary>
public enum OutputSpace
{
    /// <summary>
    /// The model's raw score before any link: the decision function of a linear model, the raw score of a boosted model
    /// (log-odds for binary LightGBM models, one score per class for multiclass ones, the log of the prediction for
    /// Poisson and Tweedie regressors). Regressors whose raw score is the prediction itself report <see cref="Value"/>.
    /// </summary>
    Margin,
    /// <summary>Class probabilities (what <see cref="IClassifier.PredictProba"/> returns).</summary>
    Probability,
    /// <summary>The predicted value of a regressor.</summary>
    Value,
    /// <summary>
    /// The log-odds of each class probability, <c>log(p / (1 − p))</c>, applied after averaging probabilities over the
    /// background (SHAP's <c>logit</c> link).
    /// </summary>
    LogOdds,
}

/// <summary>Names of output spaces as they appear in JSON and on the command line.</summary>
public static class OutputSpaces
{
    /// <summary>The snake_case name (<c>margin</c>, <c>probability</c>, <c>value</c>, <c>log_odds</c>).</summary>
    public static string ToName(this OutputSpace space) => space switch
    {
        OutputSpace.Margin => "margin",
        OutputSpace.Probability => "probability",
        OutputSpace.Value => "value",
        OutputSpace.LogOdds => "log_odds",
        _ => throw new ArgumentOutOfRangeException(nameof(space)),
    };

    /// <summary>Parses a name written by <see cref="ToName"/> (also <c>raw</c> for margin and <c>logit</c> for log-odds).</summary>
    public static OutputSpace Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant().Replace('-', '_') switch
        {
            "margin" or "raw" => OutputSpace.Margin,
            "probability" or "proba" => OutputSpace.Probability,
            "value" or "identity" => OutputSpace.Value,
            "log_odds" or "logodds" or "logit" => OutputSpace.LogOdds,
            _ => throw new AugurException($"unknown output space '{name}'; use margin, probability, value or log_odds"),
        };
    }
}
