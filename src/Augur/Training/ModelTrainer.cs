using System.Diagnostics;
using Augur.Data;
using Augur.Metrics;
using Augur.ModelSelection;
using Augur.Pipelines;
using Augur.Profiling;
using Augur.Serialization;

namespace Augur.Training;

/// <summary>What <see cref="ModelTrainer.Train"/> should do.</summary>
public sealed record TrainOptions
{
    /// <summary>The target column.</summary>
    public required string Target { get; init; }

    /// <summary>A model name from <see cref="EstimatorCatalog"/>, or <c>auto</c> to compare <see cref="Candidates"/> and keep the best.</summary>
    public string Model { get; init; } = "auto";

    /// <summary><c>auto</c>, <c>classification</c> or <c>regression</c>.</summary>
    public string Task { get; init; } = "auto";

    /// <summary>Options of the model by snake_case name (<c>--set key=value</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary>The held-out fraction for the reported metrics; 0 fits on every row (metrics are then training metrics).</summary>
    public double TestSize { get; init; } = 0.2;

    /// <summary>Seed for the split and every model.</summary>
    public int Seed { get; init; }

    /// <summary>The models <c>auto</c> compares (null: a default list for the task).</summary>
    public IReadOnlyList<string>? Candidates { get; init; }

    /// <summary>The default candidates for classification.</summary>
    public static IReadOnlyList<string> DefaultClassificationCandidates { get; } = ["logistic", "forest", "gbdt", "knn", "gaussian-nb"];

    /// <summary>The default candidates for regression.</summary>
    public static IReadOnlyList<string> DefaultRegressionCandidates { get; } = ["ridge", "forest", "gbdt", "knn"];
}

/// <summary>One model's result on the comparison data.</summary>
/// <param name="Model">The model name.</param>
/// <param name="Metrics">Its metrics on the comparison data.</param>
/// <param name="Score">The primary metric (greater is better).</param>
/// <param name="FitSeconds">Time to fit.</param>
/// <param name="Error">Why it could not be fitted, when it failed.</param>
public sealed record CandidateResult(string Model, IReadOnlyDictionary<string, double> Metrics, double Score, double FitSeconds, string? Error = null);

/// <summary>The outcome of <see cref="ModelTrainer.Train"/>.</summary>
public sealed record TrainResult
{
    /// <summary>The fitted pipeline (automatic preprocessor, then the model).</summary>
    public required PipelineModel Model { get; init; }

    /// <summary>The model name that was fitted.</summary>
    public required string ModelName { get; init; }

    /// <summary>Classification or regression.</summary>
    public required ModelTask Task { get; init; }

    /// <summary>The metric used to compare candidates (greater is better).</summary>
    public required string PrimaryMetric { get; init; }

    /// <summary>Metrics of the final model (held-out when <see cref="MetricsOn"/> is <c>test</c>).</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary><c>test</c> when measured on held-out rows, <c>train</c> when every row was used to fit.</summary>
    public required string MetricsOn { get; init; }

    /// <summary>Every candidate compared (one entry when a single model was asked for), best first.</summary>
    public required IReadOnlyList<CandidateResult> Leaderboard { get; init; }

    /// <summary>Rows used to fit.</summary>
    public int TrainRows { get; init; }

    /// <summary>Rows held out.</summary>
    public int TestRows { get; init; }

    /// <summary>Rows dropped because the target was missing.</summary>
    public int DroppedRows { get; init; }

    /// <summary>The model card to save with the model.</summary>
    public required ModelCard Card { get; init; }

    /// <summary>What the automatic preprocessor did with each column.</summary>
    public required IReadOnlyList<AutoColumnPlan> Plan { get; init; }
}

/// <summary>
/// Trains a model on a raw table the way <c>augur train</c> does: infer the task, build the automatic preprocessor,
/// split off a held-out part, fit (comparing candidates for <c>auto</c>), measure, and describe the result in a model card.
/// </summary>
public static class ModelTrainer
{
    /// <summary>Trains on <paramref name="data"/> (features and target together).</summary>
    public static TrainResult Train(Frame data, TrainOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TestSize is < 0 or >= 1) throw new AugurException($"test size must be in [0, 1), not {options.TestSize}");
        var target = data[options.Target];

        // Rows without a target cannot be learnt from.
        var dropped = target.MissingCount;
        if (dropped > 0)
        {
            var keep = new bool[data.RowCount];
            for (var i = 0; i < keep.Length; i++) keep[i] = !target.IsMissing(i);
            data = data.Filter(keep);
            target = data[options.Target];
        }
        if (data.RowCount < 10) throw new AugurException($"only {data.RowCount} rows have a target value; at least 10 are needed to train");
        var task = TaskInference.Resolve(options.Task, target);
        var x = data.Drop(options.Target);
        if (x.ColumnCount == 0) throw new AugurException("there are no feature columns besides the target");

        // Classification targets that are not text become labels as they are; stratify when every class can be split.
        var stratify = task.IsClassification() && MinClassCount(target) >= 2 ? target : null;
        Frame xTrain, xTest;
        Column yTrain, yTest;
        if (options.TestSize > 0)
        {
            var split = TrainTestSplit.Split(x, target, options.TestSize, options.Seed, shuffle: true, stratify: stratify);
            (xTrain, xTest, yTrain, yTest) = (split.XTrain, split.XTest, split.YTrain!, split.YTest!);
        }
        else
        {
            (xTrain, xTest, yTrain, yTest) = (x, x, target, target);
        }

        var primary = PrimaryMetric(task);
        IReadOnlyList<string> names = options.Model.Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? options.Candidates ?? (task.IsClassification() ? TrainOptions.DefaultClassificationCandidates : TrainOptions.DefaultRegressionCandidates)
            : [options.Model];
        if (names.Count > 1 && options.Settings.Count > 0)
            throw new AugurException("--set needs a single --model; with --model auto several models are compared");

        var leaderboard = new List<CandidateResult>();
        string chosen;
        if (names.Count == 1)
        {
            chosen = names[0];
            // Validate the name and settings before fitting anything.
            _ = MakePipeline(chosen, task, options);
        }
        else
        {
            // Compare on a validation part of the training rows, so the held-out rows stay untouched.
            var inner = TrainTestSplit.Split(xTrain, yTrain, 0.25, options.Seed + 1, shuffle: true,
                stratify: task.IsClassification() && MinClassCount(yTrain) >= 2 ? yTrain : null);
            foreach (var name in names)
            {
                if (!EstimatorCatalog.TryGet(name, out _)) continue;
                progress?.Report($"comparing {name}");
                leaderboard.Add(Evaluate(name, task, options, inner.XTrain, inner.YTrain!, inner.XTest, inner.YTest!, primary));
            }
            var best = leaderboard.Where(c => c.Error is null).OrderByDescending(c => c.Score).FirstOrDefault()
                ?? throw new AugurException($"no candidate model could be fitted: {string.Join("; ", leaderboard.Select(c => $"{c.Model}: {c.Error}"))}");
            chosen = best.Model;
        }

        progress?.Report($"fitting {chosen} on {xTrain.RowCount} rows");
        var sw = Stopwatch.StartNew();
        var model = MakePipeline(chosen, task, options).Fit(xTrain, yTrain);
        var fitSeconds = sw.Elapsed.TotalSeconds;
        var predictor = (IPredictor)model;
        var metrics = ModelEvaluation.Evaluate(predictor, xTest, yTest);
        if (names.Count == 1)
            leaderboard.Add(new CandidateResult(chosen, metrics, metrics.TryGetValue(primary, out var s) ? s : double.NaN, fitSeconds));
        leaderboard.Sort((a, b) => (b.Error is null ? b.Score : double.NegativeInfinity).CompareTo(a.Error is null ? a.Score : double.NegativeInfinity));

        var auto = (AutoPreprocessorModel)model.Steps[0];
        var card = new ModelCard
        {
            Name = chosen,
            Estimator = $"Pipeline(auto preprocessing → {model.Final.GetType().Name.Replace("Model", "", StringComparison.Ordinal)})",
            Options = EstimatorParameters.Format(((Pipeline)MakePipeline(chosen, task, options)).FinalStep),
            Metrics = metrics,
            MetricsOn = options.TestSize > 0 ? "test" : "train",
            TrainingData = DataFingerprint.Compute(xTrain, yTrain),
            Profile = ReferenceProfile.Compute(xTrain, predictor.Predict(xTrain)),
            Tags = new Dictionary<string, string>
            {
                ["target"] = options.Target,
                ["task"] = task.ToString(),
                ["seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["train_rows"] = xTrain.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        return new TrainResult
        {
            Model = model,
            ModelName = chosen,
            Task = task,
            PrimaryMetric = primary,
            Metrics = metrics,
            MetricsOn = options.TestSize > 0 ? "test" : "train",
            Leaderboard = leaderboard,
            TrainRows = xTrain.RowCount,
            TestRows = options.TestSize > 0 ? xTest.RowCount : 0,
            DroppedRows = dropped,
            Card = card,
            Plan = auto.Plan,
        };
    }

    /// <summary>The metric that ranks models for <paramref name="task"/>: ROC AUC (binary), accuracy (multiclass), R² (regression).</summary>
    public static string PrimaryMetric(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => "roc_auc",
        ModelTask.MulticlassClassification => "accuracy",
        _ => "r2",
    };

    /// <summary>The pipeline (automatic preprocessor + the named model with its settings and seed) for <paramref name="task"/>.</summary>
    public static Pipeline MakePipeline(string model, ModelTask task, TrainOptions options)
    {
        var estimator = EstimatorCatalog.Create(model, task);
        var settings = options.Settings.ToList();
        var names = EstimatorParameters.Describe(estimator).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Contains("random_state") && !settings.Any(kv => EstimatorParameters.ToSnakeCase(kv.Key.Replace('-', '_')) == "random_state"))
            settings.Insert(0, new("random_state", options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (settings.Count > 0) estimator = EstimatorParameters.WithStrings(estimator, settings);
        return new Pipeline(new AutoPreprocessor(), estimator);
    }

    private static CandidateResult Evaluate(string name, ModelTask task, TrainOptions options, Frame xFit, Column yFit, Frame xVal, Column yVal, string primary)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            var model = (IPredictor)MakePipeline(name, task, options).Fit(xFit, yFit);
            var seconds = sw.Elapsed.TotalSeconds;
            var metrics = ModelEvaluation.Evaluate(model, xVal, yVal);
            return new CandidateResult(name, metrics, metrics.TryGetValue(primary, out var s) ? s : double.NaN, seconds);
        }
        catch (AugurException e)
        {
            return new CandidateResult(name, new Dictionary<string, double>(), double.NaN, sw.Elapsed.TotalSeconds, e.Message);
        }
    }

    private static int MinClassCount(Column y)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < y.Length; i++)
        {
            if (y.IsMissing(i)) continue;
            var k = y.Format(i);
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }
        return counts.Count == 0 ? 0 : counts.Values.Min();
    }
}
