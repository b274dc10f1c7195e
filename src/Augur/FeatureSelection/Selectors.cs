using Augur.Data;
using Augur.Preprocessing;
using Augur.Serialization;

namespace Augur.FeatureSelection;

/// <summary>Shared behaviour of the fitted selectors: keep the supported columns, unchanged (dense ones as float64).</summary>
internal static class Selection
{
    public static string[] Names(ModelSignature signature, bool[] support) =>
        signature.InputNames.Where((_, j) => support[j]).ToArray();

    public static Frame Apply(ModelSignature signature, bool[] support, Frame x, string who)
    {
        var input = signature.Conform(x, who);
        var result = new List<Column>();
        for (var j = 0; j < support.Length; j++)
        {
            if (!support[j]) continue;
            var c = input[j];
            result.Add(c is Float64Column or SparseColumn ? c : new Float64Column(c.Name, c.ToDoubleArray()));
        }
        return new Frame(result);
    }

    public static bool[] ReadSupport(ModelReader reader, int count)
    {
        var support = reader.ReadBooleans("support", count);
        return support;
    }

    /// <summary>Writes a univariate selector (SelectKBest, SelectPercentile): options, signature, scores, p-values when there are any, support.</summary>
    public static void SaveScored<TOptions>(ModelWriter writer, TOptions options, ModelSignature signature, IReadOnlyList<double> scores,
        IReadOnlyList<double>? pValues, bool[] support)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(options);
        writer.Write("signature", signature);
        writer.Write("scores", scores.ToArray());
        if (pValues is not null) writer.Write("pvalues", pValues.ToArray());
        writer.Write("support", support.AsSpan());
    }

    /// <summary>Reads what <see cref="SaveScored"/> wrote.</summary>
    public static (TOptions Options, ModelSignature Signature, FeatureScores Scores, bool[] Support) LoadScored<TOptions>(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<TOptions>();
        var signature = TransformerSupport.ReadSignature(reader);
        var p = signature.Inputs.Count;
        var scores = new FeatureScores(reader.ReadDoubles("scores", p), reader.Has("pvalues") ? reader.ReadDoubles("pvalues", p) : null);
        return (options, signature, scores, ReadSupport(reader, p));
    }

    /// <summary>NaN scores rank lowest, as scikit-learn's <c>_clean_nans</c>.</summary>
    public static double[] Clean(double[] scores) => scores.Select(s => double.IsNaN(s) ? double.MinValue : s).ToArray();

    /// <summary>The <paramref name="k"/> best scores (null: all); among ties the later features win, as scikit-learn's stable sort.</summary>
    public static bool[] TopK(double[] scores, int? k)
    {
        var support = new bool[scores.Length];
        if (k is null) { Array.Fill(support, true); return support; }
        var clean = Clean(scores);
        var order = Enumerable.Range(0, clean.Length).OrderBy(j => clean[j]).ToArray();
        for (var t = Math.Max(0, order.Length - k.Value); t < order.Length; t++) support[order[t]] = true;
        return support;
    }

    /// <summary>The best <paramref name="percentile"/> percent of the scores, ties at the threshold kept in feature order, as scikit-learn.</summary>
    public static bool[] TopPercentile(double[] scores, double percentile)
    {
        var support = new bool[scores.Length];
        if (percentile >= 100) { Array.Fill(support, true); return support; }
        if (percentile <= 0) return support;
        var clean = Clean(scores);
        var sorted = (double[])clean.Clone();
        Array.Sort(sorted);
        var threshold = TransformerSupport.Quantile(sorted, (100 - percentile) / 100);
        var selected = 0;
        for (var j = 0; j < clean.Length; j++)
            if (clean[j] > threshold) { support[j] = true; selected++; }
        var maxFeatures = (int)(clean.Length * percentile / 100);
        for (var j = 0; j < clean.Length && selected < maxFeatures; j++)
            if (clean[j] == threshold) { support[j] = true; selected++; }
        return support;
    }
}

/// <summary>
/// Drops numeric features whose variance is at most <see cref="Threshold"/>, as scikit-learn's <c>VarianceThreshold</c>
/// (with the default 0 it drops constant features). Missing values are ignored when computing variances.
/// </summary>
public sealed record VarianceThreshold : IEstimator<VarianceThresholdModel>
{
    /// <summary>Features with a variance at or below this are dropped (default 0).</summary>
    public double Threshold { get; init; }

    /// <inheritdoc />
    public VarianceThresholdModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        const string who = "VarianceThreshold";
        if (!(Threshold >= 0)) throw new AugurException($"VarianceThreshold option 'threshold' must be non-negative, not {Threshold}");
        TransformerSupport.RequireData(x, who);
        TransformerSupport.RequireNumeric(x, who);
        var variances = new double[x.ColumnCount];
        ScoreFunctions.ForColumns(x, j =>
        {
            var c = x[j];
            var values = c.ToDoubleArray();
            TransformerSupport.RequireNoInfinity(c, values, who);
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            var count = 0;
            foreach (var v in values)
            {
                if (double.IsNaN(v)) continue;
                sum += v;
                count++;
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (count == 0) { variances[j] = double.NaN; return; }
            var mean = sum / count;
            var squares = 0.0;
            foreach (var v in values) if (!double.IsNaN(v)) squares += (v - mean) * (v - mean);
            var variance = squares / count;
            // With threshold 0, the peak-to-peak range guards against rounding on constant features.
            variances[j] = Threshold == 0 ? Math.Min(variance, max - min) : variance;
        });
        var support = variances.Select(v => v > Threshold).ToArray();
        if (!support.Any(s => s))
            throw new AugurException($"no feature has a variance above the threshold {Threshold}; lower VarianceThreshold's threshold");
        return new VarianceThresholdModel(this, TransformerSupport.Signature(x, allowsMissing: true), variances, support);
    }
}

/// <summary>A fitted <see cref="VarianceThreshold"/>.</summary>
public sealed class VarianceThresholdModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "variance_threshold";

    private readonly double[] _variances;
    private readonly bool[] _support;

    internal VarianceThresholdModel(VarianceThreshold options, ModelSignature signature, double[] variances, bool[] support)
    {
        Options = options;
        Signature = signature;
        _variances = variances;
        _support = support;
        FeatureNamesOut = Selection.Names(signature, support);
    }

    /// <summary>The options the selector was fitted with.</summary>
    public VarianceThreshold Options { get; }

    /// <summary>The variance of each input feature (<c>variances_</c>).</summary>
    public IReadOnlyList<double> Variances => _variances;

    /// <summary>Which input features are kept (<c>get_support()</c>).</summary>
    public IReadOnlyList<bool> Support => _support;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) => Selection.Apply(Signature, _support, x, "VarianceThreshold");

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        writer.Write("variances", _variances);
        writer.Write("support", _support.AsSpan());
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static VarianceThresholdModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<VarianceThreshold>();
        var signature = TransformerSupport.ReadSignature(reader);
        var p = signature.Inputs.Count;
        return new VarianceThresholdModel(options, signature, reader.ReadDoubles("variances", p), Selection.ReadSupport(reader, p));
    }
}

/// <summary>
/// Keeps the <see cref="K"/> features with the best univariate scores against the target, as scikit-learn's
/// <c>SelectKBest</c>. The scores and p-values are kept on the fitted model.
/// </summary>
public sealed record SelectKBest : IEstimator<SelectKBestModel>
{
    /// <summary>The statistic features are ranked by (default F statistic for classification).</summary>
    public ScoreFunction ScoreFunc { get; init; } = ScoreFunction.FClassif;

    /// <summary>How many features to keep (default 10); null keeps all (scikit-learn's <c>'all'</c>).</summary>
    public int? K { get; init; } = 10;

    /// <summary>For mutual information: true when every feature is discrete, false when continuous, null (auto) for sparse columns only.</summary>
    public bool? DiscreteFeatures { get; init; }

    /// <summary>For mutual information: the k of the nearest-neighbour estimators (default 3).</summary>
    public int NNeighbors { get; init; } = 3;

    /// <summary>For mutual information: the seed of the tie-breaking noise.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public SelectKBestModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        if (y is null) throw new AugurException("SelectKBest needs a target column to score features against");
        if (K is { } k && (k < 0 || k > x.ColumnCount))
            throw new AugurException($"SelectKBest option 'k' must be between 0 and the number of features ({x.ColumnCount}), not {k}; use none to keep all");
        var scores = ScoreFunctions.Compute(ScoreFunc, x, y, DiscreteFeatures, NNeighbors, RandomState);
        return new SelectKBestModel(this, TransformerSupport.Signature(x, allowsMissing: false), scores, Selection.TopK(scores.Scores, K));
    }
}

/// <summary>A fitted <see cref="SelectKBest"/>.</summary>
public sealed class SelectKBestModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "select_k_best";

    private readonly bool[] _support;

    internal SelectKBestModel(SelectKBest options, ModelSignature signature, FeatureScores scores, bool[] support)
    {
        Options = options;
        Signature = signature;
        Scores = scores.Scores;
        PValues = scores.PValues;
        _support = support;
        FeatureNamesOut = Selection.Names(signature, support);
    }

    /// <summary>The options the selector was fitted with.</summary>
    public SelectKBest Options { get; }

    /// <summary>The score of each input feature (<c>scores_</c>).</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>The p-value of each input feature (<c>pvalues_</c>), or null for mutual information.</summary>
    public IReadOnlyList<double>? PValues { get; }

    /// <summary>Which input features are kept (<c>get_support()</c>).</summary>
    public IReadOnlyList<bool> Support => _support;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) => Selection.Apply(Signature, _support, x, "SelectKBest");

    /// <inheritdoc />
    public void Save(ModelWriter writer) => Selection.SaveScored(writer, Options, Signature, Scores, PValues, _support);

    /// <summary>Rebuilds the model from a model file.</summary>
    public static SelectKBestModel Load(ModelReader reader)
    {
        var (options, signature, scores, support) = Selection.LoadScored<SelectKBest>(reader);
        return new SelectKBestModel(options, signature, scores, support);
    }
}

/// <summary>
/// Keeps the best <see cref="Percentile"/> percent of the features by a univariate score, as scikit-learn's
/// <c>SelectPercentile</c>.
/// </summary>
public sealed record SelectPercentile : IEstimator<SelectPercentileModel>
{
    /// <summary>The statistic features are ranked by (default F statistic for classification).</summary>
    public ScoreFunction ScoreFunc { get; init; } = ScoreFunction.FClassif;

    /// <summary>The percentage of features to keep, 0 … 100 (default 10).</summary>
    public double Percentile { get; init; } = 10;

    /// <summary>For mutual information: true when every feature is discrete, false when continuous, null (auto) for sparse columns only.</summary>
    public bool? DiscreteFeatures { get; init; }

    /// <summary>For mutual information: the k of the nearest-neighbour estimators (default 3).</summary>
    public int NNeighbors { get; init; } = 3;

    /// <summary>For mutual information: the seed of the tie-breaking noise.</summary>
    public int RandomState { get; init; }

    /// <inheritdoc />
    public SelectPercentileModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        if (y is null) throw new AugurException("SelectPercentile needs a target column to score features against");
        if (!(Percentile >= 0 && Percentile <= 100))
            throw new AugurException($"SelectPercentile option 'percentile' must be between 0 and 100, not {Percentile}");
        var scores = ScoreFunctions.Compute(ScoreFunc, x, y, DiscreteFeatures, NNeighbors, RandomState);
        return new SelectPercentileModel(this, TransformerSupport.Signature(x, allowsMissing: false), scores, Selection.TopPercentile(scores.Scores, Percentile));
    }
}

/// <summary>A fitted <see cref="SelectPercentile"/>.</summary>
public sealed class SelectPercentileModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "select_percentile";

    private readonly bool[] _support;

    internal SelectPercentileModel(SelectPercentile options, ModelSignature signature, FeatureScores scores, bool[] support)
    {
        Options = options;
        Signature = signature;
        Scores = scores.Scores;
        PValues = scores.PValues;
        _support = support;
        FeatureNamesOut = Selection.Names(signature, support);
    }

    /// <summary>The options the selector was fitted with.</summary>
    public SelectPercentile Options { get; }

    /// <summary>The score of each input feature (<c>scores_</c>).</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>The p-value of each input feature (<c>pvalues_</c>), or null for mutual information.</summary>
    public IReadOnlyList<double>? PValues { get; }

    /// <summary>Which input features are kept (<c>get_support()</c>).</summary>
    public IReadOnlyList<bool> Support => _support;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) => Selection.Apply(Signature, _support, x, "SelectPercentile");

    /// <inheritdoc />
    public void Save(ModelWriter writer) => Selection.SaveScored(writer, Options, Signature, Scores, PValues, _support);

    /// <summary>Rebuilds the model from a model file.</summary>
    public static SelectPercentileModel Load(ModelReader reader)
    {
        var (options, signature, scores, support) = Selection.LoadScored<SelectPercentile>(reader);
        return new SelectPercentileModel(options, signature, scores, support);
    }
}
