using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>
/// Successive halving (scikit-learn's <c>HalvingGridSearchCV</c> / <c>HalvingRandomSearchCV</c>): every candidate is first
/// cross-validated with few resources; the best <c>1 / Factor</c> go on to the next round with <see cref="Factor"/> times
/// more, until the resources or the candidates run out. The resource is the number of training rows (each fold's training
/// and test rows are subsampled, reproducibly from <see cref="SearchBase.RandomState"/>) or an integer option such as
/// <c>n_estimators</c> (boosting iterations). The best candidate is the best of the last round.
/// </summary>
public sealed record HalvingSearch : SearchBase
{
    /// <summary>Creates the search over explicit candidates (a grid; <see cref="MinResources"/> defaults to exhausting the resources).</summary>
    public HalvingSearch(IEstimator<IModel> estimator, IReadOnlyList<IReadOnlyDictionary<string, object?>> candidates) : base(estimator)
    {
        Candidates = candidates ?? throw new ArgumentNullException(nameof(candidates));
    }

    /// <summary>Creates the search over candidates drawn from <paramref name="space"/> (as <c>HalvingRandomSearchCV</c>).</summary>
    public HalvingSearch(IEstimator<IModel> estimator, SearchSpace space) : base(estimator)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
    }

    /// <summary>Explicit candidates (grid mode), or null in random mode.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>>? Candidates { get; init; }

    /// <summary>The space candidates are drawn from (random mode), or null in grid mode.</summary>
    public SearchSpace? Space { get; init; }

    /// <summary>Random mode: how many candidates to draw; null means as many as the smallest round allows (<c>max_resources / min_resources</c>).</summary>
    public int? NCandidates { get; init; }

    /// <summary>The option that is the resource (<c>n_estimators</c>), or null for the number of training rows.</summary>
    public string? Resource { get; init; }

    /// <summary>η: the resource grows by this factor each round and 1/η of the candidates go on.</summary>
    public int Factor { get; init; } = 3;

    /// <summary>Resources of the first round; null means scikit-learn's default ("exhaust" for grids, "smallest" for random candidates).</summary>
    public long? MinResources { get; init; }

    /// <summary>The most resources a candidate gets; null means every row (required when <see cref="Resource"/> is an option).</summary>
    public long? MaxResources { get; init; }

    /// <summary>Repeat the first round's resources until few enough candidates are left to finish within the resources.</summary>
    public bool AggressiveElimination { get; init; }

    private protected override void Execute(SearchRunner runner)
    {
        if (Factor < 2) throw new AugurException($"successive halving needs factor ≥ 2, not {Factor}");
        var data = runner.Data;
        var nSamples = data.X.RowCount;
        var onRows = Resource is null;
        var maxResources = MaxResources ?? (onRows ? nSamples
            : throw new AugurException($"successive halving over '{Resource}' needs max_resources (the most {Resource} a candidate may get)"));
        if (onRows && maxResources > nSamples) throw new AugurException($"max_resources={maxResources} exceeds the {nSamples} rows");
        long smallest;
        if (onRows)
        {
            smallest = 2L * data.Count;
            if (CvEngine.IsClassifier(Estimator) && data.Y is not null) smallest *= ClassLabels.Of(data.Y).Count;
        }
        else smallest = 1;
        var grid = Candidates is not null;
        var minResources = MinResources ?? smallest;
        var candidates = Candidates;
        if (candidates is null)
        {
            Space!.Validate(Estimator);
            var n = NCandidates ?? (int)Math.Max(1, maxResources / minResources);
            var rng = new Rng(RandomState);
            candidates = Enumerable.Range(0, n).Select(_ => Space.Sample(rng)).ToArray();
        }
        if (candidates.Count == 0) throw new AugurException("successive halving has no candidates");
        var required = 1 + (int)Math.Floor(Math.Log(candidates.Count) / Math.Log(Factor) + 1e-12);
        if (grid && MinResources is null) minResources = Math.Max(minResources, maxResources / Pow(Factor, required - 1));
        if (minResources < 1 || minResources > maxResources)
            throw new AugurException($"successive halving: min_resources={minResources} must be in [1, max_resources={maxResources}]");
        var possible = 1 + (int)Math.Floor(Math.Log((double)(maxResources / minResources)) / Math.Log(Factor) + 1e-12);
        var iterations = AggressiveElimination ? required : Math.Min(possible, required);
        var current = candidates;
        for (var itr = 0; itr < iterations && current.Count > 0; itr++)
        {
            var power = AggressiveElimination ? Math.Max(0, itr - required + possible) : itr;
            var resources = Math.Min(Pow(Factor, power) * minResources, maxResources);
            IReadOnlyList<Trial> ran;
            if (onRows)
            {
                var fraction = (double)resources / nSamples;
                var folds = Enumerable.Range(0, data.Count).Select(f => new Lazy<FoldData>(() => Subsample(data, f, fraction, itr))).ToArray();
                ran = runner.RunBatch(current, itr, resources, f => folds[f].Value);
            }
            else
            {
                var withResource = current.Select(c => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>(c, StringComparer.Ordinal) { [Resource!] = (int)resources }).ToArray();
                ran = runner.RunBatch(withResource, itr, resources);
            }
            if (ran.Count < current.Count || runner.OutOfTime) { if (itr < iterations - 1) runner.MarkTimedOut(); break; }
            var keep = (int)Math.Ceiling(current.Count / (double)Factor);
            current = ran.Select((t, i) => (t, i)).OrderByDescending(p => double.IsNaN(p.t.Score) ? double.NegativeInfinity : p.t.Score).ThenBy(p => p.i)
                .Take(keep).OrderBy(p => p.i).Select(p => current[p.i]).ToArray();
        }
    }

    private protected override int BestIndex(IReadOnlyList<Trial> trials)
    {
        if (trials.Count == 0) return -1;
        var last = trials.Max(t => t.Iteration);
        var best = -1;
        for (var i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            if (t.Iteration != last || t.State != TrialState.Complete || double.IsNaN(t.Score)) continue;
            if (best < 0 || t.Score > trials[best].Score) best = i;
        }
        return best;
    }

    private FoldData Subsample(CvData data, int f, double fraction, int iteration)
    {
        var fold = data.Folds[f];
        var rng = new Rng(Rng.Derive(Rng.Derive(RandomState, iteration), f));
        int[] Pick(int[] rows)
        {
            var n = Math.Max(1, (int)(fraction * rows.Length));
            var idx = rng.SampleWithoutReplacement(rows.Length, n);
            var picked = idx.Select(i => rows[i]).ToArray();
            Array.Sort(picked);
            return picked;
        }
        var train = Pick(fold.Train);
        var test = Pick(fold.Test);
        return data.Slice(new Fold(train, test), train, reusable: true);
    }

    private static long Pow(int b, int e)
    {
        long r = 1;
        for (var i = 0; i < e; i++) r *= b;
        return r;
    }
}
