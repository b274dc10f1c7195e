using Augur.Boosting.Native;
using Augur.Numerics;
using P = System.Collections.Generic.KeyValuePair<string, string>;

namespace Augur.Boosting;

/// <summary>What LightGBM should optimise and how its converted predictions look.</summary>
/// <param name="Parameters">The objective parameters (<c>objective</c>, <c>num_class</c>, <c>alpha</c>, …).</param>
/// <param name="ExpandBinary">True for binary classification: one probability per row becomes two columns for custom metrics.</param>
internal sealed record ObjectiveSpec(IReadOnlyList<P> Parameters, bool ExpandBinary = false);

/// <summary>One data set as LightGBM takes it.</summary>
/// <param name="X">The encoded features.</param>
/// <param name="Label">The label per row (class index, value or relevance).</param>
/// <param name="Weight">The weight per row (sample and class weights combined), or null.</param>
/// <param name="GroupSizes">For ranking: the size of each query group, in row order.</param>
/// <param name="SampleWeight">The user's sample weights (given to custom metrics), or null.</param>
internal sealed record BoostingData(EncodedFeatures X, float[] Label, float[]? Weight, int[]? GroupSizes, double[]? SampleWeight);

/// <summary>
/// A trained booster, loaded back from its own model text, and how training went. For a live result
/// (<see cref="ModelText"/> null) the booster is the one that trained, still holding its training state: its owner must
/// dispose it.
/// </summary>
internal sealed record TrainingResult(LightGbmBooster Booster, string? ModelText, BoostingHistory History);

/// <summary>The training loop shared by every LightGBM estimator: parameters, datasets, iterations, evaluation, early stopping, callbacks.</summary>
internal static class BoostingTrainer
{
    /// <summary>Canonical LightGBM names that Augur sets from options; raw parameters may not set them.</summary>
    private static readonly Dictionary<string, string> s_reserved = new(StringComparer.Ordinal)
    {
        ["objective"] = "the estimator (and its 'objective' option, where it has one)",
        ["num_class"] = "the target's classes",
        ["metric"] = "the 'eval_metric' option",
        ["eval_at"] = "the 'eval_metric' option (ndcg@k)",
        ["num_threads"] = "the 'n_threads' option",
        ["num_iterations"] = "the 'n_estimators' option",
        ["boosting"] = "the 'boosting_type' option",
        ["learning_rate"] = "the 'learning_rate' option",
        ["num_leaves"] = "the 'num_leaves' option",
        ["max_depth"] = "the 'max_depth' option",
        ["min_data_in_leaf"] = "the 'min_child_samples' option",
        ["min_sum_hessian_in_leaf"] = "the 'min_child_weight' option",
        ["min_gain_to_split"] = "the 'min_split_gain' option",
        ["bagging_fraction"] = "the 'subsample' option",
        ["bagging_freq"] = "the 'subsample_freq' option",
        ["feature_fraction"] = "the 'colsample_bytree' option",
        ["lambda_l1"] = "the 'reg_alpha' option",
        ["lambda_l2"] = "the 'reg_lambda' option",
        ["max_bin"] = "the 'max_bin' option",
        ["monotone_constraints"] = "the 'monotone_constraints' option",
        ["seed"] = "the 'random_state' option",
        ["deterministic"] = "the 'deterministic' option",
        ["early_stopping_round"] = "the 'early_stopping_rounds' option",
        ["categorical_feature"] = "the column types (categorical and string columns become categorical features)",
        ["alpha"] = "the 'alpha' option",
        ["tweedie_variance_power"] = "the 'tweedie_variance_power' option",
        ["task"] = "Augur",
        ["data"] = "Augur",
        ["valid"] = "Augur",
        ["input_model"] = "Augur",
        ["output_model"] = "Augur",
        ["label_column"] = "Augur",
        ["weight_column"] = "Augur",
        ["group_column"] = "Augur",
        ["ignore_column"] = "Augur",
        ["header"] = "Augur",
        ["device_type"] = "Augur (CPU only)",
    };

    /// <summary>
    /// Trains a booster. With <paramref name="reuse"/> the binned LightGBM datasets come from (and go back to) its cache,
    /// keyed by the caller's data and the parameters that shape binning, so that many fits on the same rows (the trials of
    /// a search) bin them once; LightGBM's feature pre-filter is then off, since it depends on <c>min_data_in_leaf</c>
    /// (it only drops features that cannot be split, so the trees are the same). With <paramref name="live"/> (and no early
    /// stopping) the booster that trained is returned as is, without writing and reloading its model text: for models
    /// that are scored once and thrown away (a search's fold models).
    /// </summary>
    public static TrainingResult Train(GradientBoostingOptions options, FeatureCodec codec, ObjectiveSpec objective,
        BoostingData train, BoostingData? valid, BoostingMonitor? monitor, string consumer, BoostingReuse? reuse = null, bool live = false)
    {
        if (options.NEstimators < 1) throw new AugurException($"{consumer} option 'n_estimators' must be at least 1, not {options.NEstimators}");
        if (options.EarlyStoppingRounds is { } esr)
        {
            if (esr < 1) throw new AugurException($"{consumer} option 'early_stopping_rounds' must be at least 1, not {esr}");
            if (valid is null)
                throw new AugurException($"{consumer} option 'early_stopping_rounds' needs a validation set: pass one to Fit (an EvalSet, or eval_x and eval_y)");
            if (options.BoostingType == BoostingType.Dart)
                throw new AugurException($"{consumer}: early stopping is not available with boosting_type 'dart'; use gbdt or leave early_stopping_rounds unset");
        }
        if (options.BoostingType == BoostingType.Rf && !(options.Subsample < 1 && options.SubsampleFreq > 0) && !(options.ColsampleBytree < 1))
            throw new AugurException(
                $"{consumer}: boosting_type 'rf' needs bagging (subsample below 1 with subsample_freq of 1 or more) or colsample_bytree below 1");
        var customMetric = monitor?.CustomMetric;
        if (customMetric is not null && valid is null)
            throw new AugurException($"{consumer}: a custom metric is computed on the validation set; pass one to Fit");

        using var threads = LightGbmThreads.EnterStrict(options.NThreads);
        var (parameters, firstMetric) = BuildParameters(options, codec, objective, threads.Threads, consumer);
        if (reuse is not null) parameters.Add(new("feature_pre_filter", "false"));
        var text = LightGbmParameters.Join(parameters);

        DatasetPair BuildDatasets()
        {
            var t = CreateDataset(train, text, null, codec);
            try
            {
                return new DatasetPair(t, valid is null ? null : CreateDataset(valid, text, t, codec));
            }
            catch
            {
                t.Dispose();
                throw;
            }
        }
        var datasetKey = reuse is null ? "" : reuse.Variant + (valid is null ? "|train" : "|train+valid") + "|" + BoostingDatasetCache.DatasetParameters(parameters);
        var datasets = reuse is null ? BuildDatasets() : reuse.Cache.Rent(reuse.Data, datasetKey, BuildDatasets);
        var succeeded = false;
        try
        {
            var result = TrainOn(datasets, options, codec, objective, valid, monitor, text, firstMetric, consumer, live && options.EarlyStoppingRounds is null);
            succeeded = true;
            return result;
        }
        finally
        {
            if (reuse is not null && succeeded) reuse.Cache.Return(reuse.Data, datasetKey, datasets);
            else datasets.Dispose();
        }
    }

    private static TrainingResult TrainOn(DatasetPair datasets, GradientBoostingOptions options, FeatureCodec codec, ObjectiveSpec objective,
        BoostingData? valid, BoostingMonitor? monitor, string text, string? firstMetric, string consumer, bool live)
    {
        var booster = LightGbmBooster.Create(datasets.Train, text);
        var handedOver = false;
        try
        {
            var result = TrainBooster(booster, datasets, options, objective, valid, monitor, firstMetric, consumer, live);
            handedOver = result.ModelText is null;
            return result;
        }
        finally
        {
            if (!handedOver) booster.Dispose();
        }
    }

    private static TrainingResult TrainBooster(LightGbmBooster booster, DatasetPair datasets, GradientBoostingOptions options, ObjectiveSpec objective,
        BoostingData? valid, BoostingMonitor? monitor, string? firstMetric, string consumer, bool live)
    {
        var customMetric = monitor?.CustomMetric;
        var validSet = datasets.Valid;
        if (validSet is not null) booster.AddValidData(validSet);

        var evalNames = booster.EvalNames();
        var validHistory = evalNames.Select(_ => new List<double>()).ToArray();
        var trainHistory = monitor?.EvaluateTraining == true ? evalNames.Select(_ => new List<double>()).ToArray() : [];
        var customHistory = new List<double>();

        // The watched metric: the custom one when given, else the first built-in one asked for (or the objective's).
        string? watched = null;
        var watchedIndex = -1;
        var higherIsBetter = false;
        if (valid is not null)
        {
            if (customMetric is not null)
            {
                watched = customMetric.Name;
                higherIsBetter = customMetric.HigherIsBetter;
            }
            else if (evalNames.Length > 0)
            {
                watchedIndex = firstMetric is not null && Array.IndexOf(evalNames, firstMetric) is var k and >= 0 ? k : 0;
                watched = evalNames[watchedIndex];
                higherIsBetter = BoostingMetrics.HigherIsBetter(watched);
            }
        }
        if (options.EarlyStoppingRounds is not null && watched is null)
            throw new AugurException($"{consumer}: early stopping needs a metric, but eval_metric is 'none' and no custom metric was given");

        var best = double.NaN;
        var bestIteration = 0;
        var iteration = 0;
        var stoppedEarly = false;
        for (var it = 1; it <= options.NEstimators; it++)
        {
            var finished = booster.UpdateOneIter();
            if (finished)
            {
                // LightGBM could not split any further; it did not count this iteration.
                if (booster.CurrentIteration < it) break;
            }
            iteration = it;
            var validValues = new Dictionary<string, double>(StringComparer.Ordinal);
            var trainValues = new Dictionary<string, double>(StringComparer.Ordinal);
            double score = double.NaN;
            if (validSet is not null)
            {
                var values = evalNames.Length > 0 ? booster.GetEval(1) : [];
                for (var m = 0; m < evalNames.Length; m++)
                {
                    validHistory[m].Add(values[m]);
                    validValues[evalNames[m]] = values[m];
                }
                if (customMetric is not null)
                {
                    var value = EvaluateCustom(customMetric, booster, valid!, objective);
                    customHistory.Add(value);
                    validValues[customMetric.Name] = value;
                    score = value;
                }
                else if (watchedIndex >= 0) score = values[watchedIndex];
            }
            if (trainHistory.Length > 0)
            {
                var values = booster.GetEval(0);
                for (var m = 0; m < evalNames.Length; m++)
                {
                    trainHistory[m].Add(values[m]);
                    trainValues[evalNames[m]] = values[m];
                }
            }
            if (watched is not null && !double.IsNaN(score) &&
                (bestIteration == 0 || (higherIsBetter ? score > best : score < best)))
            {
                best = score;
                bestIteration = it;
            }

            var record = new BoostingIteration(it, validValues, trainValues, bestIteration);
            monitor?.Progress?.Report(record);
            if (monitor?.OnIteration is { } callback && callback(record) == BoostingAction.Stop)
            {
                stoppedEarly = it < options.NEstimators;
                break;
            }
            if (options.EarlyStoppingRounds is { } rounds && bestIteration > 0 && it - bestIteration >= rounds)
            {
                stoppedEarly = it < options.NEstimators;
                break;
            }
            if (finished) break;
        }

        var validation = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (validSet is not null)
        {
            for (var m = 0; m < evalNames.Length; m++) validation[evalNames[m]] = validHistory[m].ToArray();
            if (customMetric is not null) validation[customMetric.Name] = customHistory.ToArray();
        }
        var training = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var m = 0; m < trainHistory.Length; m++) training[evalNames[m]] = trainHistory[m].ToArray();
        var history = new BoostingHistory(validation, training, watched, bestIteration, iteration, stoppedEarly);
        if (live) return new TrainingResult(booster, null, history);
        var keep = options.EarlyStoppingRounds is not null && bestIteration > 0 ? bestIteration : iteration;
        var modelText = booster.SaveModelToString(keep > 0 ? keep : -1);
        var final = LightGbmBooster.FromModelText(modelText, trusted: true);
        return new TrainingResult(final, modelText, history);
    }

    private static LightGbmDataset CreateDataset(BoostingData data, string parameters, LightGbmDataset? reference, FeatureCodec codec)
    {
        var set = data.X.Sparse is { } csr
            ? LightGbmDataset.FromCsr(csr, parameters, reference)
            : LightGbmDataset.FromDense(data.X.Dense!, data.X.Rows, data.X.Cols, parameters, reference);
        try
        {
            if (reference is null) set.SetFeatureNames(codec.LightGbmNames);
            set.SetField("label", data.Label);
            if (data.Weight is not null) set.SetField("weight", data.Weight);
            if (data.GroupSizes is not null) set.SetField("group", data.GroupSizes);
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    private static double EvaluateCustom(CustomMetric metric, LightGbmBooster booster, BoostingData valid, ObjectiveSpec objective)
    {
        var raw = booster.GetPredict(1); // class-major
        var n = valid.X.Rows;
        var outputs = raw.Length / Math.Max(n, 1);
        Matrix predictions;
        if (objective.ExpandBinary && outputs == 1)
        {
            predictions = new Matrix(n, 2);
            for (var i = 0; i < n; i++)
            {
                predictions[i, 0] = 1 - raw[i];
                predictions[i, 1] = raw[i];
            }
        }
        else
        {
            predictions = new Matrix(n, outputs);
            for (var k = 0; k < outputs; k++)
                for (var i = 0; i < n; i++)
                    predictions[i, k] = raw[k * n + i];
        }
        var target = new double[n];
        for (var i = 0; i < n; i++) target[i] = valid.Label[i];
        return metric.Evaluate(target, predictions, valid.SampleWeight);
    }

    /// <summary>The LightGBM parameters for these options (shared by the datasets and the booster).</summary>
    internal static (List<P> Parameters, string? FirstMetric) BuildParameters(GradientBoostingOptions o, FeatureCodec codec,
        ObjectiveSpec objective, int threads, string consumer)
    {
        string F(object v) => LightGbmParameters.Format(v);
        var list = new List<P>
        {
            new("boosting", o.BoostingType switch { BoostingType.Dart => "dart", BoostingType.Rf => "rf", _ => "gbdt" }),
            new("num_iterations", F(o.NEstimators)),
            new("learning_rate", F(o.LearningRate)),
            new("num_leaves", F(o.NumLeaves)),
            new("max_depth", F(o.MaxDepth ?? -1)),
            new("min_data_in_leaf", F(o.MinChildSamples)),
            new("min_sum_hessian_in_leaf", F(o.MinChildWeight)),
            new("min_gain_to_split", F(o.MinSplitGain)),
            new("bagging_fraction", F(o.Subsample)),
            new("bagging_freq", F(o.SubsampleFreq)),
            new("feature_fraction", F(o.ColsampleBytree)),
            new("lambda_l1", F(o.RegAlpha)),
            new("lambda_l2", F(o.RegLambda)),
            new("max_bin", F(o.MaxBin)),
            new("seed", F(o.RandomState)),
            new("num_threads", F(threads)),
            new("verbosity", "-1"),
        };
        if (o.MaxDepth is < 1)
            throw new AugurException($"{consumer} option 'max_depth' must be at least 1, or none for no limit; not {o.MaxDepth}");
        if (o.Deterministic)
        {
            list.Add(new("deterministic", "true"));
            list.Add(new("force_col_wise", "true"));
        }
        list.AddRange(objective.Parameters);
        if (codec.CategoricalIndices.Length > 0)
            list.Add(new("categorical_feature", string.Join(',', codec.CategoricalIndices)));
        if (o.MonotoneConstraints is { Count: > 0 } mc)
        {
            var names = codec.Signature.InputNames;
            var values = new int[names.Count];
            foreach (var (name, value) in mc)
            {
                var j = -1;
                for (var k = 0; k < names.Count; k++) if (names[k] == name) { j = k; break; }
                if (j < 0) throw new ColumnNotFoundException(name, names);
                if (value is < -1 or > 1)
                    throw new AugurException($"{consumer} option 'monotone_constraints' gives {value} for '{name}'; use -1 (decreasing), 0 (free) or 1 (increasing)");
                if (value != 0 && codec.CategoricalIndices.Contains(j))
                    throw new AugurException($"{consumer} option 'monotone_constraints': '{name}' is categorical and cannot be monotone");
                values[j] = value;
            }
            list.Add(new("monotone_constraints", string.Join(',', values)));
        }
        string? first = null;
        if (o.EvalMetric is { } metricText)
        {
            var (metric, evalAt, firstName) = BoostingMetrics.Parse(metricText);
            list.Add(new("metric", metric));
            if (evalAt.Length > 0) list.Add(new("eval_at", string.Join(',', evalAt)));
            first = firstName;
        }
        if (o.ExtraParameters is { Count: > 0 } extra)
        {
            foreach (var (key, value) in extra)
            {
                if (key is null || !LightGbmParameters.IsSafeToken(key))
                    throw new AugurException($"{consumer} option 'extra_parameters' holds a bad parameter name '{key}'");
                var canonical = LightGbmParameters.CanonicalName(key)
                    ?? throw new LightGbmException($"LightGBM has no parameter '{key}' (given in option 'extra_parameters'); see LightGBM's parameter list") { NativeMessage = $"Unknown parameter: {key}" };
                if (s_reserved.TryGetValue(canonical, out var owner))
                    throw new AugurException($"{consumer} option 'extra_parameters' cannot set LightGBM's '{key}'; it comes from {owner}");
                if (value is null || !LightGbmParameters.IsSafeToken(value))
                    throw new AugurException($"{consumer} option 'extra_parameters' gives '{key}' the value '{value}', which holds blanks or '=' or is empty");
                list.Add(new(canonical, value));
            }
        }
        return (list, first);
    }
}
