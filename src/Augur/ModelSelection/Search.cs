using System.Diagnostics;
using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using Augur.Pipelines;
using System.Runtime.CompilerServices;

namespace Augur.ModelSelection;

/// <summary>
/// What every search shares: the estimator, the cross-validation, the scoring, parallelism, a time budget, pruning and
/// refitting. A search is an immutable options record; <see cref="Run"/> performs it and returns a <see cref="SearchResult"/>.
/// A search is also an estimator: <see cref="Fit"/> runs it and returns the best model refitted on all the data.
/// </summary>
public abstract record SearchBase : IEstimator<IModel>
{
    /// <summary>Creates the search over <paramref name="estimator"/>.</summary>
    private protected SearchBase(IEstimator<IModel> estimator) => Estimator = estimator ?? throw new ArgumentNullException(nameof(estimator));

    /// <summary>The estimator (or pipeline) whose options are tuned.</summary>
    public IEstimator<IModel> Estimator { get; init; }

    /// <summary>The splitter; null means <see cref="CvFolds"/>-fold, stratified for classifiers (scikit-learn's default).</summary>
    public ISplitter? Cv { get; init; }

    /// <summary>Folds when <see cref="Cv"/> is null.</summary>
    public int CvFolds { get; init; } = 5;

    /// <summary>Scorer names; null means the task's default (accuracy or R²).</summary>
    public IReadOnlyList<string>? Scoring { get; init; }

    /// <summary>The metric that ranks trials and picks the best (one of <see cref="Scoring"/>); null means the first.</summary>
    public string? RankBy { get; init; }

    /// <summary>Refit the best estimator on all the data at the end.</summary>
    public bool Refit { get; init; } = true;

    /// <summary>Also score each fold's model on its training rows.</summary>
    public bool ReturnTrainScore { get; init; }

    /// <summary>Trials (or folds) run at once; ≤ 0 means as many as there are cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>A time budget: no trial starts after it has passed (trials under way finish). Null means none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Seed of the search's own random choices (candidate sampling, subsampling).</summary>
    public int RandomState { get; init; }

    /// <summary>
    /// Stops unpromising trials early from intermediate values. For gradient boosting (and pipelines ending in it) each
    /// fold's test rows are watched while it trains: after every boosting iteration the ranking scorer's value on them is
    /// reported (step = fold and iteration), and a fold the pruner stops ends the trial as pruned (its other folds, which
    /// may run side by side, are judged on their own values, so results do not depend on timing). For other estimators
    /// folds run one after another and the running mean score is reported after each. Null means no pruning.
    /// </summary>
    public IPruner? Pruner { get; init; }

    /// <summary>Called after each trial ends (in completion order, never concurrently), for progress displays.</summary>
    public Action<Trial>? OnTrialComplete { get; init; }

    /// <summary>Runs the search.</summary>
    /// <param name="x">The features.</param>
    /// <param name="y">The target.</param>
    /// <param name="sampleWeight">Optional weight per row, passed to every <c>Fit</c>.</param>
    /// <param name="groups">Group labels, for group splitters.</param>
    /// <param name="cancellationToken">Stops the search (throws <see cref="OperationCanceledException"/>).</param>
    public SearchResult Run(Frame x, Column y, double[]? sampleWeight = null, Column? groups = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var watch = Stopwatch.StartNew();
        var splitter = Cv ?? CrossValidation.DefaultSplitter(CvFolds, Estimator);
        var data = CvData.Create(GetType().Name, x, y, sampleWeight, groups, splitter);
        var scorers = CvEngine.ScorersFor(CvEngine.ResolveScorers(Scoring), Estimator, y);
        var rank = RankBy is null ? 0 : Array.FindIndex(scorers, s => s.Name == RankBy);
        if (rank < 0) throw new AugurException($"rank_by '{RankBy}' is not one of the scorers ({string.Join(", ", scorers.Select(s => s.Name))})");
        IReadOnlyList<Trial> trials;
        bool timedOut;
        using (var runner = new SearchRunner(this, data, scorers, rank, watch, cancellationToken))
        {
            Execute(runner);
            trials = runner.Trials;
            timedOut = runner.TimedOut;
        }
        var best = BestIndex(trials);
        IModel? model = null;
        var refitSeconds = 0.0;
        if (Refit && best >= 0)
        {
            var refit = Stopwatch.StartNew();
            model = ParameterSetter.With(Estimator, trials[best].Params).Fit(x, y, sampleWeight);
            refitSeconds = refit.Elapsed.TotalSeconds;
        }
        return new SearchResult(trials, scorers.Select(s => s.Name).ToArray(), scorers[rank].Name, best, Estimator, model, refitSeconds,
            timedOut, watch.Elapsed.TotalSeconds, this is HalvingSearch, ReturnTrainScore);
    }

    /// <summary>Runs the search and returns the best model refitted on all the data.</summary>
    public IModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        if (y is null) throw new AugurException($"{GetType().Name} needs the target");
        var r = (this with { Refit = true }).Run(x, y, sampleWeight);
        return r.BestModel ?? throw new AugurException($"{GetType().Name}: no trial completed; the first error was: {r.Trials.FirstOrDefault(t => t.Error is not null)?.Error ?? "none"}");
    }

    /// <summary>The index of the best trial: highest score among complete trials (of the last round for successive halving), first on ties.</summary>
    private protected virtual int BestIndex(IReadOnlyList<Trial> trials)
    {
        var best = -1;
        for (var i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            if (t.State != TrialState.Complete || double.IsNaN(t.Score)) continue;
            if (best < 0 || t.Score > trials[best].Score) best = i;
        }
        return best;
    }

    private protected abstract void Execute(SearchRunner runner);
}

/// <summary>
/// Exhaustive search over a list of candidate settings (scikit-learn's <c>GridSearchCV</c>). Build the candidates with
/// <see cref="ParameterGrid"/> or <see cref="SearchSpace.Grid"/>. Results do not depend on the degree of parallelism.
/// </summary>
public sealed record GridSearch : SearchBase
{
    /// <summary>Creates the search.</summary>
    /// <param name="estimator">The estimator or pipeline.</param>
    /// <param name="candidates">The settings to try, in order.</param>
    public GridSearch(IEstimator<IModel> estimator, IReadOnlyList<IReadOnlyDictionary<string, object?>> candidates) : base(estimator)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        Candidates = candidates;
    }

    /// <summary>Creates the search over every combination of a grid (<see cref="ParameterGrid"/>).</summary>
    public GridSearch(IEstimator<IModel> estimator, ParameterGrid grid) : this(estimator, (grid ?? throw new ArgumentNullException(nameof(grid))).Candidates) { }

    /// <summary>The settings to try, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Candidates { get; init; }

    private protected override void Execute(SearchRunner runner)
    {
        if (Candidates.Count == 0) throw new AugurException("the grid search has no candidates");
        runner.RunBatch(Candidates);
    }
}

/// <summary>
/// Random search (scikit-learn's <c>RandomizedSearchCV</c>): <see cref="NIter"/> settings drawn from a
/// <see cref="SearchSpace"/> (uniform, log-uniform, integer and categorical distributions, conditional options), reproducible
/// from <see cref="SearchBase.RandomState"/>. Results do not depend on the degree of parallelism.
/// </summary>
public sealed record RandomSearch : SearchBase
{
    /// <summary>Creates the search.</summary>
    public RandomSearch(IEstimator<IModel> estimator, SearchSpace space) : base(estimator) =>
        Space = space ?? throw new ArgumentNullException(nameof(space));

    /// <summary>The distributions to draw from.</summary>
    public SearchSpace Space { get; init; }

    /// <summary>The number of settings to draw.</summary>
    public int NIter { get; init; } = 10;

    /// <summary>The settings this search will try, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Candidates()
    {
        if (NIter < 1) throw new AugurException($"a random search needs n_iter ≥ 1, not {NIter}");
        var rng = new Rng(RandomState);
        return Enumerable.Range(0, NIter).Select(_ => Space.Sample(rng)).ToArray();
    }

    private protected override void Execute(SearchRunner runner)
    {
        Space.Validate(Estimator);
        runner.RunBatch(Candidates());
    }
}

/// <summary>scikit-learn's <c>ParameterGrid</c>: every combination of the values of one or more grids.</summary>
public sealed class ParameterGrid
{
    /// <summary>Creates the grid. Within a grid, option names are sorted and the last varies fastest (as scikit-learn); grids follow each other.</summary>
    public ParameterGrid(params IReadOnlyDictionary<string, IReadOnlyList<object?>>[] grids)
    {
        ArgumentNullException.ThrowIfNull(grids);
        var list = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var grid in grids)
        {
            var keys = grid.Keys.Order(StringComparer.Ordinal).ToArray();
            foreach (var k in keys)
                if (grid[k].Count == 0) throw new AugurException($"the grid gives no values for '{k}'");
            var idx = new int[keys.Length];
            while (true)
            {
                var d = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < keys.Length; i++) d[keys[i]] = grid[keys[i]][idx[i]];
                list.Add(d);
                var p = keys.Length - 1;
                while (p >= 0 && ++idx[p] == grid[keys[p]].Count) idx[p--] = 0;
                if (p < 0) break;
            }
        }
        Candidates = list;
    }

    /// <summary>Every combination, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Candidates { get; }

    /// <summary>The number of combinations.</summary>
    public int Count => Candidates.Count;
}

/// <summary>
/// Runs trials for a search: candidate building, cross-validation, pruning, time budget, numbering and callbacks. A
/// pipeline whose preprocessing steps are not tuned has them fitted once per fold and the transformed fold reused by every
/// trial; iterative estimators (gradient boosting) go through an <see cref="IterativeFitter"/> that reports per-iteration
/// values to the pruner and keeps prepared native data across trials.
/// </summary>
internal sealed class SearchRunner : IDisposable
{
    private readonly SearchBase _search;
    private readonly CvData _data;
    private readonly Scorer[] _scorers;
    private readonly int _rank;
    private readonly Stopwatch _watch;
    private readonly CancellationToken _cancel;
    private readonly List<Trial> _trials = new();
    private readonly object _callbackLock = new();
    private readonly IterativeFitter? _iterative;
    private readonly Pipeline? _pipeline;
    private readonly ConditionalWeakTable<FoldData, Lazy<FoldData>> _prepared = new();

    public SearchRunner(SearchBase search, CvData data, Scorer[] scorers, int rank, Stopwatch watch, CancellationToken cancel)
    {
        _search = search;
        _data = data;
        _scorers = scorers;
        _rank = rank;
        _watch = watch;
        _cancel = cancel;
        Values = new IntermediateValues();
        // Fits run side by side when the search is parallel; native libraries then get one thread each.
        _iterative = IterativeFitter.For(search.Estimator, scorers[rank], Parallelism > 1 ? 1 : 0);
        _pipeline = search.Estimator is Pipeline { Steps.Count: > 1 } p ? p : null;
    }

    public CvData Data => _data;
    public Scorer[] Scorers => _scorers;
    public IntermediateValues Values { get; }
    public bool TimedOut { get; private set; }
    public int Parallelism => _search.MaxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : _search.MaxDegreeOfParallelism;
    public IReadOnlyList<Trial> Trials { get { lock (_trials) return _trials.ToArray(); } }
    public int TrialCount { get { lock (_trials) return _trials.Count; } }

    /// <summary>Records that the time budget stopped the search before all planned trials started.</summary>
    public void MarkTimedOut() => TimedOut = true;

    public bool OutOfTime => _search.Timeout is { } t && _watch.Elapsed >= t;

    /// <summary>Releases the fitter's cached native data.</summary>
    public void Dispose() => _iterative?.Dispose();

    /// <summary>
    /// Runs <paramref name="candidates"/> (numbered after the trials so far), in parallel, and returns the trials that
    /// started, in candidate order. Candidates that could not start before the time budget ran out are dropped. The cores
    /// go to trials first; what is left over runs each trial's folds side by side.
    /// </summary>
    public IReadOnlyList<Trial> RunBatch(IReadOnlyList<IReadOnlyDictionary<string, object?>> candidates, int iteration = 0, long resources = 0,
        Func<int, FoldData>? folds = null)
    {
        int first;
        lock (_trials) first = _trials.Count;
        var results = new Trial?[candidates.Count];
        var trialParallel = Math.Max(1, Math.Min(candidates.Count, Parallelism));
        var foldParallel = Math.Max(1, Parallelism / trialParallel);
        CvEngine.For(candidates.Count, trialParallel, i =>
        {
            if (OutOfTime)
            {
                TimedOut = true;
                return;
            }
            var trial = Evaluate(first + i, candidates[i], iteration, resources, folds ?? (f => _data[f]), foldParallel);
            results[i] = trial;
            if (_search.OnTrialComplete is { } callback) lock (_callbackLock) callback(trial);
        }, _cancel);
        var started = results.Where(t => t is not null).Select(t => t!).ToArray();
        // Renumber densely when some candidates were skipped for time, keeping candidate order.
        for (var i = 0; i < started.Length; i++) if (started[i].Number != first + i) started[i] = started[i] with { Number = first + i };
        lock (_trials) _trials.AddRange(started);
        return started;
    }

    /// <summary>
    /// When <paramref name="estimator"/> is the search's pipeline with its preprocessing steps untouched, the final step and
    /// folds transformed by the preprocessing fitted once per fold; otherwise the estimator and folds as they are.
    /// </summary>
    private (IEstimator<IModel> Estimator, Func<int, FoldData> Folds) Prepare(IEstimator<IModel> estimator, Func<int, FoldData> folds)
    {
        if (_pipeline is null || estimator is not Pipeline p || p.Steps.Count != _pipeline.Steps.Count) return (estimator, folds);
        for (var i = 0; i < p.Steps.Count - 1; i++)
            if (!ReferenceEquals(p.Steps[i], _pipeline.Steps[i]) && !Equals(p.Steps[i], _pipeline.Steps[i])) return (estimator, folds);
        return (p.FinalStep, f => Transformed(folds(f)));
    }

    /// <summary>The fold with the pipeline's preprocessing fitted on its training rows and applied to both parts (once per fold).</summary>
    private FoldData Transformed(FoldData fold)
    {
        if (!fold.Reusable) return TransformFold(fold);
        return _prepared.GetValue(fold, d => new Lazy<FoldData>(() => TransformFold(d), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private FoldData TransformFold(FoldData d)
    {
        var steps = _pipeline!.Steps;
        var train = d.TrainX;
        var test = d.TestX;
        for (var i = 0; i < steps.Count - 1; i++)
        {
            var model = steps[i].Fit(train, d.TrainY, d.TrainWeight);
            if (model is not ITransformerModel t)
                throw new AugurException(
                    $"pipeline step {i + 1} ({steps[i].GetType().Name}) is not a transformer; only the last step of a pipeline may be a predictor");
            train = t.Transform(train);
            test = t.Transform(test);
        }
        return new FoldData(d.Fold, train, d.TrainY, d.TrainWeight, test, d.TestY, d.Reusable);
    }

    private Trial Evaluate(int number, IReadOnlyDictionary<string, object?> parameters, int iteration, long resources, Func<int, FoldData> folds, int foldParallel)
    {
        var watch = Stopwatch.StartNew();
        IEstimator<IModel> estimator;
        try
        {
            estimator = ParameterSetter.With(_search.Estimator, parameters);
        }
        catch (Exception e) when (e is AugurException or ArgumentException or InvalidCastException)
        {
            return new Trial { Number = number, Params = parameters, State = TrialState.Failed, Error = CvEngine.Describe(e), Seconds = watch.Elapsed.TotalSeconds, Iteration = iteration, Resources = resources };
        }
        var (fitEstimator, fitFolds) = Prepare(estimator, folds);
        var k = _data.Count;
        var outcomes = new FoldOutcome[k];
        var progress = new FitProgress?[k];
        var pruner = _search.Pruner;
        var prunedAfterFolds = 0;
        var foldWatch = Stopwatch.StartNew();
        if (pruner is null || _iterative is not null)
        {
            // Folds are independent (an iterative fit is pruned on its own fold's values), so they may run side by side.
            CvEngine.For(k, foldParallel, f =>
            {
                FitProgress? p = null;
                if (_iterative is not null)
                {
                    p = progress[f] = new FitProgress
                    {
                        Report = pruner is null ? null : (iter, value) =>
                        {
                            var step = IntermediateValues.Step(f, iter);
                            Values.Report(number, step, value);
                            return pruner.ShouldPrune(number, step, Values);
                        },
                    };
                }
                outcomes[f] = RunFold(fitEstimator, fitFolds, f, p);
            }, _cancel);
        }
        else
        {
            var running = 0.0;
            for (var f = 0; f < k; f++)
            {
                _cancel.ThrowIfCancellationRequested();
                outcomes[f] = RunFold(fitEstimator, fitFolds, f, null);
                if (outcomes[f].Error is not null) break;
                running += outcomes[f].TestScores[_rank];
                var step = IntermediateValues.Step(0, f + 1);
                Values.Report(number, step, running / (f + 1));
                if (f < k - 1 && pruner.ShouldPrune(number, step, Values))
                {
                    prunedAfterFolds = f + 1;
                    break;
                }
            }
        }
        var foldSeconds = foldWatch.Elapsed.TotalSeconds;
        var ran = outcomes.Where(o => o is not null).ToArray();
        var fitTimes = ran.Select(o => o.FitSeconds).ToArray();
        var scoreTimes = ran.Select(o => o.ScoreSeconds).ToArray();
        var error = ran.FirstOrDefault(o => o.Error is not null)?.Error;
        var iterations = progress.Sum(p => p?.Iterations ?? 0);
        var prunedFold = Array.FindIndex(outcomes, o => o is not null && o.Pruned);
        if (error is not null || prunedAfterFolds > 0 || prunedFold >= 0)
        {
            long prunedAt = 0;
            var last = double.NaN;
            if (error is null && prunedFold >= 0)
            {
                prunedAt = progress[prunedFold]!.PrunedAt;
                last = Values.BestUpTo(number, IntermediateValues.Step(prunedFold, prunedAt));
            }
            else if (error is null)
            {
                prunedAt = prunedAfterFolds;
                last = Values.At(number, IntermediateValues.Step(0, prunedAfterFolds));
            }
            return new Trial
            {
                Number = number, Params = parameters, State = error is not null ? TrialState.Failed : TrialState.Pruned, Error = error,
                FitTimes = fitTimes, ScoreTimes = scoreTimes, Seconds = watch.Elapsed.TotalSeconds, Iteration = iteration, Resources = resources,
                LastIntermediate = last, PrunedAt = prunedAt, IterationsRun = iterations, FitScoreSeconds = foldSeconds,
            };
        }
        Values.MarkComplete(number);
        var test = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var train = _search.ReturnTrainScore ? new Dictionary<string, double[]>(StringComparer.Ordinal) : null;
        for (var m = 0; m < _scorers.Length; m++)
        {
            test[_scorers[m].Name] = outcomes.Select(o => o.TestScores[m]).ToArray();
            if (train is not null) train[_scorers[m].Name] = outcomes.Select(o => o.TrainScores![m]).ToArray();
        }
        return new Trial
        {
            Number = number, Params = parameters, State = TrialState.Complete, Score = CvEngine.MeanStd(test[_scorers[_rank].Name]).Mean,
            TestScores = test, TrainScores = train, FitTimes = fitTimes, ScoreTimes = scoreTimes, Seconds = watch.Elapsed.TotalSeconds,
            Iteration = iteration, Resources = resources, IterationsRun = iterations, FitScoreSeconds = foldSeconds,
        };
    }

    /// <summary>Fits and scores one fold; a failure to prepare the fold (its preprocessing) fails the fold like a failed fit.</summary>
    private FoldOutcome RunFold(IEstimator<IModel> estimator, Func<int, FoldData> folds, int f, FitProgress? progress)
    {
        FoldData fold;
        var watch = Stopwatch.StartNew();
        try
        {
            fold = folds(f);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new FoldOutcome { TestScores = [], FitSeconds = watch.Elapsed.TotalSeconds, Error = CvEngine.Describe(e) };
        }
        Func<IEstimator<IModel>, FoldData, IModel>? fitter = _iterative is null || progress is null ? null : (e, d) => _iterative.Fit(e, d, progress);
        return CvEngine.RunFold(estimator, fold, _scorers, _search.ReturnTrainScore, false, true, fitter);
    }
}
