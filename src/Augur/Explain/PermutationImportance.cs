using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;

namespace Augur.Explain;

/// <summary>
/// The result of <see cref="PermutationImportance"/>: for each input column, how much the score drops when the
/// column's values are shuffled (scikit-learn's <c>permutation_importance</c>).
/// </summary>
public sealed record PermutationImportanceResult
{
    /// <summary>The input columns, in the model's input order.</summary>
    public required IReadOnlyList<string> FeatureNames { get; init; }

    /// <summary>The scorer used (higher is better; losses are negated).</summary>
    public required string Scoring { get; init; }

    /// <summary>The score on the unshuffled data.</summary>
    public required double BaselineScore { get; init; }

    /// <summary>Mean decrease in score over the repeats, one per feature.</summary>
    public required IReadOnlyList<double> ImportancesMean { get; init; }

    /// <summary>Population standard deviation of the decrease over the repeats, one per feature.</summary>
    public required IReadOnlyList<double> ImportancesStd { get; init; }

    /// <summary>The decrease of every repeat: features × repeats.</summary>
    public required Matrix Importances { get; init; }

    /// <summary>Feature indices sorted by decreasing mean importance (ties by input order).</summary>
    public int[] Ranking() => Enumerable.Range(0, FeatureNames.Count).OrderByDescending(j => ImportancesMean[j]).ThenBy(j => j).ToArray();
}

/// <summary>
/// Permutation feature importance for any fitted classifier or regressor (Breiman, 2001; scikit-learn's
/// <c>permutation_importance</c>): each input column is shuffled <see cref="NRepeats"/> times and the model rescored;
/// the importance is the baseline score minus the shuffled score. Every (column, repeat) draws its own permutation from
/// a seed derived from <see cref="RandomState"/>, so results do not depend on the number of threads.
/// </summary>
public sealed record PermutationImportance
{
    /// <summary>How many times each column is shuffled.</summary>
    public int NRepeats { get; init; } = 5;

    /// <summary>A scorer name from <see cref="Scorers"/>; null means the task's default (accuracy or R²).</summary>
    public string? Scoring { get; init; }

    /// <summary>Seed for the permutations.</summary>
    public int RandomState { get; init; }

    /// <summary>Parallel scoring calls; null uses every core.</summary>
    public int? NJobs { get; init; }

    /// <summary>
    /// Rows drawn (without replacement, once per repeat) to score on: a count when at least 1, a fraction of the rows
    /// when below 1; null uses every row.
    /// </summary>
    public double? MaxSamples { get; init; }

    /// <summary>Computes the importances of <paramref name="model"/>'s input columns on <paramref name="x"/> and <paramref name="y"/>.</summary>
    public PermutationImportanceResult Compute(IPredictor model, Frame x, Column y, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (NRepeats < 1) throw new AugurException($"PermutationImportance option 'n_repeats' must be at least 1, not {NRepeats}");
        if (NJobs is < 1) throw new AugurException($"PermutationImportance option 'n_jobs' must be at least 1, not {NJobs}");
        if (y.Length != x.RowCount) throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {x.RowCount}");
        if (sampleWeight is not null && sampleWeight.Length != x.RowCount)
            throw new AugurException($"sample weights have {sampleWeight.Length} entries but the features have {x.RowCount} rows");
        if (x.RowCount == 0) throw new AugurException("permutation importance needs at least one row");
        var scorer = Scoring is null ? Scorers.Default(model.Task) : Scorers.Get(Scoring);
        var data = FrameMixer.Inputs(model, x, "PermutationImportance");
        var n = data.RowCount;
        var size = n;
        if (MaxSamples is { } ms)
        {
            if (!(ms > 0) || (ms >= 1 && ms != Math.Floor(ms)) || (ms >= 1 && ms > n))
                throw new AugurException($"PermutationImportance option 'max_samples' must be a fraction in (0, 1) or a whole count up to the {n} rows, not {ms}");
            size = ms < 1 ? Math.Max(1, (int)(ms * n)) : (int)ms;
        }
        var baseline = scorer.Score(model, data, y, sampleWeight);
        var p = data.ColumnCount;
        var scores = new Matrix(p, NRepeats);
        var options = new ParallelOptions { MaxDegreeOfParallelism = NJobs ?? Environment.ProcessorCount };
        Parallel.For(0, p * NRepeats, options, t =>
        {
            var j = t / NRepeats;
            var r = t % NRepeats;
            var rng = new Rng(Rng.Derive(RandomState, t));
            Frame frame = data;
            Column target = y;
            var weight = sampleWeight;
            if (size < n)
            {
                var rows = rng.SampleWithoutReplacement(n, size);
                frame = data.Take(rows);
                target = y.Take(rows);
                weight = sampleWeight is null ? null : rows.Select(i => sampleWeight[i]).ToArray();
            }
            var perm = rng.Permutation(frame.RowCount);
            var shuffled = frame.WithColumn(frame[j].Take(perm));
            scores[j, r] = scorer.Score(model, shuffled, target, weight);
        });
        var importances = new Matrix(p, NRepeats);
        var mean = new double[p];
        var std = new double[p];
        for (var j = 0; j < p; j++)
        {
            for (var r = 0; r < NRepeats; r++) importances[j, r] = baseline - scores[j, r];
            var row = importances.Row(j);
            double s = 0;
            foreach (var v in row) s += v;
            mean[j] = s / NRepeats;
            double ss = 0;
            foreach (var v in row) ss += (v - mean[j]) * (v - mean[j]);
            std[j] = Math.Sqrt(ss / NRepeats);
        }
        return new PermutationImportanceResult
        {
            FeatureNames = data.ColumnNames.ToArray(),
            Scoring = scorer.Name,
            BaselineScore = baseline,
            ImportancesMean = mean,
            ImportancesStd = std,
            Importances = importances,
        };
    }
}
