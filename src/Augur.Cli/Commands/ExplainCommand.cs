using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Cli.Infrastructure;
using Augur.Data;
using Augur.Explain;
using Augur.Numerics;
using Augur.Plots;
using Augur.Serialization;

namespace Augur.Cli.Commands;

/// <summary>
/// <c>augur explain &lt;model&gt; &lt;data&gt; --method shap|permutation|pdp|ice|lime</c>: SHAP values, permutation
/// importance, partial dependence, ICE curves or LIME explanations of a saved model on a data file.
/// </summary>
public sealed class ExplainCommand : ICliCommand
{
    private static readonly string[] s_methods = ["shap", "permutation", "pdp", "ice", "lime"];

    /// <inheritdoc />
    public Command Build(CliIO io)
    {
        var modelArg = new Argument<string>("model") { Description = "A .augur model file" };
        var data = new Argument<string>("data") { Description = "CSV or Parquet file with the model's input columns (the rows to explain, and the background)" };
        var method = new Option<string>("--method") { Description = "shap, permutation, pdp, ice or lime", DefaultValueFactory = _ => "shap" };
        method.AcceptOnlyFromAmong(s_methods);
        var rows = new Option<string>("--rows") { Description = "Rows to explain (shap, lime), e.g. 0,5,9 or 0-9 (default: every row for tree and linear SHAP, the first 10 for kernel SHAP, the first 5 for LIME)" };
        var feature = new Option<string[]>("--feature") { Description = "The feature of pdp/ice (repeat for a two-way pdp)", Arity = ArgumentArity.ZeroOrMore };
        var target = CommonOptions.Target(required: false);
        target.Description = "The target column for permutation importance (default: the one the model was trained on)";
        var scoring = new Option<string>("--scoring") { Description = "Scorer for permutation importance (default: accuracy or r2)" };
        var repeats = new Option<int>("--repeats") { Description = "Shuffles per column for permutation importance", DefaultValueFactory = _ => 5 };
        var algorithm = new Option<string>("--algorithm") { Description = "SHAP algorithm: auto, tree, tree_interventional, linear, kernel or lightgbm_native", DefaultValueFactory = _ => "auto" };
        var space = new Option<string>("--output-space") { Description = "SHAP/pdp scale: margin, probability, value or log_odds (default: the algorithm's natural one)" };
        var samples = new Option<int?>("--samples") { Description = "Kernel SHAP coalitions per row, or LIME samples per row" };
        var grid = new Option<int>("--grid-resolution") { Description = "Grid points per numeric feature (pdp, ice)", DefaultValueFactory = _ => 100 };
        var keep = new Option<bool>("--keep-transformed") { Description = "SHAP of a pipeline: report the transformed features instead of the input columns" };
        var plot = new Option<string>("--plot") { Description = "Also write a chart of the explanation (PNG, or SVG when the name ends in .svg)" };
        var seed = CommonOptions.Seed();
        var json = CommonOptions.Json();
        var cmd = new Command("explain", "Explain a saved model: SHAP values, permutation importance, partial dependence, ICE or LIME")
        {
            modelArg, data, method, rows, feature, target, scoring, repeats, algorithm, space, samples, grid, keep, plot, seed, json,
        };
        cmd.SetAction(p =>
        {
            var modelPath = p.GetValue(modelArg)!;
            var saved = ModelFile.Load(modelPath);
            if (saved.Model is not IPredictor model)
                throw new AugurException($"the model in this file is a {saved.Model.Kind} transformer; only classifiers and regressors can be explained");
            var frame = DataFiles.Load(p.GetValue(data)!);
            var asJson = p.GetValue(json);
            var outputSpace = p.GetValue(space) is { } s ? OutputSpaces.Parse(s) : (OutputSpace?)null;
            var header = new JsonObject { ["model"] = modelPath, ["kind"] = saved.Model.Kind };
            var plotPath = p.GetValue(plot);
            if (plotPath is not null)
            {
                var ext = Path.GetExtension(plotPath).ToLowerInvariant();
                if (ext is not (".png" or ".svg")) throw new UsageException($"--plot writes .png or .svg files, not '{plotPath}'");
                header["plot"] = plotPath;
            }
            switch (p.GetValue(method))
            {
                case "permutation":
                {
                    var (x, y) = Labelled(saved, frame, p.GetValue(target));
                    var r = new PermutationImportance { NRepeats = p.GetValue(repeats), Scoring = p.GetValue(scoring), RandomState = p.GetValue(seed) }.Compute(model, x, y);
                    if (plotPath is not null)
                        Save(Charts.PermutationImportance(r.FeatureNames, Enumerable.Range(0, r.FeatureNames.Count).Select(j => r.Importances.Row(j).ToArray()).ToArray(), r.Scoring), plotPath, io);
                    if (asJson) io.Json(PermutationJson(header, r));
                    else
                        io.Table(["feature", "importance", "std"],
                            r.Ranking().Select(j => (IReadOnlyList<string>)[r.FeatureNames[j], CliIO.Number(r.ImportancesMean[j]), CliIO.Number(r.ImportancesStd[j])]),
                            $"Permutation importance ({r.Scoring}; baseline {CliIO.Number(r.BaselineScore)}; {x.RowCount:N0} rows)");
                    break;
                }
                case "pdp":
                case "ice":
                {
                    var features = p.GetValue(feature) ?? [];
                    if (features.Length == 0) throw new UsageException($"--method {p.GetValue(method)} needs --feature <column>");
                    var ice = p.GetValue(method) == "ice";
                    if (ice && features.Length > 1) throw new UsageException("ICE curves take one --feature");
                    var r = new PartialDependence
                    {
                        GridResolution = p.GetValue(grid),
                        Kind = ice ? PartialDependenceKind.Both : PartialDependenceKind.Average,
                        OutputSpace = outputSpace,
                    }.Compute(model, frame, features);
                    if (plotPath is not null) Save(PartialDependenceChart(r), plotPath, io);
                    if (asJson) io.Json(PartialDependenceJson(header, r, ice));
                    else WritePartialDependence(io, r);
                    break;
                }
                case "lime":
                {
                    var rowList = ParseRows(p.GetValue(rows), frame.RowCount) ?? Enumerable.Range(0, Math.Min(5, frame.RowCount)).ToArray();
                    var lime = new LimeTabular { RandomState = p.GetValue(seed) };
                    if (p.GetValue(samples) is { } ns) lime = lime with { NumSamples = ns };
                    var r = lime.Explain(model, frame, frame, rowList);
                    if (plotPath is not null && r.Count > 0)
                        Save(Charts.Lime(r[0].Weights.Select(w => new KeyValuePair<string, double>(w.Condition, w.Weight)).ToArray(),
                            r[0].OutputSpace == OutputSpace.Value ? null : r[0].Output), plotPath, io);
                    if (asJson) io.Json(LimeJson(header, r));
                    else
                        foreach (var e in r)
                            io.Table(["feature", "weight"], e.Weights.Select(w => (IReadOnlyList<string>)[w.Condition, CliIO.Number(w.Weight)]),
                                $"Row {e.Row}: {e.Output} = {CliIO.Number(e.ModelPrediction)} (local {CliIO.Number(e.LocalPrediction)}, intercept {CliIO.Number(e.Intercept)}, R² {CliIO.Number(e.Score)})");
                    break;
                }
                default:
                {
                    var algo = Explainers.ParseAlgorithm(p.GetValue(algorithm)!);
                    var effective = algo == ShapAlgorithm.Auto ? Explainers.Choose(model, outputSpace) : algo;
                    var rowList = ParseRows(p.GetValue(rows), frame.RowCount)
                        ?? (effective == ShapAlgorithm.Kernel ? Enumerable.Range(0, Math.Min(10, frame.RowCount)).ToArray() : null);
                    var options = new ShapOptions
                    {
                        Algorithm = effective,
                        OutputSpace = outputSpace,
                        KeepTransformedFeatures = p.GetValue(keep),
                        NSamples = p.GetValue(samples),
                        RandomState = p.GetValue(seed),
                    };
                    var e = Explainers.Shap(model, frame, frame, rowList, options);
                    if (plotPath is not null) Save(ShapChart(e, frame), plotPath, io);
                    if (asJson) io.Json(ShapJson(header, e));
                    else WriteShap(io, e);
                    break;
                }
            }
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static void Save(Chart chart, string path, CliIO io)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        chart.Save(full);
        io.Note($"wrote {chart.Kind} chart to {path}");
    }

    /// <summary>
    /// The chart of a SHAP explanation: a waterfall for one row, otherwise a summary (beeswarm) of the output with the
    /// largest mean |SHAP| (the only output of regressors and single-score margins). The waterfall labels each feature
    /// with its value in <paramref name="data"/> (the frame the rows were explained from) when it is one of its columns.
    /// </summary>
    public static Chart ShapChart(ShapExplanation e, Frame? data = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var importance = Enumerable.Range(0, e.OutputCount).Select(k =>
        {
            double s = 0;
            foreach (var v in e.Values[k].Data) s += Math.Abs(v);
            return s;
        }).ToArray();
        var k = Array.IndexOf(importance, importance.Max());
        var title = e.OutputCount > 1 ? $"SHAP values for class {e.OutputNames[k]} ({e.OutputSpace.ToName()})" : $"SHAP values ({e.OutputSpace.ToName()})";
        var options = new ChartOptions { Title = title };
        if (e.RowCount == 1)
        {
            var row = e.Rows[0];
            var labels = Enumerable.Range(0, e.FeatureNames.Count).Select(j =>
            {
                if (data is not null && data.TryGetColumn(e.FeatureNames[j], out var c) && c.Type != ColumnType.Sparse)
                    return c.IsMissing(row) ? "missing" : c.IsNumeric ? CliIO.Number(c.GetDouble(row)) : c.Format(row);
                return e.FeatureValues is { } fv && !double.IsNaN(fv[0, j]) ? CliIO.Number(fv[0, j]) : "";
            }).ToArray();
            return Charts.ShapWaterfall(e.BaseValues[k], e.Values[k].Row(0).ToArray(), e.FeatureNames, labels, options: options);
        }
        var values = e.FeatureValues ?? new Matrix(e.RowCount, e.FeatureNames.Count, Enumerable.Repeat(double.NaN, e.RowCount * e.FeatureNames.Count).ToArray());
        return Charts.ShapSummary(e.Values[k], values, e.FeatureNames, options: options);
    }

    private static Chart PartialDependenceChart(PartialDependenceResult r)
    {
        if (r.Features.Count != 1)
            throw new UsageException("--plot draws the partial dependence of one feature; pass a single --feature");
        var k = r.OutputNames.Count - 1;
        var ice = r.Individual is { } ind ? Enumerable.Range(0, ind[k].Rows).Select(i => ind[k].Row(i).ToArray()).ToArray() : null;
        var options = new ChartOptions
        {
            Title = r.OutputSpace == OutputSpace.Value ? null
                : r.OutputSpace == OutputSpace.Probability ? $"Partial dependence of P({r.OutputNames[k]}) on {r.Features[0]}"
                : $"Partial dependence of the {r.OutputSpace.ToName()} of {r.OutputNames[k]} on {r.Features[0]}",
        };
        return r.Categorical[0]
            ? Charts.PartialDependence(r.Features[0], r.GridLabels[0], r.Average!.Row(k).ToArray(), ice, options: options)
            : Charts.PartialDependence(r.Features[0], r.GridValues[0], r.Average!.Row(k).ToArray(), ice, options: options);
    }

    /// <summary>Parses <c>0,5,9</c> and ranges like <c>0-9</c>; null when <paramref name="text"/> is empty.</summary>
    public static int[]? ParseRows(string? text, int count)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', 1);
            if (dash > 0 && int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var lo)
                         && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var hi) && lo <= hi)
                for (var i = lo; i <= hi; i++) result.Add(i);
            else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var r)) result.Add(r);
            else throw new UsageException($"--rows takes row numbers like 0,5,9 or 0-9, not '{part}'");
        }
        foreach (var r in result)
            if (r >= count) throw new AugurException($"row {r} is outside the data's {count} rows (0…{count - 1})");
        return result.ToArray();
    }

    private static (Frame X, Column Y) Labelled(SavedModel saved, Frame frame, string? target)
    {
        var name = target ?? saved.Signature.Target ?? throw new AugurException("the model file does not name its target; pass --target");
        if (!frame.Contains(name)) throw new AugurException($"the data has no target column '{name}'; permutation importance needs labelled data (or pass --target)");
        var y = frame[name];
        if (y.MissingCount > 0)
        {
            var keep = new bool[frame.RowCount];
            for (var i = 0; i < keep.Length; i++) keep[i] = !y.IsMissing(i);
            frame = frame.Filter(keep);
            y = frame[name];
        }
        if (frame.RowCount == 0) throw new AugurException($"no row has a value in target column '{name}'");
        return (frame, y);
    }

    private static JsonArray Numbers(ReadOnlySpan<double> values)
    {
        var a = new JsonArray();
        foreach (var v in values) a.Add(CliJson.Number(v));
        return a;
    }

    private static JsonArray Rows(Matrix m)
    {
        var a = new JsonArray();
        for (var i = 0; i < m.Rows; i++) a.Add(Numbers(m.Row(i)));
        return a;
    }

    /// <summary>The <c>--json</c> document of a SHAP explanation.</summary>
    public static JsonObject ShapJson(JsonObject header, ShapExplanation e)
    {
        var doc = Copy(header);
        doc["method"] = "shap";
        doc["algorithm"] = e.Method;
        doc["output_space"] = e.OutputSpace.ToName();
        doc["feature_names"] = new JsonArray(e.FeatureNames.Select(n => (JsonNode?)n).ToArray());
        doc["output_names"] = new JsonArray(e.OutputNames.Select(n => (JsonNode?)n).ToArray());
        doc["rows"] = new JsonArray(e.Rows.Select(r => (JsonNode?)r).ToArray());
        if (e.OutputCount == 1)
        {
            doc["base_value"] = CliJson.Number(e.BaseValues[0]);
            doc["values"] = Rows(e.Values[0]);
            doc["model_output"] = Numbers(e.ModelOutput.Column(0));
        }
        else
        {
            var bases = new JsonObject();
            var values = new JsonObject();
            var outputs = new JsonObject();
            for (var k = 0; k < e.OutputCount; k++)
            {
                bases[e.OutputNames[k]] = CliJson.Number(e.BaseValues[k]);
                values[e.OutputNames[k]] = Rows(e.Values[k]);
                outputs[e.OutputNames[k]] = Numbers(e.ModelOutput.Column(k));
            }
            doc["base_value"] = bases;
            doc["values"] = values;
            doc["model_output"] = outputs;
        }
        return doc;
    }

    private static JsonObject Copy(JsonObject header) => (JsonObject)header.DeepClone();

    private static JsonObject PermutationJson(JsonObject header, PermutationImportanceResult r)
    {
        var doc = Copy(header);
        doc["method"] = "permutation";
        doc["scoring"] = r.Scoring;
        doc["baseline_score"] = CliJson.Number(r.BaselineScore);
        var features = new JsonArray();
        foreach (var j in r.Ranking())
            features.Add(new JsonObject
            {
                ["feature"] = r.FeatureNames[j],
                ["importance_mean"] = CliJson.Number(r.ImportancesMean[j]),
                ["importance_std"] = CliJson.Number(r.ImportancesStd[j]),
                ["importances"] = Numbers(r.Importances.Row(j)),
            });
        doc["features"] = features;
        return doc;
    }

    private static JsonObject PartialDependenceJson(JsonObject header, PartialDependenceResult r, bool ice)
    {
        var doc = Copy(header);
        doc["method"] = ice ? "ice" : "pdp";
        doc["algorithm"] = r.Method;
        doc["output_space"] = r.OutputSpace.ToName();
        doc["features"] = new JsonArray(r.Features.Select(f => (JsonNode?)f).ToArray());
        var grid = new JsonArray();
        for (var f = 0; f < r.Features.Count; f++)
            grid.Add(r.Categorical[f] ? new JsonArray(r.GridLabels[f].Select(l => (JsonNode?)l).ToArray()) : Numbers(r.GridValues[f]));
        doc["grid"] = grid;
        doc["output_names"] = new JsonArray(r.OutputNames.Select(n => (JsonNode?)n).ToArray());
        var average = new JsonObject();
        for (var k = 0; k < r.OutputNames.Count; k++) average[r.OutputNames[k]] = Numbers(r.Average!.Row(k));
        doc["average"] = average;
        if (ice && r.Individual is { } ind)
        {
            var individual = new JsonObject();
            for (var k = 0; k < r.OutputNames.Count; k++) individual[r.OutputNames[k]] = Rows(ind[k]);
            doc["individual"] = individual;
        }
        return doc;
    }

    private static JsonObject LimeJson(JsonObject header, IReadOnlyList<LimeExplanation> explanations)
    {
        var doc = Copy(header);
        doc["method"] = "lime";
        var list = new JsonArray();
        foreach (var e in explanations)
            list.Add(new JsonObject
            {
                ["row"] = e.Row,
                ["output"] = e.Output,
                ["output_space"] = e.OutputSpace.ToName(),
                ["model_prediction"] = CliJson.Number(e.ModelPrediction),
                ["local_prediction"] = CliJson.Number(e.LocalPrediction),
                ["intercept"] = CliJson.Number(e.Intercept),
                ["score"] = CliJson.Number(e.Score),
                ["weights"] = new JsonArray(e.Weights.Select(w => (JsonNode?)new JsonObject
                {
                    ["feature"] = w.Feature,
                    ["condition"] = w.Condition,
                    ["weight"] = CliJson.Number(w.Weight),
                }).ToArray()),
            });
        doc["explanations"] = list;
        return doc;
    }

    private static void WriteShap(CliIO io, ShapExplanation e)
    {
        var importance = e.MeanAbsolute();
        var order = Enumerable.Range(0, e.FeatureNames.Count).OrderByDescending(j => importance[j]).ToArray();
        io.Table(["feature", "mean |SHAP|"], order.Select(j => (IReadOnlyList<string>)[e.FeatureNames[j], CliIO.Number(importance[j])]),
            $"SHAP ({e.Method}, {e.OutputSpace.ToName()}) over {e.RowCount:N0} rows; base value {string.Join(", ", e.BaseValues.Select((b, k) => e.OutputCount == 1 ? CliIO.Number(b) : $"{e.OutputNames[k]}: {CliIO.Number(b)}"))}");
        if (e.RowCount > 10) return;
        for (var i = 0; i < e.RowCount; i++)
        {
            var headers = new List<string> { "feature" };
            headers.AddRange(e.OutputNames);
            io.Table(headers, order.Select(j =>
            {
                var row = new List<string> { e.FeatureNames[j] };
                for (var k = 0; k < e.OutputCount; k++) row.Add(CliIO.Number(e.Values[k][i, j]));
                return (IReadOnlyList<string>)row;
            }), $"Row {e.Rows[i]}: output {string.Join(", ", Enumerable.Range(0, e.OutputCount).Select(k => CliIO.Number(e.ModelOutput[i, k])))}");
        }
    }

    private static void WritePartialDependence(CliIO io, PartialDependenceResult r)
    {
        var headers = new List<string>(r.Features);
        headers.AddRange(r.OutputNames);
        var rowsOut = new List<IReadOnlyList<string>>();
        for (var g = 0; g < r.GridPoints; g++)
        {
            var row = new List<string>();
            var rem = g;
            var labels = new string[r.Features.Count];
            for (var f = r.Features.Count - 1; f >= 0; f--)
            {
                var size = r.GridLabels[f].Length;
                labels[f] = r.Categorical[f] ? r.GridLabels[f][rem % size] : CliIO.Number(r.GridValues[f][rem % size]);
                rem /= size;
            }
            row.AddRange(labels);
            for (var k = 0; k < r.OutputNames.Count; k++) row.Add(CliIO.Number(r.Average![k, g]));
            rowsOut.Add(row);
        }
        io.Table(headers, rowsOut, $"Partial dependence ({r.Method}, {r.OutputSpace.ToName()}) on {string.Join(" × ", r.Features)}");
    }
}
