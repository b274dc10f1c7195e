using Augur.Boosting.Native;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;
using P = System.Collections.Generic.KeyValuePair<string, string>;

namespace Augur.Boosting;

/// <summary>The ranking loss of a <see cref="GradientBoostingRanker"/>.</summary>
public enum RankingObjective
{
    /// <summary>LambdaRank, optimising NDCG (<c>lambdarank</c>).</summary>
    Lambdarank,
    /// <summary>XE-NDCG-MART, a cross-entropy bound on NDCG (<c>rank_xendcg</c>); faster, a little noisier.</summary>
    RankXendcg,
}

/// <summary>
/// Learning to rank with gradient-boosted trees on LightGBM: rows belong to query groups (a group column), the target is
/// each row's relevance (a non-negative integer, higher is more relevant), and the model scores rows so that, within a
/// group, more relevant rows score higher. Rows of a group need not be adjacent. Options follow LightGBM's scikit-learn
/// interface (<c>LGBMRanker</c>).
/// </summary>
public sealed record GradientBoostingRanker : GradientBoostingOptions, IEstimator<GradientBoostingRankerModel>, IRankingEstimator
{
    private const string Name = "GradientBoostingRanker";

    /// <summary>The ranking loss.</summary>
    public RankingObjective Objective { get; init; } = RankingObjective.Lambdarank;

    /// <summary>
    /// The column of the features frame that holds each row's query group, for <see cref="Fit(Frame, Column?, double[])"/>
    /// (and the command line); it is not used as a feature.
    /// </summary>
    public string? GroupColumn { get; init; }

    /// <summary>Fits with the query groups taken from the <see cref="GroupColumn"/> of <paramref name="x"/>.</summary>
    public GradientBoostingRankerModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (GroupColumn is null)
            throw new AugurException($"{Name} needs the query group of each row: set option 'group_column' to the column that holds it, or pass the groups to Fit");
        return Fit(x, y!, x[GroupColumn], null, sampleWeight);
    }

    /// <inheritdoc />
    IPredictor IRankingEstimator.FitRanking(Frame x, Column y, Column group, double[]? sampleWeight) => Fit(x, y, group, sampleWeight);

    /// <summary>Fits with the query group of each row given as a column.</summary>
    public GradientBoostingRankerModel Fit(Frame x, Column y, Column group, double[]? sampleWeight = null) =>
        Fit(x, y, group, null, sampleWeight);

    /// <summary>
    /// Fits with the query group of each row, optionally watching a validation set (with its own groups, in
    /// <see cref="EvalSet.Group"/> or its <see cref="GroupColumn"/>) and reporting every iteration to <paramref name="monitor"/>.
    /// </summary>
    public GradientBoostingRankerModel Fit(Frame x, Column y, Column group, EvalSet? evalSet, double[]? sampleWeight = null, BoostingMonitor? monitor = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(group);
        var features = GroupColumn is not null && x.Contains(GroupColumn) ? x.Drop(GroupColumn) : x;
        var relevance = Relevance(y, x.RowCount);
        var weights = ModelInputs.CheckSampleWeight(sampleWeight, x.RowCount);
        var codec = FeatureCodec.FromTraining(features, ModelTask.Ranking, y, null, Name);
        var train = Arrange(codec, features, relevance, weights, group);
        BoostingData? valid = null;
        if (evalSet is not null)
        {
            var evalGroup = evalSet.Group
                ?? (GroupColumn is not null && evalSet.X.Contains(GroupColumn) ? evalSet.X[GroupColumn]
                    : throw new AugurException($"{Name}: the validation set needs its query groups (EvalSet.Group, or the '{GroupColumn ?? "group_column"}' column)"));
            var evalRelevance = Relevance(evalSet.Y, evalSet.X.RowCount);
            var evalWeights = ModelInputs.CheckSampleWeight(evalSet.SampleWeight, evalSet.X.RowCount);
            valid = Arrange(codec, evalSet.X, evalRelevance, evalWeights, evalGroup);
        }
        var objective = new ObjectiveSpec([new P("objective", Objective == RankingObjective.RankXendcg ? "rank_xendcg" : "lambdarank")]);
        var result = BoostingTrainer.Train(this, codec, objective, train, valid, monitor, Name);
        var core = new BoosterCore(result.Booster, result.ModelText!, codec, result.History, NThreads);
        return new GradientBoostingRankerModel(core, this);
    }

    private static double[] Relevance(Column? y, int rows)
    {
        var values = ModelInputs.RegressionTarget(y, rows, Name);
        for (var i = 0; i < values.Length; i++)
            if (values[i] < 0 || values[i] != Math.Floor(values[i]))
                throw new AugurException($"{Name} needs relevance labels that are non-negative integers, but '{y!.Name}' holds {values[i]} at row {i}");
        return values;
    }

    /// <summary>LightGBM wants the rows of each group together: order the rows by group (first appearance, stable).</summary>
    private static BoostingData Arrange(FeatureCodec codec, Frame x, double[] relevance, double[]? weights, Column group)
    {
        var n = x.RowCount;
        if (group.Length != n) throw new AugurException($"the group column '{group.Name}' has {group.Length} rows but the features have {n}");
        if (group.MissingCount > 0) throw new AugurException($"the group column '{group.Name}' has {group.MissingCount} missing values; every row needs a query group");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupOf = new int[n];
        var sizes = new List<int>();
        for (var i = 0; i < n; i++)
        {
            var key = group.Format(i);
            if (!ids.TryGetValue(key, out var g))
            {
                g = ids.Count;
                ids[key] = g;
                sizes.Add(0);
            }
            groupOf[i] = g;
            sizes[g]++;
        }
        var order = new int[n];
        var sorted = true;
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            if (i > 0 && groupOf[i] < groupOf[i - 1]) sorted = false;
        }
        if (!sorted)
        {
            var keys = (int[])groupOf.Clone();
            Array.Sort(keys, order); // introsort is not stable: restore row order within each group
            var start = 0;
            for (var g = 0; g < sizes.Count; g++)
            {
                Array.Sort(order, start, sizes[g]);
                start += sizes[g];
            }
            x = x.Take(order);
        }
        var label = new float[n];
        float[]? weight = weights is null ? null : new float[n];
        double[]? arrangedWeights = weights is null ? null : new double[n];
        for (var i = 0; i < n; i++)
        {
            label[i] = (float)relevance[order[i]];
            if (weights is not null)
            {
                arrangedWeights![i] = weights[order[i]];
                weight![i] = (float)weights[order[i]];
            }
        }
        return new BoostingData(codec.Encode(x, Name), label, weight, sizes.ToArray(), arrangedWeights);
    }
}

/// <summary>A fitted <see cref="GradientBoostingRanker"/> (or a LightGBM ranker imported from a model file): scores rows for ordering within a query.</summary>
public sealed class GradientBoostingRankerModel : GradientBoostingModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "gbdt_ranker";

    internal GradientBoostingRankerModel(BoosterCore core, GradientBoostingRanker? options) : base("GradientBoostingRanker", core)
    {
        if (core.Outputs != 1) throw new AugurException($"the LightGBM model has {core.Outputs} outputs per row; a ranker has one");
        Options = options;
    }

    /// <summary>The options the model was fitted with; null for a model imported from LightGBM.</summary>
    public GradientBoostingRanker? Options { get; }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <inheritdoc />
    public override ModelTask Task => ModelTask.Ranking;

    /// <summary>The relevance score of every row (higher ranks first within its group).</summary>
    public double[] PredictScores(Frame x) => Core.Predict(x, LightGbmApi.PredictNormal, Name, out _, out _);

    /// <inheritdoc />
    public override Column Predict(Frame x) => new Float64Column("score", PredictScores(x));

    /// <inheritdoc />
    public override void Save(ModelWriter writer) => Core.Save(writer, Options);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static GradientBoostingRankerModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (options, core) = BoosterCore.LoadWithOptions<GradientBoostingRanker>(reader);
        reader.Require(core.Codec.Signature.Task == ModelTask.Ranking, "signature", "a ranker's signature must describe ranking");
        reader.Require(core.Outputs == 1, "lightgbm_model", "a ranker's LightGBM model must have one output per row");
        return new GradientBoostingRankerModel(core, options);
    }
}
