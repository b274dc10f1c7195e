using Augur.Boosting;
using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Serialization;

namespace Augur.ModelSelection;

internal abstract partial class IterativeFitter
{
    static partial void FindBoosting(IEstimator<IModel> estimator, Scorer scorer, int nativeThreads, ref IterativeFitter? fitter)
    {
        if (ParameterSetter.FinalEstimator(estimator) is GradientBoostingClassifier or GradientBoostingRegressor)
            fitter = new BoostingSearchFitter(scorer, nativeThreads);
    }
}

/// <summary>
/// Fits gradient boosting (or a pipeline ending in it) for a search. With a pruner, the fold's test rows are the
/// validation set: after every boosting iteration the search's ranking scorer is computed on LightGBM's running
/// predictions for them and reported, and training stops when the pruner says so. The binned training (and validation)
/// datasets of every reusable fold are kept and shared by all trials, since they do not depend on the options a search
/// usually tunes (see <see cref="BoostingDatasetCache"/>). A bare boosting estimator's fold model is the booster that
/// trained (<see cref="LiveBoostingModel"/>), which the search disposes once it is scored.
/// </summary>
internal sealed class BoostingSearchFitter(Scorer scorer, int nativeThreads) : IterativeFitter
{
    private const string MetricName = "search_score";
    private readonly BoostingDatasetCache _cache = new();

    /// <summary>The dataset cache (for tests).</summary>
    public BoostingDatasetCache Cache => _cache;

    public override IModel Fit(IEstimator<IModel> estimator, FoldData fold, FitProgress progress)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(fold);
        ArgumentNullException.ThrowIfNull(progress);
        if (estimator is Pipeline pipeline) return FitPipeline(pipeline, fold, progress);
        return Fit(estimator, fold, progress, live: true);
    }

    /// <summary>
    /// Fits one estimator on the fold. A <paramref name="live"/> boosting model (the booster that trained, see
    /// <see cref="LiveBoostingModel"/>) is disposed by the search once scored; inside a pipeline the model must be a
    /// normal one, since nothing disposes it there.
    /// </summary>
    private IModel Fit(IEstimator<IModel> estimator, FoldData fold, FitProgress progress, bool live) => estimator switch
    {
        GradientBoostingClassifier c => FitClassifier(c, fold, progress, live),
        GradientBoostingRegressor r => FitRegressor(r, fold, progress, live),
        _ => estimator.Fit(fold.TrainX, fold.TrainY, fold.TrainWeight),
    };

    /// <summary>Fits the preprocessing steps, then the final step through this fitter on the transformed fold.</summary>
    private IModel FitPipeline(Pipeline pipeline, FoldData fold, FitProgress progress)
    {
        var fitted = new List<IModel>(pipeline.Steps.Count);
        var train = fold.TrainX;
        var test = fold.TestX;
        for (var i = 0; i < pipeline.Steps.Count - 1; i++)
        {
            var model = pipeline.Steps[i].Fit(train, fold.TrainY, fold.TrainWeight);
            if (model is not ITransformerModel t)
                throw new AugurException(
                    $"pipeline step {i + 1} ({pipeline.Steps[i].GetType().Name}) is not a transformer; only the last step of a pipeline may be a predictor");
            fitted.Add(t);
            train = t.Transform(train);
            test = t.Transform(test);
        }
        // The transformed frames are new for every fit, so nothing is cached for them.
        var inner = new FoldData(fold.Fold, train, fold.TrainY, fold.TrainWeight, test, fold.TestY);
        var final = pipeline.FinalStep is Pipeline nested ? FitPipeline(nested, inner, progress) : Fit(pipeline.FinalStep, inner, progress, live: false);
        fitted.Add(final);
        return PipelineModel.Create(fitted);
    }

    private IModel FitClassifier(GradientBoostingClassifier c, FoldData fold, FitProgress progress, bool live)
    {
        if (c.EarlyStoppingRounds is not null) return c.Fit(fold.TrainX, fold.TrainY, fold.TrainWeight); // reports its usual error
        if (nativeThreads > 0 && c.NThreads <= 0) c = c with { NThreads = nativeThreads };
        var (eval, monitor) = Watch(fold, progress, isClassifier: true);
        if (eval is not null && c.EvalMetric is null) c = c with { EvalMetric = "none" };
        if (!live)
        {
            var model = c.Fit(fold.TrainX, fold.TrainY, eval, fold.TrainWeight, monitor, Reuse(fold));
            return Finish(model, null, model.History, progress);
        }
        var liveModel = c.FitLive(fold.TrainX, fold.TrainY, eval, fold.TrainWeight, monitor, Reuse(fold));
        return Finish(liveModel, liveModel, liveModel.History, progress);
    }

    private IModel FitRegressor(GradientBoostingRegressor r, FoldData fold, FitProgress progress, bool live)
    {
        if (r.EarlyStoppingRounds is not null) return r.Fit(fold.TrainX, fold.TrainY, fold.TrainWeight);
        if (nativeThreads > 0 && r.NThreads <= 0) r = r with { NThreads = nativeThreads };
        var (eval, monitor) = Watch(fold, progress, isClassifier: false);
        if (eval is not null && r.EvalMetric is null) r = r with { EvalMetric = "none" };
        if (!live)
        {
            var model = r.Fit(fold.TrainX, fold.TrainY, eval, fold.TrainWeight, monitor, Reuse(fold));
            return Finish(model, null, model.History, progress);
        }
        var liveModel = r.FitLive(fold.TrainX, fold.TrainY, eval, fold.TrainWeight, monitor, Reuse(fold));
        return Finish(liveModel, liveModel, liveModel.History, progress);
    }

    private BoostingReuse? Reuse(FoldData fold) => fold.Reusable ? new BoostingReuse(_cache, fold) : null;

    private static IModel Finish(IModel model, IDisposable? owned, BoostingHistory history, FitProgress progress)
    {
        if (progress.Pruned)
        {
            owned?.Dispose();
            progress.Iterations = progress.PrunedAt;
            throw new TrialPrunedException($"the trial was pruned at boosting iteration {progress.PrunedAt}");
        }
        progress.Iterations = history.IterationsRun;
        return model;
    }

    /// <summary>The validation set and monitor that report the scorer's value on the fold's test rows after every iteration.</summary>
    private (EvalSet? Eval, BoostingMonitor? Monitor) Watch(FoldData fold, FitProgress progress, bool isClassifier)
    {
        if (progress.Report is not { } report) return (null, null);
        if (fold.TestY is null || fold.TrainY is null) throw new AugurException("pruning a boosting search needs the target");
        var testX = fold.TestX;
        var testY = fold.TestY;
        var signature = new ModelSignature { Inputs = [], Task = isClassifier ? ModelTask.BinaryClassification : ModelTask.Regression };
        Func<Matrix, IPredictor> view;
        if (isClassifier)
        {
            var classes = ClassLabels.Of(fold.TrainY);
            signature = signature with
            {
                Task = classes.Count > 2 ? ModelTask.MulticlassClassification : ModelTask.BinaryClassification,
                Classes = classes,
            };
            view = p => new IterationClassifier(signature, classes, p);
        }
        else view = p => new IterationRegressor(signature, p);
        var metric = new CustomMetric(MetricName, (_, predictions, _) => scorer.Score(view(predictions), testX, testY), HigherIsBetter: true);
        var monitor = new BoostingMonitor
        {
            CustomMetric = metric,
            OnIteration = it =>
            {
                if (!report(it.Iteration, it.Validation[MetricName])) return BoostingAction.Continue;
                progress.Pruned = true;
                progress.PrunedAt = it.Iteration;
                return BoostingAction.Stop;
            },
        };
        return (new EvalSet(testX, testY), monitor);
    }

    public override void Dispose()
    {
        _cache.Dispose();
        base.Dispose();
    }

    /// <summary>A classifier frozen at one boosting iteration: LightGBM's running probabilities for the fold's test rows.</summary>
    private sealed class IterationClassifier(ModelSignature signature, ClassLabels classes, Matrix proba) : IClassifier
    {
        public string Kind => "boosting_iteration";
        public ModelSignature Signature => signature;
        public ModelTask Task => signature.Task;
        public ClassLabels Classes => classes;
        public Matrix PredictProba(Frame x) => Check(x, proba);

        public Column Predict(Frame x) => GradientBoostingClassifier.MostProbable(classes, PredictProba(x));

        public void Save(ModelWriter writer) => throw new InvalidOperationException("a boosting iteration seen by a search is not a model to save");
    }

    /// <summary>A regressor frozen at one boosting iteration: LightGBM's running predictions for the fold's test rows.</summary>
    private sealed class IterationRegressor(ModelSignature signature, Matrix values) : IRegressor
    {
        public string Kind => "boosting_iteration";
        public ModelSignature Signature => signature;
        public ModelTask Task => ModelTask.Regression;
        public double[] PredictValues(Frame x) => Check(x, values).Column(0);
        public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));
        public void Save(ModelWriter writer) => throw new InvalidOperationException("a boosting iteration seen by a search is not a model to save");
    }

    private static Matrix Check(Frame x, Matrix m) =>
        x.RowCount == m.Rows ? m : throw new InvalidOperationException($"the iteration's predictions cover {m.Rows} rows, not {x.RowCount}");
}
