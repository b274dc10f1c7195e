using Augur.Data;
using Augur.Metrics;
using Augur.ModelSelection;
using Augur.Serialization;

namespace Augur.FeatureSelection;

/// <summary>
/// Recursive feature elimination (scikit-learn's <c>RFE</c>): fits <see cref="Estimator"/> on the remaining features,
/// drops the <see cref="Step"/> least important (squared coefficients, or importances), and repeats until
/// <see cref="NFeaturesToSelect"/> are left. Features dropped together share a rank; kept features rank 1. Ties between
/// equally important features drop the earlier column first (NumPy's sort does so for up to 16 features).
/// </summary>
/// <param name="Estimator">The estimator whose fitted models rank the features.</param>
public sealed record Rfe(IEstimator<IModel> Estimator) : IEstimator<RfeModel>
{
    /// <summary>How many features to keep: a count (≥ 1), or a fraction in (0, 1) of the features; null means half.</summary>
    public double? NFeaturesToSelect { get; init; }

    /// <summary>Features dropped per round: a count (≥ 1), or a fraction in (0, 1) of the features.</summary>
    public double Step { get; init; } = 1;

    /// <inheritdoc />
    public RfeModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var n = x.ColumnCount;
        var keep = ResolveCount(n);
        var (support, ranking, model) = Eliminate(Estimator, x, y, sampleWeight, keep, ResolveStep(Step, n), null);
        return new RfeModel(ModelSignature.Infer(x, ModelTask.Transform, allowsMissing: true), support, ranking, model);
    }

    private int ResolveCount(int n)
    {
        if (NFeaturesToSelect is not { } v) return Math.Max(1, n / 2);
        if (v > 0 && v < 1) return Math.Max(1, (int)(v * n));
        if (v >= 1 && v == Math.Floor(v) && v <= n) return (int)v;
        throw new AugurException($"RFE: n_features_to_select={v} must be a fraction in (0, 1) or a whole number in [1, {n}]");
    }

    internal static int ResolveStep(double step, int n)
    {
        if (step > 0 && step < 1) return Math.Max(1, (int)(step * n));
        if (step >= 1 && step == Math.Floor(step)) return (int)step;
        throw new AugurException($"RFE: step={step} must be a fraction in (0, 1) or a whole number ≥ 1");
    }

    /// <summary>The elimination loop; <paramref name="stepScore"/> is called with each fitted model and its features (before each drop and at the end).</summary>
    internal static (bool[] Support, int[] Ranking, IModel Model) Eliminate(IEstimator<IModel> estimator, Frame x, Column? y, double[]? w, int keep, int step,
        Action<IModel, string[]>? stepScore)
    {
        if (estimator is null) throw new AugurException("RFE needs an estimator");
        var names = x.ColumnNames.ToArray();
        var n = names.Length;
        var support = new bool[n];
        Array.Fill(support, true);
        var ranking = new int[n];
        Array.Fill(ranking, 1);
        var left = n;
        while (left > keep)
        {
            var features = Enumerable.Range(0, n).Where(i => support[i]).ToArray();
            var featureNames = features.Select(i => names[i]).ToArray();
            var model = estimator.Fit(x.Select(featureNames), y, w);
            var importances = FeatureImportanceReader.Read(model, ImportanceFold.Square, "RFE");
            var order = Enumerable.Range(0, features.Length).OrderBy(i => importances[i]).ToArray();
            var drop = Math.Min(step, left - keep);
            stepScore?.Invoke(model, featureNames);
            for (var i = 0; i < drop; i++) support[features[order[i]]] = false;
            for (var i = 0; i < n; i++) if (!support[i]) ranking[i]++;
            left -= drop;
        }
        var kept = Enumerable.Range(0, n).Where(i => support[i]).Select(i => names[i]).ToArray();
        var final = estimator.Fit(x.Select(kept), y, w);
        stepScore?.Invoke(final, kept);
        return (support, ranking, final);
    }
}

/// <summary>
/// Recursive feature elimination with cross-validation (scikit-learn's <c>RFECV</c>): runs the elimination on every fold,
/// scoring each feature count on the fold's test rows, picks the count with the best total score (the fewest features on
/// ties), then eliminates down to it on all the data.
/// </summary>
/// <param name="Estimator">The estimator whose fitted models rank the features.</param>
public sealed record RfeCv(IEstimator<IModel> Estimator) : IEstimator<RfeModel>
{
    /// <summary>Features dropped per round: a count (≥ 1), or a fraction in (0, 1) of the features.</summary>
    public double Step { get; init; } = 1;

    /// <summary>The fewest features to consider.</summary>
    public int MinFeaturesToSelect { get; init; } = 1;

    /// <summary>The splitter; null means 5-fold (stratified for classifiers).</summary>
    public ISplitter? Cv { get; init; }

    /// <summary>The scorer name; null means the task's default (accuracy or R²).</summary>
    public string? Scoring { get; init; }

    /// <summary>Folds run at once; ≤ 0 means as many as there are cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <inheritdoc />
    public RfeModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (y is null) throw new AugurException("RFECV needs the target to score feature counts");
        var n = x.ColumnCount;
        if (MinFeaturesToSelect < 1 || MinFeaturesToSelect > n)
            throw new AugurException($"RFECV: min_features_to_select={MinFeaturesToSelect} must be in [1, {n}]");
        var step = Rfe.ResolveStep(Step, n);
        var data = CvData.Create("RFECV", x, y, sampleWeight, null, Cv ?? CrossValidation.DefaultSplitter(5, Estimator));
        var scorer = CvEngine.ScorersFor(CvEngine.ResolveScorers(Scoring is null ? null : [Scoring]), Estimator, y)[0];
        var perFold = new List<double>[data.Count];
        CvEngine.For(data.Count, MaxDegreeOfParallelism, f =>
        {
            var fold = data[f];
            var scores = new List<double>();
            Rfe.Eliminate(Estimator, fold.TrainX, fold.TrainY, fold.TrainWeight, MinFeaturesToSelect, step, (model, features) =>
                scores.Add(scorer.Score((IPredictor)model, fold.TestX.Select(features), fold.TestY!)));
            perFold[f] = scores;
        });
        var steps = perFold[0].Count;
        var sums = new double[steps];
        foreach (var s in perFold) for (var i = 0; i < steps; i++) sums[i] += s[i];
        // The best total, preferring the fewest features (the latest step) on ties.
        var best = steps - 1;
        for (var i = steps - 2; i >= 0; i--) if (sums[i] > sums[best]) best = i;
        var keep = Math.Max(n - best * step, MinFeaturesToSelect);
        var (support, ranking, model) = Rfe.Eliminate(Estimator, x, y, sampleWeight, keep, step, null);
        // cv_results_ order: from the fewest features to all of them.
        var mean = new double[steps];
        var std = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var values = perFold.Select(s => s[steps - 1 - i]).ToArray();
            (mean[i], std[i]) = CvEngine.MeanStd(values);
        }
        var counts = Enumerable.Range(0, steps).Select(i => Math.Max(n - (steps - 1 - i) * step, MinFeaturesToSelect)).ToArray();
        return new RfeModel(ModelSignature.Infer(x, ModelTask.Transform, allowsMissing: true), support, ranking, model)
        {
            CvFeatureCounts = counts,
            CvMeanScores = mean,
            CvStdScores = std,
            Scorer = scorer.Name,
        };
    }
}

/// <summary>A fitted <see cref="Rfe"/> or <see cref="RfeCv"/>: keeps the selected columns.</summary>
public sealed class RfeModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "rfe";

    private readonly bool[] _support;
    private readonly int[] _ranking;

    internal RfeModel(ModelSignature signature, bool[] support, int[] ranking, IModel? estimator)
    {
        Signature = signature;
        _support = support;
        _ranking = ranking;
        Estimator = estimator;
        FeatureNamesOut = signature.Inputs.Where((_, i) => support[i]).Select(c => c.Name).ToArray();
    }

    /// <summary>Which input features are kept (<c>support_</c>).</summary>
    public IReadOnlyList<bool> Support => _support;

    /// <summary>Each feature's rank: 1 for kept features, larger for features dropped earlier (<c>ranking_</c>).</summary>
    public IReadOnlyList<int> Ranking => _ranking;

    /// <summary>The number of features kept (<c>n_features_</c>).</summary>
    public int NFeatures => FeatureNamesOut.Count;

    /// <summary>The estimator fitted on the kept features (null after loading: the model file keeps only the selection).</summary>
    public IModel? Estimator { get; }

    /// <summary>RFECV: the feature count of each cross-validated step, fewest first.</summary>
    public IReadOnlyList<int>? CvFeatureCounts { get; init; }

    /// <summary>RFECV: the mean test score of each step (<c>cv_results_["mean_test_score"]</c>), fewest features first.</summary>
    public IReadOnlyList<double>? CvMeanScores { get; init; }

    /// <summary>RFECV: the standard deviation of the test scores of each step.</summary>
    public IReadOnlyList<double>? CvStdScores { get; init; }

    /// <summary>RFECV: the scorer used.</summary>
    public string? Scorer { get; init; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x) => SelectionSupport.Apply(Signature, FeatureNamesOut, x, "RFE");

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", Signature);
        writer.Write("support", _support.AsSpan());
        writer.Write("ranking", _ranking.Select(r => (double)r).ToArray());
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static RfeModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = reader.ReadSignature("signature");
        var p = signature.Inputs.Count;
        var support = reader.ReadBooleans("support", p);
        var ranking = reader.ReadDoubles("ranking", p);
        reader.Require(ranking.All(r => r >= 1 && r == Math.Floor(r) && r <= p + 1), "ranking", "ranks must be whole numbers from 1");
        reader.Require(support.Select((s, i) => s == (ranking[i] == 1)).All(b => b), "support", "kept features must have rank 1");
        return new RfeModel(signature, support, ranking.Select(r => (int)r).ToArray(), null);
    }
}
