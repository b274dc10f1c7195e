using Augur.Metrics;

namespace Augur.ModelSelection;

/// <summary>
/// Fits an iterative estimator on a fold while reporting a validation value after every iteration, so that a pruner can
/// stop it. <see cref="For"/> knows the iterative estimators of the library (and pipelines that end in one).
/// </summary>
internal abstract partial class IterativeFitter
{
    /// <summary>
    /// Fits <paramref name="estimator"/> on the fold's training rows, calling <paramref name="report"/> with (iteration, value)
    /// after every iteration, the value oriented so that higher is better; when it returns true the fit stops and
    /// <see cref="TrialPrunedException"/> is thrown.
    /// </summary>
    public abstract IModel Fit(IEstimator<IModel> estimator, FoldData fold, Func<long, double, bool> report);

    /// <summary>The fitter for <paramref name="estimator"/>, or null when it is not iterative (pruning then works per fold).</summary>
    public static IterativeFitter? For(IEstimator<IModel> estimator, Scorer scorer)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(scorer);
        IterativeFitter? fitter = null;
        FindBoosting(estimator, scorer, ref fitter);
        return fitter;
    }

    static partial void FindBoosting(IEstimator<IModel> estimator, Scorer scorer, ref IterativeFitter? fitter);
}
