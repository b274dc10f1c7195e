using Augur.Boosting.Native;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Boosting;

/// <summary>
/// What every fitted LightGBM model holds: the booster (loaded from its own model text, so a saved and reloaded model is
/// the same booster), the model text, the feature codec and the training history. Thread-safe: predictions never
/// change it.
/// </summary>
internal sealed class BoosterCore
{
    /// <summary>At most this many rows go through LightGBM's single-row fast path instead of a batch prediction.</summary>
    private const int FastPathRows = 4;

    public BoosterCore(LightGbmBooster booster, string modelText, FeatureCodec codec, BoostingHistory history, int threads,
        LightGbmModelText.Parsed? parsed = null)
    {
        if (booster.FeatureCount != codec.Count)
            throw new ModelFormatException($"the LightGBM model reads {booster.FeatureCount} features but the signature lists {codec.Count} inputs");
        Booster = booster;
        ModelText = modelText;
        Codec = codec;
        History = history;
        Threads = threads;
        Iterations = booster.CurrentIteration;
        Header = ParseHeader(modelText);
        Objective = Header.TryGetValue("objective", out var o) ? o : "";
        try
        {
            // Without a parsed copy the text comes straight from LightGBM (a model just trained here).
            parsed ??= LightGbmModelText.ParseTrusted(modelText);
            Forest = parsed.Features == codec.Count ? CompiledForest.TryCreate(parsed) : null;
        }
        catch (LightGbmException)
        {
            // LightGBM itself read this text; its own predictor serves it.
            Forest = null;
        }
    }

    /// <summary>The managed evaluator used for batch predictions, or null when LightGBM's predictor is used.</summary>
    public CompiledForest? Forest { get; }

    /// <summary>The <c>key=value</c> lines at the top of LightGBM model text (before the first tree).</summary>
    public static Dictionary<string, string> ParseHeader(string modelText)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        using var lines = new StringReader(modelText);
        while (lines.ReadLine() is { } line)
        {
            if (line.StartsWith("Tree=", StringComparison.Ordinal) || line.StartsWith("end of trees", StringComparison.Ordinal)) break;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) header.TryAdd(line[..eq], line[(eq + 1)..]);
        }
        return header;
    }

    /// <summary>The header of the model text.</summary>
    public IReadOnlyDictionary<string, string> Header { get; }

    /// <summary>LightGBM's objective line (<c>binary sigmoid:1</c>, <c>multiclass num_class:3</c>, <c>regression</c>, …).</summary>
    public string Objective { get; }

    public LightGbmBooster Booster { get; }
    public string ModelText { get; }
    public FeatureCodec Codec { get; }
    public BoostingHistory History { get; }
    public int Threads { get; }
    public int Iterations { get; }

    /// <summary>Raw outputs per row (1 for binary classification, regression and ranking; the classes for multiclass).</summary>
    public int Outputs => Booster.OutputsPerRow(LightGbmApi.PredictRawScore);

    /// <summary>Predicts every row of <paramref name="x"/>; the result is row-major, rows × <paramref name="perRow"/>.</summary>
    public double[] Predict(Frame x, int predictType, string consumer, out int rows, out int perRow)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Forest is { } columnar && predictType is LightGbmApi.PredictNormal or LightGbmApi.PredictRawScore &&
            Codec.EncodeColumns(x, consumer) is { } columns)
        {
            // The managed evaluator reads the frame's columns in place: no row-major copy.
            rows = x.RowCount;
            perRow = columnar.Outputs;
            var result = new double[checked(rows * perRow)];
            columnar.Predict(columns, rows, predictType == LightGbmApi.PredictRawScore, result, Threads);
            return result;
        }
        var features = Codec.Encode(x, consumer);
        rows = features.Rows;
        perRow = Booster.OutputsPerRow(predictType);
        var output = new double[checked(rows * perRow)];
        if (features.Dense is { } dense && Forest is { } forest && predictType is LightGbmApi.PredictNormal or LightGbmApi.PredictRawScore)
            forest.Predict(dense, rows, predictType == LightGbmApi.PredictRawScore, output, Threads);
        else if (features.Sparse is { } csr) Booster.PredictCsr(csr, predictType, output, Threads);
        else if (rows <= FastPathRows)
        {
            var p = features.Cols;
            for (var i = 0; i < rows; i++)
                Booster.PredictRow(features.Dense.AsSpan(i * p, p), predictType, output.AsSpan(i * perRow, perRow));
        }
        else Booster.PredictDense(features.Dense, rows, features.Cols, predictType, output, Threads);
        return output;
    }

    /// <summary>Raw margins: rows × <see cref="Outputs"/>.</summary>
    public Matrix PredictRaw(Frame x, string consumer)
    {
        var values = Predict(x, LightGbmApi.PredictRawScore, consumer, out var rows, out var per);
        return new Matrix(rows, per, values);
    }

    /// <summary>TreeSHAP contributions: one rows × (features + 1) matrix per output, the base value last.</summary>
    public Matrix[] PredictContributions(Frame x, string consumer)
    {
        var values = Predict(x, LightGbmApi.PredictContrib, consumer, out var rows, out var per);
        var width = Codec.Count + 1;
        var outputs = per / width;
        var result = new Matrix[outputs];
        for (var k = 0; k < outputs; k++)
        {
            var m = new Matrix(rows, width);
            for (var i = 0; i < rows; i++)
                values.AsSpan(i * per + k * width, width).CopyTo(m.Row(i));
            result[k] = m;
        }
        return result;
    }

    public double[] FeatureImportance(FeatureImportanceType type) =>
        Booster.FeatureImportance(type == FeatureImportanceType.Gain ? LightGbmApi.ImportanceGain : LightGbmApi.ImportanceSplit);

    public void Export(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(full, ModelText, new System.Text.UTF8Encoding(false));
    }

    /// <summary>
    /// Writes a boosting model: whether it has options (models imported from LightGBM have none), the options, then
    /// this core.
    /// </summary>
    public void Save<TOptions>(ModelWriter writer, TOptions? options) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("has_options", options is not null);
        if (options is not null) writer.WriteOptions(options);
        Save(writer);
    }

    /// <summary>Reads what <see cref="Save{TOptions}(ModelWriter, TOptions)"/> wrote after any model-specific entries.</summary>
    public static (TOptions? Options, BoosterCore Core) LoadWithOptions<TOptions>(ModelReader reader) where TOptions : class
    {
        var options = reader.ReadBoolean("has_options") ? reader.ReadOptions<TOptions>() : null;
        return (options, Load(reader));
    }

    /// <summary>Writes the booster text, the signature and the history.</summary>
    public void Save(ModelWriter writer)
    {
        writer.Write("signature", Codec.Signature);
        writer.Write("lightgbm_feature_names", Codec.LightGbmNames);
        writer.Write("n_threads", Threads);
        writer.WriteText("lightgbm_model", ModelText);
        WriteHistory(writer, "validation", History.Validation);
        WriteHistory(writer, "training", History.Training);
        writer.Write("watched_metric", History.WatchedMetric);
        writer.Write("best_iteration", History.BestIteration);
        writer.Write("iterations_run", History.IterationsRun);
        writer.Write("stopped_early", History.StoppedEarly);
    }

    private static void WriteHistory(ModelWriter writer, string prefix, IReadOnlyDictionary<string, double[]> history)
    {
        var names = history.Keys.ToArray();
        writer.Write($"{prefix}_metrics", names);
        for (var i = 0; i < names.Length; i++) writer.Write($"{prefix}_{i}", history[names[i]]);
    }

    private static Dictionary<string, double[]> ReadHistory(ModelReader reader, string prefix)
    {
        var names = reader.ReadStrings($"{prefix}_metrics");
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            reader.Require(names[i] is not null && !result.ContainsKey(names[i]!), $"{prefix}_metrics", "metric names must be present and distinct");
            result[names[i]!] = reader.ReadDoubles($"{prefix}_{i}");
        }
        return result;
    }

    /// <summary>Reads what <see cref="Save"/> wrote; LightGBM checks the model text (errors become <see cref="ModelFormatException"/>).</summary>
    public static BoosterCore Load(ModelReader reader)
    {
        var signature = reader.ReadSignature("signature");
        var names = reader.ReadStrings("lightgbm_feature_names");
        reader.Require(names.Length == signature.Inputs.Count && names.All(n => n is not null), "lightgbm_feature_names",
            "there must be one LightGBM feature name per input");
        var threads = reader.ReadInt32("n_threads");
        var text = reader.ReadText("lightgbm_model");
        LightGbmBooster booster;
        LightGbmModelText.Parsed parsed;
        try
        {
            parsed = LightGbmModelText.Parse(text);
            booster = LightGbmBooster.FromModelText(parsed.Text, trusted: true);
        }
        catch (LightGbmException e)
        {
            throw new ModelFormatException($"corrupt model file: LightGBM cannot read the model text ({e.NativeMessage})", e);
        }
        reader.Require(booster.FeatureCount == signature.Inputs.Count, "lightgbm_model",
            $"the LightGBM model reads {booster.FeatureCount} features but the signature lists {signature.Inputs.Count} inputs");
        var history = new BoostingHistory(
            ReadHistory(reader, "validation"),
            ReadHistory(reader, "training"),
            reader.ReadNullableString("watched_metric"),
            reader.ReadInt32("best_iteration", 0, int.MaxValue),
            reader.ReadInt32("iterations_run", 0, int.MaxValue),
            reader.ReadBoolean("stopped_early"));
        return new BoosterCore(booster, text, FeatureCodec.FromSignature(signature, names!), history, threads, parsed);
    }
}
