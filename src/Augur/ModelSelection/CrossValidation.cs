using Augur.Data;
using Augur.Metrics;
using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>
/// The outcome of <c>CrossValidation.CrossValidate</c>
/// (scikit-learn's <c>cross_validate</c>): per-fold scores per metric, fit and score times, and optionally the fitted models.
/// Scores follow the scorer convention: higher is better (losses are negated).
/// </summary>
public sealed class CrossValidationResult
{
    internal CrossValidationResult(
        IReadOnlyList<string> metrics, IReadOnlyDictionary<string, double[]> testScores, IReadOnlyDictionary<string, double[]>? trainScores,
        double[] fitTimes, double[] scoreTimes, IReadOnlyList<IModel>? estimators, IReadOnlyList<Fold> folds)
    {
        Metrics = metrics;
        TestScores = testScores;
        TrainScores = trainScores;
        FitTimes = fitTimes;
        ScoreTimes = scoreTimes;
        Estimators = estimators;
        Folds = folds;
    }

    /// <summary>The scorer names, in the order asked for (the task's default scorer when none was given).</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>Metric → test score of each fold (NaN for a fold that failed with an error score of NaN).</summary>
    public IReadOnlyDictionary<string, double[]> TestScores { get; }

    /// <summary>Metric → training score of each fold, when asked for; otherwise null.</summary>
    public IReadOnlyDictionary<string, double[]>? TrainScores { get; }

    /// <summary>Seconds spent fitting, per fold.</summary>
    public double[] FitTimes { get; }

    /// <summary>Seconds spent scoring, per fold.</summary>
    public double[] ScoreTimes { get; }

    /// <summary>The model fitted on each fold, when asked for; otherwise null.</summary>
    public IReadOnlyList<IModel>? Estimators { get; }

    /// <summary>The folds, in order.</summary>
    public IReadOnlyList<Fold> Folds { get; }

    /// <summary>The mean test score of <paramref name="metric"/> (the first metric when null).</summary>
    public double MeanTestScore(string? metric = null) => CvEngine.MeanStd(TestScores[metric ?? Metrics[0]]).Mean;

    /// <summary>The standard deviation (population, as NumPy's <c>std</c>) of the test scores of <paramref name="metric"/>.</summary>
    public double StdTestScore(string? metric = null) => CvEngine.MeanStd(TestScores[metric ?? Metrics[0]]).Std;

    /// <summary>The mean training score of <paramref name="metric"/>; NaN when training scores were not asked for.</summary>
    public double MeanTrainScore(string? metric = null) =>
        TrainScores is null ? double.NaN : CvEngine.MeanStd(TrainScores[metric ?? Metrics[0]]).Mean;

    /// <summary>
    /// One row per fold with scikit-learn's keys: <c>fit_time</c>, <c>score_time</c>, <c>test_&lt;metric&gt;</c> and, when
    /// asked for, <c>train_&lt;metric&gt;</c>.
    /// </summary>
    public Frame ToFrame()
    {
        var columns = new List<Column> { new Float64Column("fit_time", FitTimes), new Float64Column("score_time", ScoreTimes) };
        foreach (var m in Metrics) columns.Add(new Float64Column("test_" + m, TestScores[m]));
        if (TrainScores is not null) foreach (var m in Metrics) columns.Add(new Float64Column("train_" + m, TrainScores[m]));
        return new Frame(columns);
    }
}

/// <summary>What <c>CrossValidation.CrossValPredict</c> asks the fold models for.</summary>
public enum PredictMethod
{
    /// <summary>Predicted labels or values.</summary>
    Predict,
    /// <summary>Class probabilities.</summary>
    PredictProba,
}

/// <summary>Scores for each training-set size of a learning curve.</summary>
/// <param name="TrainSizes">The absolute training-set sizes, ascending.</param>
/// <param name="TrainScores">Score on the training subset: [size][fold].</param>
/// <param name="TestScores">Score on the test fold: [size][fold].</param>
/// <param name="FitTimes">Seconds fitting: [size][fold].</param>
/// <param name="ScoreTimes">Seconds scoring: [size][fold].</param>
public sealed record LearningCurveResult(int[] TrainSizes, double[][] TrainScores, double[][] TestScores, double[][] FitTimes, double[][] ScoreTimes);

/// <summary>Scores for each value of one option.</summary>
/// <param name="Parameter">The option's snake_case name.</param>
/// <param name="Values">The values tried, in order.</param>
/// <param name="TrainScores">Score on the training fold: [value][fold].</param>
/// <param name="TestScores">Score on the test fold: [value][fold].</param>
public sealed record ValidationCurveResult(string Parameter, IReadOnlyList<object?> Values, double[][] TrainScores, double[][] TestScores);

/// <summary>
/// Cross-validation (scikit-learn's <c>cross_validate</c>, <c>cross_val_predict</c>, <c>learning_curve</c>,
/// <c>validation_curve</c>). Folds run in parallel; results do not depend on the degree of parallelism or on thread timing.
/// Sample weights are passed to <c>Fit</c> (sliced to the training rows); scores are unweighted, as in scikit-learn.
/// </summary>
public static partial class CrossValidation
{
    /// <summary>
    /// Fits <paramref name="estimator"/> on the training rows of every fold of <paramref name="cv"/> and scores it on the
    /// test rows.
    /// </summary>
    /// <param name="estimator">The estimator (or pipeline) to evaluate; it is not changed.</param>
    /// <param name="x">The features.</param>
    /// <param name="y">The target.</param>
    /// <param name="cv">The splitter; null means 5-fold (stratified for classifiers), as scikit-learn.</param>
    /// <param name="scoring">Scorer names (<see cref="Scorers"/>); null or empty means the task's default (accuracy or R²).</param>
    /// <param name="returnTrainScore">Also score every fold's model on its training rows.</param>
    /// <param name="returnEstimators">Keep the fitted model of every fold.</param>
    /// <param name="sampleWeight">Optional weight per row, passed to <c>Fit</c>.</param>
    /// <param name="groups">Group labels, for group splitters.</param>
    /// <param name="maxDegreeOfParallelism">Folds run at once; ≤ 0 means as many as there are cores.</param>
    /// <param name="errorScore">Null to raise when a fold fails; otherwise the score given to a failed fold (NaN, say).</param>
    public static CrossValidationResult CrossValidate(
        IEstimator<IModel> estimator, Frame x, Column y, ISplitter? cv = null, IEnumerable<string>? scoring = null,
        bool returnTrainScore = false, bool returnEstimators = false, double[]? sampleWeight = null, Column? groups = null,
        int maxDegreeOfParallelism = -1, double? errorScore = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(y);
        var data = CvData.Create("cross-validation", x, y, sampleWeight, groups, cv ?? DefaultSplitter(5, estimator));
        var scorers = CvEngine.ScorersFor(CvEngine.ResolveScorers(scoring), estimator, y);
        var outcomes = new FoldOutcome[data.Count];
        CvEngine.For(data.Count, maxDegreeOfParallelism, f =>
            outcomes[f] = CvEngine.RunFold(estimator, data[f], scorers, returnTrainScore, returnEstimators, errorScore is not null));
        var metrics = scorers.Select(s => s.Name).ToArray();
        var test = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var train = returnTrainScore ? new Dictionary<string, double[]>(StringComparer.Ordinal) : null;
        for (var m = 0; m < metrics.Length; m++)
        {
            test[metrics[m]] = outcomes.Select(o => o.Error is null ? o.TestScores[m] : errorScore!.Value).ToArray();
            if (train is not null) train[metrics[m]] = outcomes.Select(o => o.Error is null ? o.TrainScores![m] : errorScore!.Value).ToArray();
        }
        return new CrossValidationResult(metrics, test, train,
            outcomes.Select(o => o.FitSeconds).ToArray(), outcomes.Select(o => o.ScoreSeconds).ToArray(),
            returnEstimators ? outcomes.Select(o => o.Model!).ToArray() : null, data.Folds);
    }

    /// <summary>As the splitter overload of <c>CrossValidate</c>, with <paramref name="cv"/>-fold cross-validation (stratified for classifiers).</summary>
    public static CrossValidationResult CrossValidate(
        IEstimator<IModel> estimator, Frame x, Column y, int cv, IEnumerable<string>? scoring = null,
        bool returnTrainScore = false, bool returnEstimators = false, double[]? sampleWeight = null, Column? groups = null,
        int maxDegreeOfParallelism = -1, double? errorScore = null) =>
        CrossValidate(estimator, x, y, DefaultSplitter(cv, estimator), scoring, returnTrainScore, returnEstimators, sampleWeight, groups, maxDegreeOfParallelism, errorScore);

    /// <summary>The scores of one metric, one per fold (scikit-learn's <c>cross_val_score</c>).</summary>
    public static double[] CrossValScore(IEstimator<IModel> estimator, Frame x, Column y, ISplitter? cv = null, string? scoring = null,
        Column? groups = null, int maxDegreeOfParallelism = -1)
    {
        var r = CrossValidate(estimator, x, y, cv, scoring is null ? null : [scoring], groups: groups, maxDegreeOfParallelism: maxDegreeOfParallelism);
        return r.TestScores[r.Metrics[0]];
    }

    /// <summary>
    /// The splitter scikit-learn uses for an integer <c>cv</c>: stratified k-fold for classifiers, plain k-fold otherwise
    /// (neither shuffled).
    /// </summary>
    public static ISplitter DefaultSplitter(int folds, IEstimator<IModel> estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        if (folds < 2) throw new AugurException($"cross-validation needs at least 2 folds, not cv={folds}");
        return CvEngine.IsClassifier(estimator) ? new StratifiedKFold { NSplits = folds } : new KFold { NSplits = folds };
    }

    /// <summary>
    /// Out-of-fold predictions (scikit-learn's <c>cross_val_predict</c>): every row is predicted by the model fitted on
    /// the folds that do not hold it. The splitter must put every row in exactly one test fold.
    /// </summary>
    /// <returns>One prediction per row, in row order, of the type the models predict.</returns>
    public static Column CrossValPredict(IEstimator<IModel> estimator, Frame x, Column y, ISplitter? cv = null,
        double[]? sampleWeight = null, Column? groups = null, int maxDegreeOfParallelism = -1)
    {
        var (data, models) = FitFolds("cross_val_predict", estimator, x, y, cv, sampleWeight, groups, maxDegreeOfParallelism);
        var parts = new Column[data.Count];
        CvEngine.For(data.Count, maxDegreeOfParallelism, f =>
            parts[f] = ((IPredictor)models[f]).Predict(data[f].TestX));
        var order = data.Folds.SelectMany(f => f.Test).ToArray();
        var combined = parts[0];
        for (var f = 1; f < parts.Length; f++) combined = combined.Append(parts[f]);
        var inverse = new int[order.Length];
        for (var i = 0; i < order.Length; i++) inverse[order[i]] = i;
        return combined.Take(inverse).Rename("prediction");
    }

    /// <summary>
    /// Out-of-fold class probabilities (<c>cross_val_predict(method="predict_proba")</c>): rows × the classes of the whole
    /// target, sorted; a class missing from a fold's training rows gets probability 0 from that fold's model.
    /// </summary>
    public static Matrix CrossValPredictProba(IEstimator<IModel> estimator, Frame x, Column y, ISplitter? cv = null,
        double[]? sampleWeight = null, Column? groups = null, int maxDegreeOfParallelism = -1)
    {
        if (!CvEngine.IsClassifier(estimator)) throw new AugurException($"predicted probabilities need a classifier, not {estimator.GetType().Name}");
        var classes = ClassLabels.Of(y);
        var (data, models) = FitFolds("cross_val_predict", estimator, x, y, cv, sampleWeight, groups, maxDegreeOfParallelism);
        var result = new Matrix(x.RowCount, classes.Count);
        CvEngine.For(data.Count, maxDegreeOfParallelism, f =>
        {
            var model = models[f] as IClassifier ?? throw new AugurException($"the fitted model ({models[f].Kind}) gives no class probabilities");
            var proba = model.PredictProba(data[f].TestX);
            var map = new int[model.Classes.Count];
            for (var k = 0; k < map.Length; k++) map[k] = classes.IndexOf(model.Classes[k]);
            var test = data.Folds[f].Test;
            for (var i = 0; i < test.Length; i++)
            {
                var src = proba.Row(i);
                var dst = result.Row(test[i]);
                for (var k = 0; k < map.Length; k++) dst[map[k]] = src[k];
            }
        });
        return result;
    }

    /// <summary>Out-of-fold predictions of <paramref name="method"/>: a one-column frame of predictions, or one column per class of probabilities.</summary>
    public static Frame CrossValPredict(IEstimator<IModel> estimator, Frame x, Column y, PredictMethod method, ISplitter? cv = null,
        double[]? sampleWeight = null, Column? groups = null, int maxDegreeOfParallelism = -1)
    {
        if (method == PredictMethod.Predict) return new Frame(CrossValPredict(estimator, x, y, cv, sampleWeight, groups, maxDegreeOfParallelism));
        var proba = CrossValPredictProba(estimator, x, y, cv, sampleWeight, groups, maxDegreeOfParallelism);
        var classes = ClassLabels.Of(y);
        return new Frame(Enumerable.Range(0, classes.Count).Select(k => (Column)new Float64Column("proba_" + classes[k], proba.Column(k))));
    }

    private static (CvData Data, IModel[] Models) FitFolds(string caller, IEstimator<IModel> estimator, Frame x, Column y, ISplitter? cv,
        double[]? sampleWeight, Column? groups, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(y);
        var data = CvData.Create(caller, x, y, sampleWeight, groups, cv ?? DefaultSplitter(5, estimator));
        var seen = new int[x.RowCount];
        foreach (var f in data.Folds) foreach (var i in f.Test) seen[i]++;
        if (seen.Any(c => c != 1))
            throw new AugurException($"{caller} needs a splitter that puts every row in exactly one test fold; {cv?.GetType().Name} does not (use KFold, StratifiedKFold, GroupKFold or LeaveOneOut)");
        var models = new IModel[data.Count];
        CvEngine.For(data.Count, maxDegreeOfParallelism, f =>
        {
            var d = data[f];
            models[f] = estimator.Fit(d.TrainX, d.TrainY, d.TrainWeight);
            if (models[f] is not IPredictor) throw new AugurException($"the fitted model ({models[f].Kind}) does not predict");
        });
        return (data, models);
    }

    /// <summary>
    /// A learning curve (scikit-learn's <c>learning_curve</c>): for each training-set size, fits on the first rows of every
    /// fold's training set (shuffled first when <paramref name="shuffle"/>) and scores on the fold's test set.
    /// </summary>
    /// <param name="estimator">The estimator.</param>
    /// <param name="x">The features.</param>
    /// <param name="y">The target.</param>
    /// <param name="trainSizes">Fractions in (0, 1] of the largest training set, or absolute sizes (values above 1); default 0.1, 0.325, 0.55, 0.775, 1. Duplicate sizes are dropped.</param>
    /// <param name="cv">The splitter; null means 5-fold (stratified for classifiers).</param>
    /// <param name="scoring">One scorer name; null means the task's default.</param>
    /// <param name="shuffle">Shuffle each fold's training rows before taking the first ones.</param>
    /// <param name="randomState">Seed of that shuffle.</param>
    /// <param name="groups">Group labels, for group splitters.</param>
    /// <param name="maxDegreeOfParallelism">Fits run at once; ≤ 0 means as many as there are cores.</param>
    public static LearningCurveResult LearningCurve(IEstimator<IModel> estimator, Frame x, Column y, IReadOnlyList<double>? trainSizes = null,
        ISplitter? cv = null, string? scoring = null, bool shuffle = false, int randomState = 0, Column? groups = null, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        var data = CvData.Create("learning curve", x, y, null, groups, cv ?? DefaultSplitter(5, estimator));
        var scorers = CvEngine.ScorersFor(CvEngine.ResolveScorers(scoring is null ? null : [scoring]), estimator, y);
        var maxTrain = data.Folds[0].Train.Length;
        var sizes = TranslateTrainSizes(trainSizes ?? [0.1, 0.325, 0.55, 0.775, 1.0], maxTrain);
        var trains = data.Folds.Select((f, i) =>
        {
            var t = (int[])f.Train.Clone();
            if (shuffle) new Rng(Rng.Derive(randomState, i)).Shuffle<int>(t);
            return t;
        }).ToArray();
        var k = data.Count;
        var outcomes = new FoldOutcome[sizes.Length * k];
        CvEngine.For(outcomes.Length, maxDegreeOfParallelism, t =>
        {
            var (s, f) = (t / k, t % k);
            if (trains[f].Length < sizes[s])
                throw new AugurException($"learning curve: fold {f + 1} has {trains[f].Length} training rows, fewer than the size {sizes[s]}");
            var fold = data.Slice(data.Folds[f], trains[f][..sizes[s]]);
            outcomes[t] = CvEngine.RunFold(estimator, fold, scorers, trainScores: true, keepModel: false, catchErrors: false);
        });
        double[][] Grid(Func<FoldOutcome, double> pick) =>
            Enumerable.Range(0, sizes.Length).Select(s => Enumerable.Range(0, k).Select(f => pick(outcomes[s * k + f])).ToArray()).ToArray();
        return new LearningCurveResult(sizes, Grid(o => o.TrainScores![0]), Grid(o => o.TestScores[0]), Grid(o => o.FitSeconds), Grid(o => o.ScoreSeconds));
    }

    internal static int[] TranslateTrainSizes(IReadOnlyList<double> sizes, int maxTrain)
    {
        if (sizes.Count == 0) throw new AugurException("learning curve: give at least one training size");
        var fractions = sizes.All(s => s <= 1.0);
        var abs = new List<int>();
        foreach (var s in sizes)
        {
            if (fractions)
            {
                if (s <= 0) throw new AugurException($"learning curve: training size fractions must be in (0, 1], not {s}");
                abs.Add(Math.Max(1, (int)(s * maxTrain)));
            }
            else
            {
                if (s < 1 || s > maxTrain || s != Math.Floor(s))
                    throw new AugurException($"learning curve: absolute training sizes must be whole numbers in [1, {maxTrain}], not {s}");
                abs.Add((int)s);
            }
        }
        return abs.Distinct().Order().ToArray();
    }

    /// <summary>
    /// A validation curve (scikit-learn's <c>validation_curve</c>): cross-validated training and test scores for each value
    /// of one option.
    /// </summary>
    /// <param name="estimator">The estimator; a <see cref="Pipelines.Pipeline"/> takes the option on its final step, or <c>step__option</c>.</param>
    /// <param name="x">The features.</param>
    /// <param name="y">The target.</param>
    /// <param name="parameter">The option's snake_case name (<c>alpha</c>, <c>max_depth</c>).</param>
    /// <param name="values">The values to try.</param>
    /// <param name="cv">The splitter; null means 5-fold (stratified for classifiers).</param>
    /// <param name="scoring">One scorer name; null means the task's default.</param>
    /// <param name="groups">Group labels, for group splitters.</param>
    /// <param name="maxDegreeOfParallelism">Fits run at once; ≤ 0 means as many as there are cores.</param>
    public static ValidationCurveResult ValidationCurve(IEstimator<IModel> estimator, Frame x, Column y, string parameter, IReadOnlyList<object?> values,
        ISplitter? cv = null, string? scoring = null, Column? groups = null, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(values);
        var data = CvData.Create("validation curve", x, y, null, groups, cv ?? DefaultSplitter(5, estimator));
        var scorers = CvEngine.ScorersFor(CvEngine.ResolveScorers(scoring is null ? null : [scoring]), estimator, y);
        var candidates = values.Select(v => ParameterSetter.With(estimator, new Dictionary<string, object?> { [parameter] = v })).ToArray();
        var k = data.Count;
        var outcomes = new FoldOutcome[candidates.Length * k];
        CvEngine.For(outcomes.Length, maxDegreeOfParallelism, t =>
            outcomes[t] = CvEngine.RunFold(candidates[t / k], data[t % k], scorers, trainScores: true, keepModel: false, catchErrors: false));
        double[][] Grid(Func<FoldOutcome, double> pick) =>
            Enumerable.Range(0, candidates.Length).Select(s => Enumerable.Range(0, k).Select(f => pick(outcomes[s * k + f])).ToArray()).ToArray();
        return new ValidationCurveResult(parameter, values.ToArray(), Grid(o => o.TrainScores![0]), Grid(o => o.TestScores[0]));
    }
}
