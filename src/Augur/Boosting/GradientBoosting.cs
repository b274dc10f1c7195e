using System.Globalization;
using Augur.Boosting.Native;
using Augur.Data;
using Augur.Serialization;

namespace Augur.Boosting;

/// <summary>Interop with LightGBM itself: turning LightGBM model files trained elsewhere (Python, R, the CLI) into Augur models.</summary>
public static class GradientBoosting
{
    /// <summary>
    /// Reads a LightGBM model text file (what LightGBM's <c>save_model</c> writes) as an Augur model. With
    /// <paramref name="signature"/> the inputs (in LightGBM's feature order), task and classes are yours; without it they
    /// are inferred from the file: one float64 input per LightGBM feature name (categorical features take their integer
    /// category values), the task from the objective (binary or multiclass classification with classes 0, 1, …;
    /// lambdarank or rank_xendcg ranking; any other objective regression).
    /// </summary>
    /// <returns>A <see cref="GradientBoostingClassifierModel"/>, <see cref="GradientBoostingRegressorModel"/> or <see cref="GradientBoostingRankerModel"/>.</returns>
    /// <exception cref="ModelFormatException">LightGBM cannot read the file.</exception>
    public static IGradientBoostingModel ImportLightGbmModel(string path, ModelSignature? signature = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new AugurException($"LightGBM model file '{path}' does not exist");
        return FromLightGbmModelText(File.ReadAllText(path), signature, path);
    }

    /// <summary>Like <see cref="ImportLightGbmModel"/>, from the model text itself.</summary>
    public static IGradientBoostingModel FromLightGbmModelText(string modelText, ModelSignature? signature = null) =>
        FromLightGbmModelText(modelText, signature, "the model text");

    private static IGradientBoostingModel FromLightGbmModelText(string modelText, ModelSignature? signature, string source)
    {
        ArgumentNullException.ThrowIfNull(modelText);
        LightGbmBooster booster;
        LightGbmModelText.Parsed parsed;
        try
        {
            parsed = LightGbmModelText.Parse(modelText);
            booster = LightGbmBooster.FromModelText(parsed.Text, trusted: true);
        }
        catch (LightGbmException e)
        {
            throw new ModelFormatException($"{source} is not a LightGBM model LightGBM can read: {e.NativeMessage}", e);
        }
        var header = BoosterCore.ParseHeader(modelText);
        var objective = header.TryGetValue("objective", out var o) ? o.Split(' ')[0] : "";
        var outputs = booster.OutputsPerRow(LightGbmApi.PredictRawScore);
        var names = booster.FeatureNames();
        var inferredTask = objective switch
        {
            "binary" => ModelTask.BinaryClassification,
            "multiclass" or "multiclassova" => ModelTask.MulticlassClassification,
            "lambdarank" or "rank_xendcg" => ModelTask.Ranking,
            _ => ModelTask.Regression,
        };
        if (signature is null)
        {
            ClassLabels? classes = null;
            if (inferredTask.IsClassification())
            {
                var k = outputs == 1 ? 2 : outputs;
                classes = ClassLabels.FromSorted(new Int64Column("label", Enumerable.Range(0, k).Select(i => (long)i).ToArray()));
            }
            signature = new ModelSignature
            {
                Inputs = names.Select(n => new InputColumn(n, ColumnType.Float64, true)).ToArray(),
                Task = inferredTask,
                Classes = classes,
            };
        }
        else
        {
            if (signature.Inputs.Count != booster.FeatureCount)
                throw new AugurException($"the signature lists {signature.Inputs.Count} inputs but the LightGBM model in {source} reads {booster.FeatureCount} features ({string.Join(", ", names.Take(12))})");
            foreach (var input in signature.Inputs)
                if (input.Type is ColumnType.Categorical or ColumnType.String && input.Categories is null)
                    throw new AugurException($"input '{input.Name}' is {input.Type.ToName()} but the signature lists no categories; give the categories in LightGBM's code order");
                else if (input.Type == ColumnType.DateTime)
                    throw new AugurException($"input '{input.Name}' is datetime, which a LightGBM model cannot read");
            var compatible = signature.Task == inferredTask
                || (inferredTask == ModelTask.Regression && signature.Task == ModelTask.Ranking)
                || (inferredTask.IsClassification() && signature.Task.IsClassification());
            if (!compatible)
                throw new AugurException($"the signature describes {signature.Task} but the LightGBM model's objective is '{objective}'");
            if (signature.Task.IsClassification() && signature.Classes is null)
                throw new AugurException("a classifier's signature needs its class labels (ModelSignature.Classes)");
        }
        var codec = FeatureCodec.FromSignature(signature, names);
        var core = new BoosterCore(booster, modelText, codec, BoostingHistory.Empty(booster.CurrentIteration), 0, parsed);
        return signature.Task switch
        {
            ModelTask.BinaryClassification or ModelTask.MulticlassClassification => new GradientBoostingClassifierModel(core, signature.Classes!, null),
            ModelTask.Ranking => new GradientBoostingRankerModel(core, null),
            ModelTask.Regression => new GradientBoostingRegressorModel(core, null),
            _ => throw new AugurException($"a LightGBM model cannot serve a {signature.Task.ToString().ToLower(CultureInfo.InvariantCulture)} signature"),
        };
    }
}
