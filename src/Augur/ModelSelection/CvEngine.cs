using System.Diagnostics;
using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Serialization;

namespace Augur.ModelSelection;

/// <summary>The rows of one fold, sliced once and shared by every evaluation on it.</summary>
internal sealed class FoldData
{
    public FoldData(Fold fold, Frame trainX, Column? trainY, double[]? trainWeight, Frame testX, Column? testY, bool reusable = false)
    {
        Reusable = reusable;
        Fold = fold;
        TrainX = trainX;
        TrainY = trainY;
        TrainWeight = trainWeight;
        TestX = testX;
        TestY = testY;
    }

    public Fold Fold { get; }
    public Frame TrainX { get; }
    public Column? TrainY { get; }
    public double[]? TrainWeight { get; }
    public Frame TestX { get; }
    public Column? TestY { get; }

    /// <summary>True when this very object serves every evaluation on the fold (so per-fold work may be cached on it).</summary>
    public bool Reusable { get; }
}

/// <summary>Data and folds prepared once for many evaluations (cross-validation, every trial of a search).</summary>
internal sealed class CvData
{
    private readonly Lazy<FoldData>[] _folds;

    public CvData(Frame x, Column? y, double[]? sampleWeight, IReadOnlyList<Fold> folds)
    {
        X = x;
        Y = y;
        Weight = sampleWeight;
        Folds = folds;
        _folds = folds.Select(f => new Lazy<FoldData>(() => Slice(f, f.Train, reusable: true), LazyThreadSafetyMode.ExecutionAndPublication)).ToArray();
    }

    public Frame X { get; }
    public Column? Y { get; }
    public double[]? Weight { get; }
    public IReadOnlyList<Fold> Folds { get; }
    public int Count => Folds.Count;
    public FoldData this[int fold] => _folds[fold].Value;

    public FoldData Slice(Fold f) => Slice(f, f.Train);

    /// <summary>The fold with its training rows restricted to <paramref name="train"/>.</summary>
    public FoldData Slice(Fold f, int[] train, bool reusable = false) =>
        new(f, X.Take(train), Y?.Take(train), Weight is null ? null : train.Select(i => Weight[i]).ToArray(), X.Take(f.Test), Y?.Take(f.Test), reusable);

    public static CvData Create(string caller, Frame x, Column? y, double[]? sampleWeight, Column? groups, ISplitter splitter)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(splitter);
        if (y is not null && y.Length != x.RowCount)
            throw new AugurException($"{caller}: the target '{y.Name}' has {y.Length} rows but the features have {x.RowCount}");
        if (groups is not null && groups.Length != x.RowCount)
            throw new AugurException($"{caller}: the groups column '{groups.Name}' has {groups.Length} rows but the features have {x.RowCount}");
        ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var folds = splitter.Split(x.RowCount, y, groups).ToArray();
        if (folds.Length == 0) throw new AugurException($"{caller}: the splitter {splitter.GetType().Name} made no folds");
        foreach (var f in folds)
        {
            if (f.Train.Length == 0 || f.Test.Length == 0)
                throw new AugurException($"{caller}: the splitter {splitter.GetType().Name} made a fold with an empty training or test set");
        }
        return new CvData(x, y, sampleWeight, folds);
    }
}

/// <summary>What one fit-and-score on one fold gave.</summary>
internal sealed class FoldOutcome
{
    public required double[] TestScores { get; init; }
    public double[]? TrainScores { get; init; }
    public double FitSeconds { get; init; }
    public double ScoreSeconds { get; init; }
    public IModel? Model { get; init; }
    public string? Error { get; init; }
    public bool Pruned { get; init; }
}

/// <summary>Fits an estimator on a fold and scores it: the one routine behind cross-validation and every search.</summary>
internal static class CvEngine
{
    /// <summary>Resolves scorer names; none means the default scorer of the task (accuracy or R²), decided after fitting.</summary>
    public static Scorer[]? ResolveScorers(IEnumerable<string>? scoring)
    {
        if (scoring is null) return null;
        var names = scoring.ToArray();
        if (names.Length == 0) return null;
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            throw new AugurException($"a scorer is named twice in: {string.Join(", ", names)}");
        return names.Select(Scorers.Get).ToArray();
    }

    /// <summary>The scorers to use for <paramref name="estimator"/>: the given ones, or its task's default.</summary>
    public static Scorer[] ScorersFor(Scorer[]? scorers, IEstimator<IModel> estimator, Column? y) =>
        scorers ?? [Scorers.Default(GuessTask(estimator, y))];

    /// <summary>The task an estimator will fit: classification for classifiers (pipelines: their final step), else regression.</summary>
    public static ModelTask GuessTask(IEstimator<IModel> estimator, Column? y)
    {
        if (!IsClassifier(estimator)) return estimator is IEstimator<IRegressor> || IsRegressorPipeline(estimator) ? ModelTask.Regression : ModelTask.Clustering;
        return y is not null && ClassLabels.Of(y).Count > 2 ? ModelTask.MulticlassClassification : ModelTask.BinaryClassification;
    }

    /// <summary>True when <paramref name="estimator"/> fits a classifier (for a pipeline: when its final step does).</summary>
    public static bool IsClassifier(IEstimator<IModel> estimator) => Unwrap(estimator) is IEstimator<IClassifier>;

    private static bool IsRegressorPipeline(IEstimator<IModel> estimator) => Unwrap(estimator) is IEstimator<IRegressor>;

    /// <summary>The estimator that decides the kind of model: the final step of a pipeline, the tuned estimator of a search.</summary>
    public static IEstimator<IModel> Unwrap(IEstimator<IModel> estimator) => estimator switch
    {
        Pipeline p => Unwrap(p.FinalStep),
        SearchBase s => Unwrap(s.Estimator),
        _ => estimator,
    };

    /// <summary>
    /// Fits <paramref name="estimator"/> on the fold's training rows and scores it on the test rows (and the training
    /// rows when asked). Errors are caught and reported when <paramref name="catchErrors"/> is set. A model that is not
    /// kept and is disposable (a search's live boosting model) is disposed once scored.
    /// </summary>
    public static FoldOutcome RunFold(
        IEstimator<IModel> estimator, FoldData fold, Scorer[] scorers, bool trainScores, bool keepModel, bool catchErrors,
        Func<IEstimator<IModel>, FoldData, IModel>? fitter = null)
    {
        var watch = Stopwatch.StartNew();
        IModel model;
        try
        {
            model = fitter is null ? estimator.Fit(fold.TrainX, fold.TrainY, fold.TrainWeight) : fitter(estimator, fold);
        }
        catch (TrialPrunedException)
        {
            return new FoldOutcome { TestScores = [], FitSeconds = watch.Elapsed.TotalSeconds, Pruned = true };
        }
        catch (Exception e) when (catchErrors && e is not OperationCanceledException)
        {
            return new FoldOutcome { TestScores = [], FitSeconds = watch.Elapsed.TotalSeconds, Error = Describe(e) };
        }
        var fitSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        using var owned = keepModel ? null : model as IDisposable;
        try
        {
            if (model is not IPredictor predictor)
                throw new AugurException($"the fitted model ({model.Kind}) does not predict, so it cannot be scored");
            if (fold.TestY is null) throw new AugurException("scoring needs the target");
            var test = ScoreAll(predictor, fold.TestX, fold.TestY, scorers);
            var train = trainScores ? ScoreAll(predictor, fold.TrainX, fold.TrainY!, scorers) : null;
            return new FoldOutcome
            {
                TestScores = test,
                TrainScores = train,
                FitSeconds = fitSeconds,
                ScoreSeconds = watch.Elapsed.TotalSeconds,
                Model = keepModel ? model : null,
            };
        }
        catch (Exception e) when (catchErrors && e is not OperationCanceledException)
        {
            return new FoldOutcome { TestScores = [], FitSeconds = fitSeconds, ScoreSeconds = watch.Elapsed.TotalSeconds, Error = Describe(e) };
        }
    }

    /// <summary>Scores with every scorer, computing the model's predictions and probabilities once.</summary>
    public static double[] ScoreAll(IPredictor model, Frame x, Column y, Scorer[] scorers)
    {
        var scores = new double[scorers.Length];
        var cached = scorers.Length > 1 ? PredictionCache.Wrap(model) : model;
        for (var i = 0; i < scorers.Length; i++) scores[i] = scorers[i].Score(cached, x, y);
        return scores;
    }

    public static string Describe(Exception e) => e is AugurException ? e.Message : $"{e.GetType().Name}: {e.Message}";

    /// <summary>Runs <paramref name="body"/> for 0..count-1, in parallel up to <paramref name="maxDegreeOfParallelism"/> (≤ 0: all cores).</summary>
    public static void For(int count, int maxDegreeOfParallelism, Action<int> body, CancellationToken cancellation = default)
    {
        if (count == 0) return;
        if (maxDegreeOfParallelism == 1 || count == 1)
        {
            for (var i = 0; i < count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                body(i);
            }
            return;
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism <= 0 ? -1 : maxDegreeOfParallelism, CancellationToken = cancellation };
        var errors = new Exception?[count];
        Parallel.For(0, count, options, (i, state) =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                errors[i] = e;
                state.Stop();
            }
        });
        // The error of the lowest index, as a sequential loop would raise it (not an AggregateException).
        foreach (var e in errors)
            if (e is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
    }

    /// <summary>Mean and population standard deviation (NumPy's defaults).</summary>
    public static (double Mean, double Std) MeanStd(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return (double.NaN, double.NaN);
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        var ss = 0.0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(ss / values.Length));
    }
}

/// <summary>Thrown by a fit when the search's pruner stops the trial.</summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialPrunedException() : base("the trial was pruned") { }

    /// <summary>Creates the exception with a message.</summary>
    public TrialPrunedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TrialPrunedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Wraps a fitted model so that several scorers share one computation of its predictions on the same frame.</summary>
internal static class PredictionCache
{
    public static IPredictor Wrap(IPredictor model) => model switch
    {
        IClassifier c => new CachedClassifier(c),
        IRegressor r => new CachedRegressor(r),
        _ => new CachedPredictor(model),
    };

    private class CachedPredictor(IPredictor inner) : IPredictor
    {
        private Frame? _predicted;
        private Column? _prediction;

        public string Kind => inner.Kind;
        public ModelSignature Signature => inner.Signature;
        public ModelTask Task => inner.Task;
        public void Save(ModelWriter writer) => inner.Save(writer);

        public Column Predict(Frame x)
        {
            if (!ReferenceEquals(x, _predicted)) { _prediction = inner.Predict(x); _predicted = x; }
            return _prediction!;
        }
    }

    private sealed class CachedClassifier(IClassifier inner) : CachedPredictor(inner), IClassifier
    {
        private Frame? _probaFrame;
        private Matrix? _proba;

        public ClassLabels Classes => inner.Classes;

        public Matrix PredictProba(Frame x)
        {
            if (!ReferenceEquals(x, _probaFrame)) { _proba = inner.PredictProba(x); _probaFrame = x; }
            return _proba!;
        }
    }

    private sealed class CachedRegressor(IRegressor inner) : CachedPredictor(inner), IRegressor
    {
        private Frame? _valuesFrame;
        private double[]? _values;

        public double[] PredictValues(Frame x)
        {
            if (!ReferenceEquals(x, _valuesFrame)) { _values = inner.PredictValues(x); _valuesFrame = x; }
            return _values!;
        }
    }
}
