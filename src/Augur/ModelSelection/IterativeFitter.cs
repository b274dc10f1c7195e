using Augur.Metrics;

namespace Augur.ModelSelection;

/// <summary>What one fold's fit through an <see cref="IterativeFitter"/> reports back to the search.</summary>
internal sealed class FitProgress
{
    /// <summary>
    /// Called with (iteration, value) after every iteration, the value being the search's ranking score on the fold's test
    /// rows (higher is better); returning true stops the fit as pruned. Null: no intermediate values (no pruner).
    /// </summary>
    public Func<long, double, bool>? Report { get; init; }

    /// <summary>Iterations the fit ran (set by the fitter).</summary>
    public long Iterations { get; set; }

    /// <summary>True when <see cref="Report"/> asked to stop (the fitter then throws <see cref="TrialPrunedException"/>).</summary>
    public bool Pruned { get; set; }

    /// <summary>The iteration at which the fit was stopped (0 unless pruned).</summary>
    public long PrunedAt { get; set; }
}

/// <summary>
/// Fits an iterative estimator on a fold for a search: reports a validation value after every iteration, so that a pruner
/// can stop it, and may keep state across the search's fits (prepared native data sets), released by <see cref="Dispose"/>.
/// <see cref="For"/> knows the iterative estimators of the library (and pipelines that end in one).
/// </summary>
internal abstract partial class IterativeFitter : IDisposable
{
    /// <summary>
    /// Fits <paramref name="estimator"/> on the fold's training rows, reporting through <paramref name="progress"/>; when
    /// its <see cref="FitProgress.Report"/> returns true the fit stops and <see cref="TrialPrunedException"/> is thrown.
    /// A fold marked <see cref="FoldData.Reusable"/> is the same object in every trial, so per-fold preparations may be
    /// kept across fits.
    /// </summary>
    public abstract IModel Fit(IEstimator<IModel> estimator, FoldData fold, FitProgress progress);

    /// <summary>
    /// The fitter for <paramref name="estimator"/>, or null when it is not iterative (pruning then works per fold).
    /// <paramref name="nativeThreads"/> &gt; 0 caps the native threads of each fit whose estimator asks for all cores
    /// (the search already runs fits side by side); 0 leaves the estimator's own setting.
    /// </summary>
    public static IterativeFitter? For(IEstimator<IModel> estimator, Scorer scorer, int nativeThreads = 0)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(scorer);
        IterativeFitter? fitter = null;
        FindBoosting(estimator, scorer, nativeThreads, ref fitter);
        return fitter;
    }

    static partial void FindBoosting(IEstimator<IModel> estimator, Scorer scorer, int nativeThreads, ref IterativeFitter? fitter);

    /// <summary>Releases what the fitter kept across fits.</summary>
    public virtual void Dispose() => GC.SuppressFinalize(this);
}
