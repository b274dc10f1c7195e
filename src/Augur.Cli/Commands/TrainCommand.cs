using System.CommandLine;
using System.Text.Json.Nodes;
using Augur.Cli.Infrastructure;
using Augur.Serialization;
using Augur.Training;

namespace Augur.Cli.Commands;

/// <summary><c>augur train &lt;data&gt; --target y</c>: infer the task, preprocess automatically, fit, measure on held-out rows, save.</summary>
public sealed class TrainCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var data = new Argument<string>("data") { Description = "CSV or Parquet file with the features and the target" };
        var target = CommonOptions.Target(required: false);
        target.Description = "The column to predict (omit it to fit an unsupervised model such as kmeans or pca)";
        var model = CommonOptions.Model();
        var task = new Option<string>("--task") { Description = "auto, classification, regression or ranking", DefaultValueFactory = _ => "auto" };
        var set = CommonOptions.Set();
        var group = new Option<string>("--group") { Description = "For ranking models (gbdt-rank): the column holding each row's query group" };
        var exclude = new Option<string[]>("--drop") { Description = "A column to leave out of the features (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var testSize = CommonOptions.TestSize();
        var seed = CommonOptions.Seed();
        var output = CommonOptions.Out("Where to save the model", "model.augur");
        var json = CommonOptions.Json();
        var cmd = new Command("train", "Train a model on a data file and save it") { data, target, model, task, set, group, exclude, testSize, seed, output, json };
        cmd.Description += Environment.NewLine + "Models: " + string.Join(", ", EstimatorCatalog.Entries.Select(e => e.Name).Prepend("auto"));
        cmd.SetAction(p =>
        {
            var options = new TrainOptions
            {
                Target = p.GetValue(target),
                Model = p.GetValue(model) ?? "auto",
                Task = p.GetValue(task) ?? "auto",
                Settings = SetOptions.Parse(p.GetValue(set)),
                Exclude = p.GetValue(exclude) ?? [],
                Group = p.GetValue(group),
                TestSize = p.GetValue(testSize),
                Seed = p.GetValue(seed),
            };
            var frame = DataFiles.Load(p.GetValue(data)!);
            var result = io.WithStatus("Training…", p.GetValue(json), progress => ModelTrainer.Train(frame, options, progress));
            var outPath = p.GetValue(output) ?? "model.augur";
            ModelFile.Save(result.Model, outPath, result.Card with { Name = Path.GetFileNameWithoutExtension(outPath) });
            if (p.GetValue(json)) io.Json(ToJson(result, outPath));
            else Render(io, result, outPath);
            return ExitCodes.Success;
        });
        return cmd;
    }

    internal static void Render(CliIO io, TrainResult r, string outPath)
    {
        io.Heading($"Task: {TaskWords(r.Task)} · {r.TrainRows:N0} training rows" + (r.TestRows > 0 ? $" · {r.TestRows:N0} held out" : "") +
                   (r.DroppedRows > 0 ? $" · {r.DroppedRows:N0} rows without a target dropped" : ""));
        static string Steps(Pipelines.AutoColumnPlan c) => c.Kind == Pipelines.AutoColumnKind.Dropped ? c.Reason : string.Join(" → ", c.Steps);
        if (r.Plan.Count <= 12)
        {
            io.Table(["column", "type", "treatment", "steps"],
                r.Plan.Select(c => (IReadOnlyList<string>)[c.Column, c.Type, c.Kind.ToString().ToLowerInvariant(), Steps(c)]),
                "Preprocessing");
        }
        else
        {
            // Many columns: one line per distinct treatment.
            io.Table(["columns", "treatment", "steps"],
                r.Plan.GroupBy(c => (Kind: c.Kind.ToString().ToLowerInvariant(), Steps: Steps(c)))
                    .Select(g => (IReadOnlyList<string>)[Abbreviate(g.Select(c => c.Column).ToList()), g.Key.Kind, g.Key.Steps]),
                "Preprocessing");
        }
        if (r.Leaderboard.Count > 1)
        {
            io.Line();
            // The ranking metric first, then a few others, so the table fits a terminal.
            var keys = r.Leaderboard.Where(c => c.Error is null).SelectMany(c => c.Metrics.Keys).Distinct()
                .OrderBy(k => k == r.PrimaryMetric ? 0 : 1).Take(5).ToArray();
            io.Table(["model", .. keys, "fit s"],
                r.Leaderboard.Select(c => (IReadOnlyList<string>)[c.Model, .. keys.Select(k => c.Metrics.TryGetValue(k, out var v) ? CliIO.Number(v) : ""), c.Error is null ? CliIO.Number(c.FitSeconds) : "failed"]),
                $"Leaderboard (validation split, ranked by {r.PrimaryMetric})");
        }
        io.Line();
        var title = r.MetricsOn == "test" ? $"{r.ModelName}: metrics on {r.TestRows:N0} held-out rows"
            : r.Task is ModelTask.Clustering or ModelTask.Transform ? $"{r.ModelName}: metrics on the {r.TrainRows:N0} training rows"
            : $"{r.ModelName}: TRAINING metrics (--test-size 0: no rows held out)";
        io.KeyValues(r.Metrics.Select(kv => (kv.Key, CliIO.Number(kv.Value))), title);
        io.Line();
        io.Line($"Saved {r.ModelName} model to {outPath}");
    }

    private static string Abbreviate(IReadOnlyList<string> names) =>
        names.Count <= 3 ? string.Join(", ", names) : $"{names.Count} columns ({string.Join(", ", names.Take(3))}, …)";

    internal static JsonObject ToJson(TrainResult r, string outPath)
    {
        var board = new JsonArray();
        foreach (var c in r.Leaderboard)
            board.Add(new JsonObject
            {
                ["model"] = c.Model,
                ["score"] = CliJson.Number(c.Score),
                ["metrics"] = CliJson.Metrics(c.Metrics),
                ["fit_seconds"] = CliJson.Number(c.FitSeconds),
                ["error"] = c.Error,
            });
        var plan = new JsonArray();
        foreach (var c in r.Plan)
            plan.Add(new JsonObject { ["column"] = c.Column, ["type"] = c.Type, ["treatment"] = c.Kind.ToString().ToLowerInvariant(), ["reason"] = c.Reason });
        return new JsonObject
        {
            ["model"] = r.ModelName,
            ["task"] = TaskWords(r.Task),
            ["primary_metric"] = r.PrimaryMetric,
            ["metrics"] = CliJson.Metrics(r.Metrics),
            ["metrics_on"] = r.MetricsOn,
            ["train_rows"] = r.TrainRows,
            ["test_rows"] = r.TestRows,
            ["dropped_rows"] = r.DroppedRows,
            ["leaderboard"] = board,
            ["preprocessing"] = plan,
            ["out"] = outPath,
        };
    }

    internal static string TaskWords(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => "binary classification",
        ModelTask.MulticlassClassification => "multiclass classification",
        ModelTask.Regression => "regression",
        ModelTask.Clustering => "clustering",
        ModelTask.Transform => "decomposition",
        ModelTask.Ranking => "ranking",
        _ => task.ToString().ToLowerInvariant(),
    };
}
