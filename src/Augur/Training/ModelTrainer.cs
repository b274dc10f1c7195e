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
    /// <summary>The target column; null for unsupervised models (clustering, decomposition), which then fit on every row.</summary>
    public string? Target { get; init; }

    /// <summary>A model name from <see cref="EstimatorCatalog"/>, or <c>auto</c> to compare <see cref="Candidates"/> and keep the best.</summary>
    public string Model { get; init; } = "auto";

    /// <summary><c>auto</c>, <c>classification</c> or <c>regression</c>.</summary>
    public string Task { get; init; } = "auto";

    /// <summary>Options of the model by snake_case name (<c>--set key=value</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; init; } = [];

    /// <summary>The held-out fraction for the reported metrics; 0 fits on every row (metrics are then training metrics).</summary>
    public double TestSize { get; init; } = 0.2;

    /// <summary>For ranking models: the column holding each row's query group (it is not used as a feature).</summary>
    public string? Group { get; init; }

    /// <summary>Columns to leave out of the features (identifiers, leaky columns, labels kept for later evaluation).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

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
        if (options.Exclude.Count > 0) data = data.Drop(options.Exclude.Where(c => c != options.Target));
        if (options.Target is null) return TrainUnsupervised(data, options, progress);
        if (IsRanking(options)) return TrainRanking(data, options, progress);
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
        var pipeline = MakePipeline(chosen, task, options);
        var model = pipeline.Fit(xTrain, yTrain);
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
            Options = EstimatorParameters.Format(pipeline.FinalStep),
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

    /// <summary>
    /// Fits an unsupervised model (a clusterer or a decomposition) on every row, after the automatic preprocessor, and
    /// measures it on the preprocessed features: silhouette, Calinski–Harabasz and Davies–Bouldin for clusterers,
    /// the explained variance ratio for decompositions.
    /// </summary>
    private static TrainResult TrainUnsupervised(Frame x, TrainOptions options, IProgress<string>? progress)
    {
        if (options.Model.Equals("auto", StringComparison.OrdinalIgnoreCase))
            throw new AugurException($"without --target, name an unsupervised model with --model: {string.Join(", ", EstimatorCatalog.Supporting(ModelTask.Clustering))}");
        if (x.RowCount < 2) throw new AugurException("at least 2 rows are needed to fit an unsupervised model");
        var pipeline = MakePipeline(options.Model, ModelTask.Clustering, options);
        progress?.Report($"fitting {options.Model} on {x.RowCount} rows");
        var sw = Stopwatch.StartNew();
        var model = pipeline.Fit(x);
        var fitSeconds = sw.Elapsed.TotalSeconds;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        ModelTask task;
        string primary;
        if (model is IPredictor { Task: ModelTask.Clustering } clusterer)
        {
            task = ModelTask.Clustering;
            primary = "silhouette";
            var features = model.TransformFeatures(x).ToMatrix(consumer: "the clustering metrics");
            var labels = clusterer.Predict(x).ToDoubleArray();
            var distinct = labels.Where(l => l >= 0).Distinct().Count();
            metrics["n_clusters"] = distinct;
            metrics["noise_fraction"] = labels.Count(l => l < 0) / (double)labels.Length;
            if (distinct >= 2 && distinct < x.RowCount)
            {
                // Silhouette is quadratic in the rows: score a seeded sample of large data, as scikit-learn's sample_size does.
                metrics["silhouette"] = ClusteringMetrics.SilhouetteScore(features, labels, x.RowCount > 10_000 ? 10_000 : null, options.Seed);
                metrics["calinski_harabasz"] = ClusteringMetrics.CalinskiHarabasz(features, labels);
                metrics["davies_bouldin"] = ClusteringMetrics.DaviesBouldin(features, labels);
            }
        }
        else if (model is ITransformerModel transformer)
        {
            task = ModelTask.Transform;
            primary = "explained_variance_ratio";
            metrics["n_features_out"] = transformer.FeatureNamesOut.Count;
            var ratio = model.Final switch
            {
                Decomposition.PcaModel pca => pca.ExplainedVarianceRatio.Sum(),
                Decomposition.TruncatedSvdModel svd => svd.ExplainedVarianceRatio.Sum(),
                _ => double.NaN,
            };
            if (!double.IsNaN(ratio)) metrics["explained_variance_ratio"] = ratio;
        }
        else
        {
            throw new AugurException($"model '{options.Model}' needs a target; pass --target");
        }

        var auto = (AutoPreprocessorModel)model.Steps[0];
        var card = new ModelCard
        {
            Name = options.Model,
            Estimator = $"Pipeline(auto preprocessing → {model.Final.GetType().Name.Replace("Model", "", StringComparison.Ordinal)})",
            Options = EstimatorParameters.Format(pipeline.FinalStep),
            Metrics = metrics,
            MetricsOn = "train",
            TrainingData = DataFingerprint.Compute(x),
            Profile = ReferenceProfile.Compute(x, model is IPredictor p ? p.Predict(x) : null),
            Tags = new Dictionary<string, string>
            {
                ["task"] = task.ToString(),
                ["seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["train_rows"] = x.RowCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        return new TrainResult
        {
            Model = model,
            ModelName = options.Model,
            Task = task,
            PrimaryMetric = primary,
            Metrics = metrics,
            MetricsOn = "train",
            Leaderboard = [new CandidateResult(options.Model, metrics, metrics.GetValueOrDefault(primary, double.NaN), fitSeconds)],
            TrainRows = x.RowCount,
            Card = card,
            Plan = auto.Plan,
        };
    }

    private static bool IsRanking(TrainOptions options) =>
        options.Task.Equals("ranking", StringComparison.OrdinalIgnoreCase) ||
        (EstimatorCatalog.TryGet(options.Model, out var entry) && entry.Ranker is not null && entry.Classifier is null && entry.Regressor is null);

    /// <summary>
    /// Fits a learning-to-rank model: rows belong to query groups (<see cref="TrainOptions.Group"/>); whole groups are held
    /// out for the metrics (NDCG@5, NDCG@10, NDCG), and the group column is not a feature.
    /// </summary>
    private static TrainResult TrainRanking(Frame data, TrainOptions options, IProgress<string>? progress)
    {
        var targetName = options.Target!;
        if (options.Group is null)
            throw new AugurException($"a ranking model needs the column that holds each row's query group: pass --group <column>");
        var keep = new bool[data.RowCount];
        var target = data[targetName];
        var groupColumn = data[options.Group];
        var dropped = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            keep[i] = !target.IsMissing(i) && !groupColumn.IsMissing(i);
            if (!keep[i]) dropped++;
        }
        if (dropped > 0) data = data.Filter(keep);
        var x = data.Drop(targetName, options.Group);
        var y = data[targetName];
        var groups = data[options.Group];
        if (x.ColumnCount == 0) throw new AugurException("there are no feature columns besides the target and the group");

        // Hold out whole query groups, chosen with the seed.
        var names = Enumerable.Range(0, groups.Length).Select(groups.Format).Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length < 2 && options.TestSize > 0) throw new AugurException("ranking needs at least two query groups to hold some out; pass --test-size 0 to fit on one");
        var testCount = options.TestSize > 0 ? Math.Clamp((int)Math.Ceiling(options.TestSize * names.Length), 1, names.Length - 1) : 0;
        var shuffled = new Numerics.Rng(options.Seed).Permutation(names.Length);
        var testGroups = shuffled.Take(testCount).Select(i => names[i]).ToHashSet(StringComparer.Ordinal);
        var isTest = Enumerable.Range(0, groups.Length).Select(i => testGroups.Contains(groups.Format(i))).ToArray();
        var trainRows = Enumerable.Range(0, groups.Length).Where(i => !isTest[i]).ToArray();
        var testRows = testCount > 0 ? Enumerable.Range(0, groups.Length).Where(i => isTest[i]).ToArray() : trainRows;

        var estimator = MakePipeline(options.Model, ModelTask.Ranking, options).FinalStep as IRankingEstimator
            ?? throw new AugurException($"model '{options.Model}' does not learn to rank");
        progress?.Report($"fitting {options.Model} on {trainRows.Length} rows in {names.Length - testCount} query groups");
        var sw = Stopwatch.StartNew();
        var xTrain = x.Take(trainRows);
        var auto = new AutoPreprocessor().Fit(xTrain);
        var ranker = estimator.FitRanking(auto.Transform(xTrain), y.Take(trainRows), groups.Take(trainRows));
        var model = PipelineModel.Create([auto, ranker]);
        var fitSeconds = sw.Elapsed.TotalSeconds;
        var metrics = ModelEvaluation.EvaluateRanking((IPredictor)model, x.Take(testRows), y.Take(testRows), groups.Take(testRows));
        var metricsOn = testCount > 0 ? "test" : "train";
        var card = new ModelCard
        {
            Name = options.Model,
            Estimator = $"Pipeline(auto preprocessing → {ranker.GetType().Name.Replace("Model", "", StringComparison.Ordinal)})",
            Options = EstimatorParameters.Format(estimator),
            Metrics = metrics,
            MetricsOn = metricsOn,
            TrainingData = DataFingerprint.Compute(xTrain, y.Take(trainRows)),
            Profile = ReferenceProfile.Compute(xTrain, ranker.Predict(auto.Transform(xTrain))),
            Tags = new Dictionary<string, string>
            {
                ["target"] = targetName,
                ["group"] = options.Group,
                ["task"] = ModelTask.Ranking.ToString(),
                ["seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["train_rows"] = trainRows.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        return new TrainResult
        {
            Model = model,
            ModelName = options.Model,
            Task = ModelTask.Ranking,
            PrimaryMetric = "ndcg@10",
            Metrics = metrics,
            MetricsOn = metricsOn,
            Leaderboard = [new CandidateResult(options.Model, metrics, metrics["ndcg@10"], fitSeconds)],
            TrainRows = trainRows.Length,
            TestRows = testCount > 0 ? testRows.Length : 0,
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
