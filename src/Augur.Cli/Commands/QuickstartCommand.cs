using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Augur.Cli.Infrastructure;
using Augur.Data;
using Augur.Serialization;
using Augur.Training;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur quickstart</c>: the end-to-end demo on a bundled real data set (Breast Cancer Wisconsin): describe the data,
/// train and compare several models, print a leaderboard, save the best model and show the next commands to try.
/// </summary>
public sealed class QuickstartCommand : ICliCommand
{
    /// <summary>The models the demo compares (those available in this build).</summary>
    public static IReadOnlyList<string> Candidates { get; } = ["logistic", "gbdt", "forest", "extra-trees", "svm", "knn", "gaussian-nb", "tree"];

    private const string DataName = "breast_cancer.csv";
    private const string Target = "diagnosis";

    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var dir = new Option<string>("--dir") { Description = "Folder for the demo's data and model", DefaultValueFactory = _ => "augur-quickstart" };
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var cmd = new Command("quickstart", "Run the end-to-end demo on a bundled real data set (no set-up needed)") { dir, seed, json };
        cmd.SetAction(p => Run(io, p.GetValue(dir) ?? "augur-quickstart", p.GetValue(seed), p.GetValue(json)));
        return cmd;
    }

    private static int Run(CliIO io, string dir, int seed, bool json)
    {
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(dir);
        var dataPath = Path.Combine(dir, DataName);
        using (var resource = typeof(QuickstartCommand).Assembly.GetManifestResourceStream("Augur.Cli.Data." + DataName)
                              ?? throw new InvalidOperationException("the bundled data set is missing from the tool"))
        using (var file = File.Create(dataPath))
            resource.CopyTo(file);

        var frame = Frame.ReadCsv(dataPath);
        if (!json)
        {
            io.Heading("Augur quickstart: Breast Cancer Wisconsin (Diagnostic), UCI — bundled with the tool");
            io.Line($"Data: {dataPath} — {frame.RowCount} tumours × {frame.ColumnCount - 1} measurements; target '{Target}'.");
            io.Line();
            var counts = frame.ValueCounts(Target);
            io.Table(["diagnosis", "rows"], Enumerable.Range(0, counts.RowCount).Select(i => (IReadOnlyList<string>)[counts[0].Format(i), counts[1].Format(i)]), "Target");
            io.Line();
            var stats = frame.Drop(Target).Select(frame.ColumnNames.Where(n => n != Target).Take(6)).Describe();
            var keep = stats.ColumnNames.Where(n => n is "column" or "type" or "missing" or "mean" or "std" or "min" or "max").ToArray();
            io.Table(keep, Enumerable.Range(0, stats.RowCount).Select(i => (IReadOnlyList<string>)keep.Select(k => stats[k].IsNumeric && stats[k].Type == ColumnType.Float64 ? CliIO.Number(stats[k].GetDouble(i)) : stats[k].Format(i)).ToArray()),
                $"First 6 of {frame.ColumnCount - 1} features (augur describe {dataPath} shows all)");
            io.Line();
        }

        var candidates = Candidates.Where(c => EstimatorCatalog.TryGet(c, out _)).ToArray();
        var result = io.WithStatus("Comparing models…", json, progress =>
            ModelTrainer.Train(frame, new TrainOptions { Target = Target, Model = "auto", Candidates = candidates, TestSize = 0.2, Seed = seed }, progress));
        var modelPath = Path.Combine(dir, "best.augur");
        ModelFile.Save(result.Model, modelPath, result.Card with { Name = "quickstart-best" });

        var next = new[]
        {
            $"augur describe {dataPath}",
            $"augur evaluate {modelPath} {dataPath} --report {Path.Combine(dir, "report.html")}",
            $"augur explain {modelPath} {dataPath} --method permutation",
            $"augur predict {modelPath} {dataPath} --proba --out {Path.Combine(dir, "predictions.csv")}",
            $"augur serve {modelPath}",
            $"augur train {dataPath} --target {Target} --model gbdt --set n_estimators=300 --set learning_rate=0.05 --out {Path.Combine(dir, "gbdt.augur")}",
        };
        if (json)
        {
            var o = TrainCommand.ToJson(result, modelPath);
            o["data"] = dataPath;
            o["seconds"] = total.Elapsed.TotalSeconds;
            o["next"] = new JsonArray(next.Select(n => (JsonNode)JsonValue.Create(n)).ToArray());
            io.Json(o);
            return ExitCodes.Success;
        }
        TrainCommand.Render(io, result, modelPath);
        io.Line();
        io.Heading("Next");
        foreach (var n in next) io.Line("  " + n);
        io.Line("(Without the installed tool, write 'dotnet run --project src/Augur.Cli --' in place of 'augur'.)");
        io.Line();
        io.Line($"Done in {total.Elapsed.TotalSeconds:0.0} s.");
        return ExitCodes.Success;
    }
}
