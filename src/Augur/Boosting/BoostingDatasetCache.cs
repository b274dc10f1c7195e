using Augur.Boosting.Native;
using P = System.Collections.Generic.KeyValuePair<string, string>;

namespace Augur.Boosting;

/// <summary>A training dataset and, optionally, a validation dataset binned with the training one as reference.</summary>
internal sealed class DatasetPair(LightGbmDataset train, LightGbmDataset? valid) : IDisposable
{
    public LightGbmDataset Train { get; } = train;
    public LightGbmDataset? Valid { get; } = valid;

    public void Dispose()
    {
        Valid?.Dispose();
        Train.Dispose();
    }
}

/// <summary>
/// Lets many fits on the same rows share binned LightGBM datasets.
/// <paramref name="Data"/> identifies the rows (compared by reference: the caller promises that the same object always
/// means the same features, target, weights and validation set); <paramref name="Variant"/> adds what the estimator
/// derives from its options into the dataset (class weights).
/// </summary>
internal sealed record BoostingReuse(BoostingDatasetCache Cache, object Data, string Variant = "");

/// <summary>
/// A pool of binned LightGBM datasets, keyed by the data they hold and the LightGBM parameters that shape binning. A
/// dataset is rented by one training at a time (LightGBM datasets are not meant to serve two boosters at once) and
/// returned afterwards; concurrent fits on the same data get their own copies, so the pool holds at most as many copies
/// per key as fits ran at once. Thread-safe; <see cref="Dispose"/> frees every pooled dataset.
/// </summary>
internal sealed class BoostingDatasetCache : IDisposable
{
    /// <summary>LightGBM parameters that act on the booster only, so datasets built under other values can be reused.</summary>
    private static readonly HashSet<string> s_boosterOnly = new(StringComparer.Ordinal)
    {
        "boosting", "num_iterations", "learning_rate", "num_leaves", "max_depth", "min_data_in_leaf", "min_sum_hessian_in_leaf",
        "min_gain_to_split", "bagging_fraction", "bagging_freq", "feature_fraction", "lambda_l1", "lambda_l2", "num_threads",
        "verbosity", "metric", "eval_at", "monotone_constraints",
    };

    private readonly Dictionary<object, Dictionary<string, Stack<DatasetPair>>> _pool = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;
    private int _built;

    /// <summary>How many dataset pairs were built (not taken from the pool); for tests.</summary>
    public int Built => Volatile.Read(ref _built);

    /// <summary>The parameters that shape the binned dataset, as one key (every parameter but the booster-only ones, in order).</summary>
    public static string DatasetParameters(IEnumerable<P> parameters) =>
        LightGbmParameters.Join(parameters.Where(p => !s_boosterOnly.Contains(p.Key)).ToList());

    /// <summary>A pooled pair for (<paramref name="data"/>, <paramref name="key"/>), or a new one from <paramref name="build"/>.</summary>
    public DatasetPair Rent(object data, string key, Func<DatasetPair> build)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_pool)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pool.TryGetValue(data, out var byKey) && byKey.TryGetValue(key, out var stack) && stack.Count > 0) return stack.Pop();
        }
        var pair = build();
        Interlocked.Increment(ref _built);
        return pair;
    }

    /// <summary>Gives a rented pair back for the next fit (or frees it when the cache is already disposed).</summary>
    public void Return(object data, string key, DatasetPair pair)
    {
        lock (_pool)
        {
            if (!_disposed)
            {
                if (!_pool.TryGetValue(data, out var byKey)) _pool[data] = byKey = new Dictionary<string, Stack<DatasetPair>>(StringComparer.Ordinal);
                if (!byKey.TryGetValue(key, out var stack)) byKey[key] = stack = new Stack<DatasetPair>();
                stack.Push(pair);
                return;
            }
        }
        pair.Dispose();
    }

    /// <summary>Frees every pooled dataset; pairs rented now are freed when they come back.</summary>
    public void Dispose()
    {
        List<DatasetPair> all;
        lock (_pool)
        {
            if (_disposed) return;
            _disposed = true;
            all = _pool.Values.SelectMany(d => d.Values).SelectMany(s => s).ToList();
            _pool.Clear();
        }
        foreach (var pair in all) pair.Dispose();
    }
}
