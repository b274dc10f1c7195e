using System.Globalization;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;
using P = System.Collections.Generic.KeyValuePair<string, string>;

namespace Augur.Boosting;

/// <summary>
/// Gradient-boosted trees for classification on LightGBM: binary (logistic loss) or multiclass (softmax). Categorical
/// and string columns are used as LightGBM categorical features; missing values are allowed anywhere. Options follow
/// LightGBM's scikit-learn interface (<c>LGBMClassifier</c>).
/// </summary>
public sealed record GradientBoostingClassifier : GradientBoostingOptions, IEstimator<GradientBoostingClassifierModel>
{
    private const string Name = "GradientBoostingClassifier";

    /// <summary>
    /// Weights per class, multiplied into the sample weights: null (every class weighs 1), <c>balanced</c> (n / (classes ×
    /// count of the class), as scikit-learn) or a list <c>label=weight,label=weight</c> (classes not listed weigh 1).
    /// </summary>
    public string? ClassWeight { get; init; }

    /// <summary>
    /// A random forest on LightGBM (<c>boosting_type=rf</c>): every tree sees 63.2% of the rows (a fresh draw each
    /// iteration) and 80% of the features, and grows deep (up to 255 leaves of at least 5 rows).
    /// </summary>
    public static GradientBoostingClassifier RandomForest() =>
        new() { BoostingType = BoostingType.Rf, Subsample = 0.632, SubsampleFreq = 1, ColsampleBytree = 0.8, NumLeaves = 255, MinChildSamples = 5 };

    /// <inheritdoc />
    public GradientBoostingClassifierModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null) =>
        Fit(x, y, (EvalSet?)null, sampleWeight);

    /// <summary>Fits with a validation set (for early stopping and the evaluation history).</summary>
    public GradientBoostingClassifierModel Fit(Frame x, Column y, Frame evalX, Column evalY, double[]? sampleWeight = null) =>
        Fit(x, y, new EvalSet(evalX, evalY), sampleWeight);

    /// <summary>
    /// Fits, optionally watching a validation set and reporting every iteration to <paramref name="monitor"/> (which may
    /// stop training). With <see cref="GradientBoostingOptions.EarlyStoppingRounds"/> the model keeps its best iteration.
    /// </summary>
    public GradientBoostingClassifierModel Fit(Frame x, Column? y, EvalSet? evalSet, double[]? sampleWeight = null, BoostingMonitor? monitor = null) =>
        Fit(x, y, evalSet, sampleWeight, monitor, null);

    /// <summary>As the public overload, taking the binned datasets from <paramref name="reuse"/>'s cache when given.</summary>
    internal GradientBoostingClassifierModel Fit(Frame x, Column? y, EvalSet? evalSet, double[]? sampleWeight, BoostingMonitor? monitor, BoostingReuse? reuse)
    {
        var (result, codec, classes) = Train(x, y, evalSet, sampleWeight, monitor, reuse, live: false);
        var core = new BoosterCore(result.Booster, result.ModelText!, codec, result.History, NThreads);
        return new GradientBoostingClassifierModel(core, classes, this);
    }

    /// <summary>Fits a model that a search scores once and disposes: the booster that trained, predicting through LightGBM.</summary>
    internal LiveBoostingClassifier FitLive(Frame x, Column? y, EvalSet? evalSet, double[]? sampleWeight, BoostingMonitor? monitor, BoostingReuse? reuse)
    {
        var (result, codec, classes) = Train(x, y, evalSet, sampleWeight, monitor, reuse, live: true);
        return new LiveBoostingClassifier(result, codec, classes, this);
    }

    private (TrainingResult Result, FeatureCodec Codec, ClassLabels Classes) Train(Frame x, Column? y, EvalSet? evalSet, double[]? sampleWeight,
        BoostingMonitor? monitor, BoostingReuse? reuse, bool live)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (classes, encoded) = ModelInputs.ClassificationTarget(y, x.RowCount, Name);
        var weights = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var task = ModelInputs.ClassificationTask(classes);
        var codec = FeatureCodec.FromTraining(x, task, y, classes, Name);
        var classWeights = ClassWeights(ClassWeight, classes, encoded);

        var train = new BoostingData(codec.Encode(x, Name), Labels(encoded), CombineWeights(weights, classWeights, encoded), null, weights);
        BoostingData? valid = null;
        if (evalSet is not null)
        {
            var evalEncoded = classes.Encode(evalSet.Y);
            var evalWeights = ModelInputs.CheckSampleWeight(evalSet.SampleWeight, evalSet.X.RowCount);
            if (evalEncoded.Length != evalSet.X.RowCount)
                throw new AugurException($"the validation target '{evalSet.Y.Name}' has {evalEncoded.Length} rows but the validation features have {evalSet.X.RowCount}");
            valid = new BoostingData(codec.Encode(evalSet.X, Name), Labels(evalEncoded), ToFloat(evalWeights), null, evalWeights);
        }
        IReadOnlyList<P> objective = classes.Count == 2
            ? [new("objective", "binary")]
            : [new("objective", "multiclass"), new("num_class", classes.Count.ToString(CultureInfo.InvariantCulture))];
        var result = BoostingTrainer.Train(this, codec, new ObjectiveSpec(objective, ExpandBinary: classes.Count == 2), train, valid, monitor, Name,
            reuse is null ? null : reuse with { Variant = reuse.Variant + "|class_weight=" + ClassWeight }, live);
        return (result, codec, classes);
    }

    private static float[] Labels(int[] encoded)
    {
        var labels = new float[encoded.Length];
        for (var i = 0; i < labels.Length; i++) labels[i] = encoded[i];
        return labels;
    }

    /// <summary>The values in single precision, as LightGBM takes labels and weights; null stays null.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(values))]
    internal static float[]? ToFloat(double[]? values)
    {
        if (values is null) return null;
        var result = new float[values.Length];
        for (var i = 0; i < result.Length; i++) result[i] = (float)values[i];
        return result;
    }

    /// <summary>
    /// Class probabilities from LightGBM's normal predictions: one probability per row for a binary model (of the second
    /// class) becomes two columns, 1 − p and p; a multiclass model's rows × classes values are taken as they are.
    /// </summary>
    internal static Matrix Probabilities(double[] values, int rows, int perRow)
    {
        if (perRow != 1) return new Matrix(rows, perRow, values);
        var m = new Matrix(rows, 2);
        for (var i = 0; i < rows; i++)
        {
            m[i, 0] = 1 - values[i];
            m[i, 1] = values[i];
        }
        return m;
    }

    /// <summary>The most probable class of every row (the first on ties).</summary>
    internal static Column MostProbable(ClassLabels classes, Matrix proba)
    {
        var labels = new int[proba.Rows];
        for (var i = 0; i < labels.Length; i++)
        {
            var row = proba.Row(i);
            var best = 0;
            for (var k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
            labels[i] = best;
        }
        return classes.Decode(labels);
    }

    private static float[]? CombineWeights(double[]? sample, double[]? perClass, int[] encoded)
    {
        if (perClass is null) return ToFloat(sample);
        var result = new float[encoded.Length];
        for (var i = 0; i < result.Length; i++) result[i] = (float)((sample?[i] ?? 1.0) * perClass[encoded[i]]);
        return result;
    }

    /// <summary>Parses <see cref="ClassWeight"/> into a weight per class index (null when every class weighs 1).</summary>
    internal static double[]? ClassWeights(string? spec, ClassLabels classes, int[] encoded)
    {
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        var k = classes.Count;
        var weights = new double[k];
        if (spec.Trim().Equals("balanced", StringComparison.OrdinalIgnoreCase))
        {
            var counts = new int[k];
            foreach (var c in encoded) counts[c]++;
            for (var c = 0; c < k; c++) weights[c] = counts[c] == 0 ? 0 : (double)encoded.Length / (k * counts[c]);
            return weights;
        }
        Array.Fill(weights, 1.0);
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var sep = part.LastIndexOf('=');
            if (sep < 0) sep = part.LastIndexOf(':');
            if (sep <= 0 || !double.TryParse(part[(sep + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !double.IsFinite(w) || w < 0)
                throw new AugurException($"{Name} option 'class_weight' must be 'balanced' or a list like 'yes=2,no=1' with non-negative weights; '{part}' is not");
            var label = part[..sep].Trim();
            var index = classes.IndexOf(label);
            if (index < 0)
                throw new AugurException($"{Name} option 'class_weight' names '{label}', which is not a class; the classes are: {string.Join(", ", classes.Names)}");
            weights[index] = w;
        }
        return weights;
    }
}

/// <summary>A fitted <see cref="GradientBoostingClassifier"/> (or a LightGBM classifier imported from a model file).</summary>
public sealed class GradientBoostingClassifierModel : GradientBoostingModel, IClassifier
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "gbdt_classifier";

    internal GradientBoostingClassifierModel(BoosterCore core, ClassLabels classes, GradientBoostingClassifier? options) : base("GradientBoostingClassifier", core)
    {
        var outputs = core.Outputs;
        var expected = outputs == 1 ? 2 : outputs;
        if (classes.Count != expected)
            throw new AugurException($"the LightGBM model predicts {expected} classes but {classes.Count} class labels were given");
        Classes = classes;
        Options = options;
    }

    /// <summary>The options the model was fitted with; null for a model imported from LightGBM.</summary>
    public GradientBoostingClassifier? Options { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override ModelTask Task => Signature.Task;

    /// <inheritdoc />
    public ClassLabels Classes { get; }

    /// <inheritdoc />
    public override Column Predict(Frame x) => GradientBoostingClassifier.MostProbable(Classes, PredictProba(x));

    /// <inheritdoc />
    public Matrix PredictProba(Frame x)
    {
        var values = Core.Predict(x, Native.LightGbmApi.PredictNormal, Name, out var rows, out var per);
        var result = GradientBoostingClassifier.Probabilities(values, rows, per);
        if (per == 1) return result;
        // One-vs-all models give independent probabilities; scale them to sum to 1 as the classifier contract says.
        if (Core.Objective.StartsWith("multiclassova", StringComparison.Ordinal))
            for (var i = 0; i < rows; i++)
            {
                var row = result.Row(i);
                var sum = 0.0;
                foreach (var v in row) sum += v;
                if (sum > 0) foreach (ref var v in row) v /= sum;
            }
        return result;
    }

    /// <inheritdoc />
    public override void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("classes", Classes);
        Core.Save(writer, Options);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static GradientBoostingClassifierModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var classes = reader.ReadClassLabels("classes");
        var (options, core) = BoosterCore.LoadWithOptions<GradientBoostingClassifier>(reader);
        reader.Require(core.Codec.Signature.Task.IsClassification(), "signature", "a classifier's signature must describe classification");
        reader.Require(classes.Count == (core.Outputs == 1 ? 2 : core.Outputs), "classes", "the number of classes does not match the LightGBM model");
        return new GradientBoostingClassifierModel(core, classes, options);
    }
}
