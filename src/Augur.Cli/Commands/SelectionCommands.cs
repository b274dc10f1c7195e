using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Cli.Infrastructure;
using Augur.Data;
using Augur.ModelSelection;
using Augur.Pipelines;
using Augur.Serialization;
using Augur.Training;

namespace Augur.Cli.Commands;

/// <summary>What <c>augur cv</c> and <c>augur tune</c> share: loading labelled data and building the automatic pipeline as <c>augur train</c> does.</summary>
internal static class SelectionSetup
{
    public static (Frame X, Column Y, ModelTask Task) Load(string path, string target)
    {
        var frame = DataFiles.Load(path);
        if (!frame.Contains(target)) throw new AugurException($"the data has no column '{target}'; columns: {string.Join(", ", frame.ColumnNames)}");
        var y = frame[target];
        if (y.MissingCount > 0)
        {
            var keep = new bool[frame.RowCount];
            for (var i = 0; i < keep.Length; i++) keep[i] = !y.IsMissing(i);
            frame = frame.Filter(keep);
            y = frame[target];
        }
        if (frame.RowCount < 10) throw new AugurException($"only {frame.RowCount} rows have a target value; at least 10 are needed");
        var x = frame.Drop(target);
        if (x.ColumnCount == 0) throw new AugurException("there are no feature columns besides the target");
        return (x, y, TaskInference.Resolve("auto", y));
    }

    public static Pipeline Pipeline(string? model, ModelTask task, string target, IReadOnlyList<KeyValuePair<string, string>> settings, int seed)
    {
        if (model is null || model.Equals("auto", StringComparison.OrdinalIgnoreCase))
            throw new UsageException("pass one model with --model (for example --model forest)");
        return ModelTrainer.MakePipeline(model, task, new TrainOptions { Target = target, Model = model, Settings = settings, Seed = seed });
    }

    /// <summary>Shuffled k-fold (stratified for classification), seeded.</summary>
    public static ISplitter Splitter(int folds, ModelTask task, int seed)
    {
        if (folds < 2) throw new UsageException($"--cv needs at least 2 folds, not {folds}");
        return task.IsClassification() ? new StratifiedKFold { NSplits = folds, Shuffle = true, RandomState = seed } : new KFold { NSplits = folds, Shuffle = true, RandomState = seed };
    }

    public static Option<int> Folds() => new("--cv") { Description = "Number of cross-validation folds (stratified for classification)", DefaultValueFactory = _ => 5 };

    public static Option<string[]> Metrics() => new("--metric") { Description = "Scorer name (repeatable), e.g. roc_auc, f1_macro, neg_mean_squared_error; default: roc_auc, accuracy or r2 by task", Arity = ArgumentArity.ZeroOrMore };

    public static JsonNode? Value(object? v) => v switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => CliJson.Number(d),
        _ => JsonValue.Create(EstimatorParameters.FormatValue(v)),
    };

    public static string Format(IReadOnlyDictionary<string, object?> p) =>
        string.Join(", ", p.Select(kv => $"{kv.Key}={(kv.Value is double d ? CliIO.Number(d) : EstimatorParameters.FormatValue(kv.Value))}"));
}

/// <summary><c>augur cv &lt;data&gt; --target y --model m</c>: cross-validated scores of one model with the automatic preprocessing.</summary>
public sealed class CvCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var data = new Argument<string>("data") { Description = "CSV or Parquet file with the features and the target" };
        var target = CommonOptions.Target(required: true);
        var model = CommonOptions.Model();
        var folds = SelectionSetup.Folds();
        var metrics = SelectionSetup.Metrics();
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var cmd = new Command("cv", "Cross-validate one model (automatic preprocessing, as train)") { data, target, model, folds, metrics, set, seed, json };
        cmd.SetAction(p =>
        {
            var targetName = p.GetValue(target)!;
            var (x, y, task) = SelectionSetup.Load(p.GetValue(data)!, targetName);
            var seedValue = p.GetValue(seed);
            var pipeline = SelectionSetup.Pipeline(p.GetValue(model), task, targetName, SetOptions.Parse(p.GetValue(set)), seedValue);
            var scoring = p.GetValue(metrics) is { Length: > 0 } m ? m : [ModelTrainer.PrimaryMetric(task)];
            io.Note($"cross-validating {p.GetValue(model)} with {p.GetValue(folds)} folds");
            var r = CrossValidation.CrossValidate(pipeline, x, y, SelectionSetup.Splitter(p.GetValue(folds), task, seedValue), scoring);
            if (p.GetValue(json))
            {
                var ms = new JsonObject();
                foreach (var name in r.Metrics)
                    ms[name] = new JsonObject
                    {
                        ["mean"] = CliJson.Number(r.MeanTestScore(name)),
                        ["std"] = CliJson.Number(r.StdTestScore(name)),
                        ["folds"] = new JsonArray(r.TestScores[name].Select(v => CliJson.Number(v)).ToArray()),
                    };
                io.Json(new JsonObject
                {
                    ["model"] = p.GetValue(model),
                    ["task"] = TrainCommand.TaskWords(task),
                    ["rows"] = x.RowCount,
                    ["folds"] = r.Folds.Count,
                    ["metrics"] = ms,
                    ["fit_seconds"] = new JsonArray(r.FitTimes.Select(v => CliJson.Number(v)).ToArray()),
                });
            }
            else
            {
                io.Table(["metric", "mean", "std", .. Enumerable.Range(1, r.Folds.Count).Select(k => $"fold {k}")],
                    r.Metrics.Select(n => (IReadOnlyList<string>)[n, CliIO.Number(r.MeanTestScore(n)), CliIO.Number(r.StdTestScore(n)), .. r.TestScores[n].Select(CliIO.Number)]),
                    $"{p.GetValue(model)}: {r.Folds.Count}-fold cross-validation on {x.RowCount:N0} rows ({TrainCommand.TaskWords(task)})");
                io.Line($"Mean fit time {CliIO.Number(r.FitTimes.Average())} s per fold");
            }
            return ExitCodes.Success;
        });
        return cmd;
    }
}

/// <summary><c>augur tune &lt;data&gt; --target y --model m --search tpe</c>: search a model's options by cross-validation and save the best.</summary>
public sealed class TuneCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var data = new Argument<string>("data") { Description = "CSV or Parquet file with the features and the target" };
        var target = CommonOptions.Target(required: true);
        var model = CommonOptions.Model();
        var search = new Option<string>("--search") { Description = "grid, random, tpe or halving", DefaultValueFactory = _ => "tpe" };
        var trials = new Option<int?>("--trials") { Description = "Trials (random, tpe) or first-round candidates (halving); default 30 (tpe) or 20" };
        var folds = SelectionSetup.Folds();
        var metrics = SelectionSetup.Metrics();
        var space = new Option<string>("--space") { Description = "Search space JSON file, e.g. {\"learning_rate\": {\"type\": \"float\", \"low\": 0.01, \"high\": 0.3, \"log\": true}}; default: the model's built-in space" };
        var timeout = new Option<string>("--timeout") { Description = "Stop starting trials after this long: 90s, 10m, 1h or seconds" };
        var prune = new Option<string>("--prune")
        {
            Description = "Stop unpromising trials early: none, median (Optuna's median rule) or halving (asynchronous successive halving); " +
                          "per boosting iteration for gbdt, per fold for other models",
            DefaultValueFactory = _ => "none",
        };
        var set = CommonOptions.Set();
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("Where to save the best model, refitted on all rows", "best.augur");
        var json = CommonOptions.Json();
        var cmd = new Command("tune", "Tune a model's options by cross-validation and save the best") { data, target, model, search, trials, folds, metrics, space, timeout, prune, set, seed, output, json };
        cmd.Description += Environment.NewLine + "Models with a built-in space: " + string.Join(", ", DefaultSearchSpaces.Names);
        cmd.SetAction(p =>
        {
            var targetName = p.GetValue(target)!;
            var modelName = p.GetValue(model);
            var (x, y, task) = SelectionSetup.Load(p.GetValue(data)!, targetName);
            var seedValue = p.GetValue(seed);
            var pipeline = SelectionSetup.Pipeline(modelName, task, targetName, SetOptions.Parse(p.GetValue(set)), seedValue);
            var spaceDef = p.GetValue(space) is { } file ? SearchSpace.FromJson(File.ReadAllText(file)) : DefaultSearchSpaces.For(modelName!, task);
            var scoring = p.GetValue(metrics) is { Length: > 0 } m ? m : [ModelTrainer.PrimaryMetric(task)];
            var n = p.GetValue(trials);
            if (n is < 1) throw new UsageException($"--trials must be at least 1, not {n}");
            int? total = null;
            SearchBase searcher = (p.GetValue(search) ?? "tpe").Trim().ToLowerInvariant() switch
            {
                "grid" => new GridSearch(pipeline, spaceDef.Grid(3)),
                "random" => new RandomSearch(pipeline, spaceDef) { NIter = (total = n ?? 20).Value },
                "tpe" => new TpeSearch(pipeline, spaceDef) { NTrials = (total = n ?? 30).Value, NStartupTrials = Math.Min(10, Math.Max(1, (n ?? 30) / 3)) },
                "halving" => new HalvingSearch(pipeline, spaceDef) { NCandidates = n },
                var other => throw new UsageException($"--search must be grid, random, tpe or halving, not '{other}'"),
            };
            if (searcher is GridSearch g) total = g.Candidates.Count;
            searcher = searcher with
            {
                Cv = SelectionSetup.Splitter(p.GetValue(folds), task, seedValue),
                Scoring = scoring,
                RandomState = seedValue,
                Timeout = p.GetValue(timeout) is { } tt ? ParseDuration(tt) : null,
                Pruner = Pruner(p.GetValue(prune)),
            };
            var result = new TuneProgress(io, p.GetValue(json), scoring[0], total).Run(searcher, x, y);
            if (result.BestModel is null)
                throw new AugurException($"no trial completed{(result.TimedOut ? " before the time budget ran out" : "")}; first error: {result.Trials.FirstOrDefault(t => t.Error is not null)?.Error ?? "none"}");
            var outPath = p.GetValue(output) ?? "best.augur";
            ModelFile.Save(result.BestModel, outPath, new ModelCard
            {
                Name = Path.GetFileNameWithoutExtension(outPath),
                Estimator = $"Pipeline(auto preprocessing → {modelName})",
                Options = result.BestParams.ToDictionary(kv => kv.Key, kv => EstimatorParameters.FormatValue(kv.Value)),
                Metrics = new Dictionary<string, double> { [result.RankMetric] = result.BestScore },
                MetricsOn = "cross-validation",
                Tags = new Dictionary<string, string> { ["target"] = targetName, ["search"] = p.GetValue(search) ?? "tpe", ["seed"] = seedValue.ToString(CultureInfo.InvariantCulture) },
            });
            if (p.GetValue(json)) io.Json(ToJson(result, modelName!, p.GetValue(search) ?? "tpe", outPath));
            else Render(io, result, modelName!, outPath);
            return ExitCodes.Success;
        });
        return cmd;
    }

    internal static IPruner? Pruner(string? name) => (name ?? "none").Trim().ToLowerInvariant() switch
    {
        "none" or "" => null,
        "median" => new MedianPruner { NStartupTrials = 5, NWarmupSteps = 10 },
        "halving" or "asha" => new SuccessiveHalvingPruner { MinResource = 10, ReductionFactor = 3 },
        var other => throw new UsageException($"--prune must be none, median or halving, not '{other}'"),
    };

    internal static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        double Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
            : throw new UsageException($"--timeout must look like 90s, 10m, 1h or a number of seconds, not '{text}'");
        if (t.EndsWith("ms", StringComparison.Ordinal)) return TimeSpan.FromMilliseconds(Number(t[..^2]));
        if (t.EndsWith('s')) return TimeSpan.FromSeconds(Number(t[..^1]));
        if (t.EndsWith('m')) return TimeSpan.FromMinutes(Number(t[..^1]));
        if (t.EndsWith('h')) return TimeSpan.FromHours(Number(t[..^1]));
        return TimeSpan.FromSeconds(Number(t));
    }

    private static void Render(CliIO io, SearchResult r, string model, string outPath)
    {
        var top = r.Trials.OrderBy(t => t.State == TrialState.Complete ? 0 : 1).ThenByDescending(t => t.Score).Take(10).ToArray();
        var pruned = r.Trials.Count(t => t.State == TrialState.Pruned);
        var failed = r.Trials.Count(t => t.State == TrialState.Failed);
        var counts = (pruned > 0 ? $", {pruned} pruned" : "") + (failed > 0 ? $", {failed} failed" : "");
        io.Table(["trial", r.RankMetric, "state", "seconds", "params"],
            top.Select(t => (IReadOnlyList<string>)[(t.Number + 1).ToString(CultureInfo.InvariantCulture), CliIO.Number(t.Score),
                t.State == TrialState.Pruned ? $"pruned at {t.PrunedAt}" : t.State.ToString().ToLowerInvariant(), CliIO.Number(t.Seconds), SelectionSetup.Format(t.Params)]),
            $"{model}: top {top.Length} of {r.Trials.Count} trials{counts} in {CliIO.Number(r.ElapsedSeconds)} s{(r.TimedOut ? " (time budget reached)" : "")}");
        io.Line();
        io.Line($"Best {r.RankMetric}: {CliIO.Number(r.BestScore)} with {SelectionSetup.Format(r.BestParams)}");
        io.Line($"Saved the best model, refitted on all rows, to {outPath}");
    }

    internal static JsonObject ToJson(SearchResult r, string model, string search, string outPath)
    {
        var bestParams = new JsonObject();
        foreach (var (k, v) in r.BestParams) bestParams[k] = SelectionSetup.Value(v);
        var trials = new JsonArray();
        foreach (var t in r.Trials)
        {
            var ps = new JsonObject();
            foreach (var (k, v) in t.Params) ps[k] = SelectionSetup.Value(v);
            trials.Add(new JsonObject
            {
                ["number"] = t.Number,
                ["params"] = ps,
                ["score"] = CliJson.Number(t.Score),
                ["state"] = t.State.ToString().ToLowerInvariant(),
                ["seconds"] = CliJson.Number(t.Seconds),
                ["error"] = t.Error,
                ["pruned_at"] = t.State == TrialState.Pruned ? t.PrunedAt : null,
                ["iterations_run"] = t.IterationsRun > 0 ? t.IterationsRun : null,
            });
        }
        return new JsonObject
        {
            ["model"] = model,
            ["search"] = search,
            ["metric"] = r.RankMetric,
            ["best_score"] = CliJson.Number(r.BestScore),
            ["best_params"] = bestParams,
            ["trials"] = trials,
            ["pruned"] = r.Trials.Count(t => t.State == TrialState.Pruned),
            ["timed_out"] = r.TimedOut,
            ["seconds"] = CliJson.Number(r.ElapsedSeconds),
            ["out"] = outPath,
        };
    }
}
