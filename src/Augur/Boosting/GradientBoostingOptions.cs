namespace Augur.Boosting;

/// <summary>
/// The options every LightGBM estimator shares. Names follow scikit-learn's conventions as LightGBM's own scikit-learn
/// interface uses them (<c>n_estimators</c>, <c>num_leaves</c>, <c>min_child_samples</c>, <c>subsample</c>,
/// <c>colsample_bytree</c>, <c>reg_alpha</c>, …) with LightGBM's meaning and defaults.
/// </summary>
public abstract record GradientBoostingOptions
{
    /// <summary>How trees are combined: gradient boosting (default), DART or random forest (LightGBM <c>boosting</c>).</summary>
    public BoostingType BoostingType { get; init; } = BoostingType.Gbdt;

    /// <summary>The number of boosting iterations, that is trees per class (LightGBM <c>num_iterations</c>).</summary>
    public int NEstimators { get; init; } = 100;

    /// <summary>Shrinkage applied to each tree (LightGBM <c>learning_rate</c>; ignored by random forests).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>The largest number of leaves per tree (LightGBM <c>num_leaves</c>).</summary>
    public int NumLeaves { get; init; } = 31;

    /// <summary>The deepest a tree may grow; null for no limit (LightGBM <c>max_depth</c> = -1).</summary>
    public int? MaxDepth { get; init; }

    /// <summary>The fewest rows a leaf may hold (LightGBM <c>min_data_in_leaf</c>).</summary>
    public int MinChildSamples { get; init; } = 20;

    /// <summary>The smallest sum of hessians a leaf may hold (LightGBM <c>min_sum_hessian_in_leaf</c>).</summary>
    public double MinChildWeight { get; init; } = 1e-3;

    /// <summary>The smallest loss reduction a split must bring (LightGBM <c>min_gain_to_split</c>).</summary>
    public double MinSplitGain { get; init; }

    /// <summary>The fraction of rows drawn (without replacement) for each bagging round (LightGBM <c>bagging_fraction</c>); needs <see cref="SubsampleFreq"/> &gt; 0.</summary>
    public double Subsample { get; init; } = 1.0;

    /// <summary>Re-draw the bagged rows every this many iterations; 0 turns bagging off (LightGBM <c>bagging_freq</c>).</summary>
    public int SubsampleFreq { get; init; }

    /// <summary>The fraction of features each tree may use (LightGBM <c>feature_fraction</c>).</summary>
    public double ColsampleBytree { get; init; } = 1.0;

    /// <summary>L1 regularisation of leaf values (LightGBM <c>lambda_l1</c>).</summary>
    public double RegAlpha { get; init; }

    /// <summary>L2 regularisation of leaf values (LightGBM <c>lambda_l2</c>).</summary>
    public double RegLambda { get; init; }

    /// <summary>The most histogram bins per feature (LightGBM <c>max_bin</c>).</summary>
    public int MaxBin { get; init; } = 255;

    /// <summary>
    /// Monotone constraints by feature name: +1 (prediction never decreases as the feature grows), -1 (never
    /// increases) or 0 (free). Features not named are free.
    /// </summary>
    public IReadOnlyDictionary<string, int>? MonotoneConstraints { get; init; }

    /// <summary>Stop when the watched validation metric has not improved for this many iterations; null turns early stopping off. Needs a validation set.</summary>
    public int? EarlyStoppingRounds { get; init; }

    /// <summary>
    /// LightGBM built-in metrics to evaluate on the validation set, comma-separated (<c>auc</c>, <c>binary_logloss</c>,
    /// <c>multi_logloss</c>, <c>l2</c>, <c>l1</c>, <c>ndcg@5</c>, <c>map@3</c>, …); the first one is watched by early
    /// stopping. Null means the objective's own metric; <c>none</c> turns built-in metrics off.
    /// </summary>
    public string? EvalMetric { get; init; }

    /// <summary>The seed of every random choice (bagging, feature sampling, DART drops); LightGBM <c>seed</c>.</summary>
    public int RandomState { get; init; }

    /// <summary>
    /// Make training reproducible bit for bit, whatever the thread count (LightGBM <c>deterministic</c> with
    /// column-wise histograms); a little slower.
    /// </summary>
    public bool Deterministic { get; init; }

    /// <summary>Threads LightGBM may use; 0 or less means all cores (LightGBM <c>num_threads</c>).</summary>
    public int NThreads { get; init; }

    /// <summary>
    /// Further LightGBM parameters by LightGBM name (<c>min_data_per_group</c>, <c>cat_smooth</c>, <c>path_smooth</c>,
    /// <c>extra_trees</c>, …). Names are checked against LightGBM's parameter table and values by LightGBM itself.
    /// Parameters that Augur sets from other options (objective, metric, threads, iterations) cannot be given here.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ExtraParameters { get; init; }
}
