namespace Augur.Serialization;

/// <summary>
/// What a model file says about its model besides the fitted state: when and by which Augur it was made, the
/// metrics measured on it, a fingerprint and profile of the training data, and free-form tags.
/// </summary>
public sealed record ModelCard
{
    /// <summary>A short name (the CLI uses the model file's stem when none is given).</summary>
    public string? Name { get; init; }

    /// <summary>A description for humans.</summary>
    public string? Description { get; init; }

    /// <summary>When the model was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The Augur version that wrote the file (filled in when saving).</summary>
    public string? AugurVersion { get; init; }

    /// <summary>A human description of the estimator (for example <c>Pipeline(auto → LogisticRegression)</c>).</summary>
    public string? Estimator { get; init; }

    /// <summary>Estimator options, by name, for display (not used to predict).</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }

    /// <summary>Metric name to value (scikit-learn's names: <c>accuracy</c>, <c>roc_auc</c>, <c>r2</c>, …).</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Where the metrics were measured: <c>test</c> (held out), <c>train</c> or <c>cv</c>.</summary>
    public string? MetricsOn { get; init; }

    /// <summary>A fingerprint of the training data.</summary>
    public DataFingerprint? TrainingData { get; init; }

    /// <summary>The reference profile of the training data, used to validate input and detect drift.</summary>
    public Profiling.ReferenceProfile? Profile { get; init; }

    /// <summary>Free-form tags.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
