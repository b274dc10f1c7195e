using System.CommandLine;
using System.Text.Json.Nodes;
using Augur.Cli.Infrastructure;
using Augur.Data;
using Augur.Metrics;
using Augur.Serialization;

namespace Augur.Cli.Commands;

/// <summary><c>augur evaluate &lt;model&gt; &lt;data&gt;</c>: metrics of a saved model on labelled data.</summary>
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
        var cmd = new Command("evaluate", "Measure a saved model on labelled data") { modelArg, data, target, json };
        cmd.SetAction(p =>
        {
            var modelPath = p.GetValue(modelArg)!;
            var saved = ModelFile.Load(modelPath);
            var frame = DataFiles.Load(p.GetValue(data)!);
            var (metrics, rows, targetName) = Evaluate(saved, frame, p.GetValue(target));
            if (p.GetValue(json))
                io.Json(new JsonObject
                {
                    ["model"] = modelPath,
                    ["name"] = saved.Card.Name,
                    ["kind"] = saved.Model.Kind,
                    ["target"] = targetName,
                    ["rows"] = rows,
                    ["metrics"] = CliJson.Metrics(metrics),
                });
            else
                io.KeyValues(metrics.Select(kv => (kv.Key, CliIO.Number(kv.Value))), $"{Path.GetFileName(modelPath)} on {rows:N0} rows (target '{targetName}')");
            return ExitCodes.Success;
        });
        return cmd;
    }

    /// <summary>Evaluates on the rows whose target is present.</summary>
    public static (IReadOnlyDictionary<string, double> Metrics, int Rows, string Target) Evaluate(SavedModel saved, Frame frame, string? target)
    {
        if (saved.Model is not IPredictor predictor)
            throw new AugurException($"the model in this file is a {saved.Model.Kind} transformer; there is nothing to evaluate");
        var name = target ?? saved.Signature.Target
            ?? throw new AugurException("the model file does not name its target; pass --target");
        if (!frame.Contains(name))
            throw new AugurException($"the data has no target column '{name}'; evaluate needs labelled data (or pass --target)");
        var y = frame[name];
        if (y.MissingCount > 0)
        {
            var keep = new bool[frame.RowCount];
            for (var i = 0; i < keep.Length; i++) keep[i] = !y.IsMissing(i);
            frame = frame.Filter(keep);
            y = frame[name];
        }
        if (frame.RowCount == 0) throw new AugurException($"no row has a value in target column '{name}'");
        return (ModelEvaluation.Evaluate(predictor, frame, y), frame.RowCount, name);
    }
}
