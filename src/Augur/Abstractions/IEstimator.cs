using Augur.Data;

namespace Augur;

/// <summary>
/// An estimator holds options only (it is an immutable record with sensible defaults). <see cref="Fit"/>
/// learns from data and returns an immutable, thread-safe fitted model. The estimator is never changed by
/// fitting, so one estimator can be fitted many times, concurrently, on different data.
/// </summary>
/// <typeparam name="TModel">The fitted model type.</typeparam>
public interface IEstimator<out TModel> where TModel : IModel
{
    /// <summary>Learns from the feature columns <paramref name="x"/>.</summary>
    /// <param name="x">Feature columns, one row per sample.</param>
    /// <param name="y">The target (labels or values), or null for unsupervised estimators and most transformers.</param>
    /// <param name="sampleWeight">Optional non-negative weight per row; null means every row weighs 1.</param>
    /// <returns>The fitted model.</returns>
    TModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null);
}
