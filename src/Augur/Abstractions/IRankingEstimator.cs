using Augur.Data;

namespace Augur;

/// <summary>An estimator that learns to rank rows within query groups (the group of each row is given to <see cref="FitRanking"/>).</summary>
public interface IRankingEstimator
{
    /// <summary>Fits on features <paramref name="x"/>, relevance labels <paramref name="y"/> and the query group of each row.</summary>
    IPredictor FitRanking(Frame x, Column y, Column group, double[]? sampleWeight = null);
}
