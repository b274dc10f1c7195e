using System.CommandLine;
using System.Text.Json.Nodes;
using Augur.Cli.Infrastructure;
using Augur.Data;
using Augur.Metrics;
using Augur.Plots;
using Augur.Serialization;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur evaluate &lt;model&gt; &lt;data&gt; [--report report.html] [--plots dir]</c>: metrics of a saved model on labelled
/// data, optionally with a self-contained HTML evaluation report and every chart as a PNG.
/// </summary>
public sealed class EvaluateCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var modelArg = new Argument<string>("model") { Description = "A .augur model file" };
        var data = new Argument<string>("data") { Description = "CSV or Parquet file with the model's inputs and the target column" };
        var target = CommonOptions.Target(required: false);
        target.Description = "The target column (default: the one the model was trained on)";
        var json = CommonOptions.Json();
        var report = new Option<string>("--report") { Description = "Also write a self-contained HTML evaluation report to this file" };
        var plots = new Option<string>("--plots") { Description = "Also write every chart of the report as a PNG into this folder" };
        var seed = CommonOptions.Seed();
        var group = new Option<string>("--group") { Description = "For ranking models: the query-group column (default: the one the model was trained with)" };
        var cmd = new Command("evaluate", "Measure a saved model on labelled data") { modelArg, data, target, group, json, report, plots, seed };
        cmd.SetAction(p =>
        {
            var modelPath = p.GetValue(modelArg)!;
            var saved = ModelFile.Load(modelPath);
            var frame = DataFiles.Load(p.GetValue(data)!);
            var (metrics, rows, targetName) = Evaluate(saved, frame, p.GetValue(target), p.GetValue(group));
            var reportPath = p.GetValue(report);
            var plotsDir = p.GetValue(plots);
            IReadOnlyList<string> plotFiles = [];
            if (reportPath is not null || plotsDir is not null)
            {
                var (predictor, x, y, _) = Labelled(saved, frame, p.GetValue(target));
                var built = EvaluationReport.Build(predictor, x, y, new EvaluationReportOptions
                {
                    Title = $"Evaluation of {saved.Card.Name ?? Path.GetFileNameWithoutExtension(modelPath)}",
                    Card = saved.Card,
                    RandomState = p.GetValue(seed),
                });
                if (reportPath is not null) built.Save(reportPath);
                if (plotsDir is not null) plotFiles = built.SavePlots(plotsDir);
            }
            if (p.GetValue(json))
            {
                var doc = new JsonObject
                {
                    ["model"] = modelPath,
                    ["name"] = saved.Card.Name,
                    ["kind"] = saved.Model.Kind,
                    ["target"] = targetName,
                    ["rows"] = rows,
                    ["metrics"] = CliJson.Metrics(metrics),
                };
                if (reportPath is not null) doc["report"] = reportPath;
                if (plotsDir is not null) doc["plots"] = new JsonArray(plotFiles.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
                io.Json(doc);
            }
            else
            {
                io.KeyValues(metrics.Select(kv => (kv.Key, CliIO.Number(kv.Value))), $"{Path.GetFileName(modelPath)} on {rows:N0} rows (target '{targetName}')");
                if (reportPath is not null) io.Note($"Report written to {reportPath}");
                if (plotsDir is not null) io.Note($"{plotFiles.Count} charts written to {plotsDir}");
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Evaluates on the rows whose target is present (ranking models per query group).</summary>
    public static (IReadOnlyDictionary<string, double> Metrics, int Rows, string Target) Evaluate(SavedModel saved, Frame frame, string? target, string? group = null)
    {
        var (predictor, x, y, name) = Labelled(saved, frame, target);
        if (predictor.Task != ModelTask.Ranking) return (ModelEvaluation.Evaluate(predictor, x, y), x.RowCount, name);
        var groupName = group ?? saved.Card.Tags?.GetValueOrDefault("group")
            ?? throw new AugurException("a ranking model is evaluated per query group; pass --group <column>");
        return (ModelEvaluation.EvaluateRanking(predictor, x, y, x[groupName]), x.RowCount, name);
    }

    /// <summary>The model as a predictor, the features (target dropped) and target of the rows whose target is present, and the target's name.</summary>
    public static (IPredictor Model, Frame X, Column Y, string Target) Labelled(SavedModel saved, Frame frame, string? target)
    {
        if (saved.Model is not IPredictor predictor)
            throw new AugurException($"the model in this file is a {saved.Model.Kind} transformer; there is nothing to evaluate");
        var name = target ?? saved.Signature.Target
            ?? throw new AugurException("the model file does not name its target; pass --target");
        if (!frame.Contains(name))
            throw new AugurException($"the data has no target column '{name}'; evaluate needs labelled data (or pass --target)");
        frame = Keep(frame, frame[name]);
        if (frame.RowCount == 0) throw new AugurException($"no row has a value in target column '{name}'");
        return (predictor, frame.Drop(name), frame[name], name);
    }

    private static Frame Keep(Frame frame, Column y)
    {
        if (y.MissingCount == 0) return frame;
        var keep = new bool[frame.RowCount];
        for (var i = 0; i < keep.Length; i++) keep[i] = !y.IsMissing(i);
        return frame.Filter(keep);
    }
}
