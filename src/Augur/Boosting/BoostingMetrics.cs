using System.Globalization;

namespace Augur.Boosting;

/// <summary>LightGBM's built-in metric names and aliases (from LightGBM's parameter reference), and which way is better.</summary>
internal static class BoostingMetrics
{
    private static readonly Dictionary<string, string> s_aliases = Build();

    private static Dictionary<string, string> Build()
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string name, params string[] aliases)
        {
            d[name] = name;
            foreach (var a in aliases) d[a] = name;
        }
        Add("l1", "mean_absolute_error", "mae", "regression_l1");
        Add("l2", "mean_squared_error", "mse", "regression_l2", "regression");
        Add("rmse", "root_mean_squared_error", "l2_root");
        Add("quantile");
        Add("mape", "mean_absolute_percentage_error");
        Add("huber");
        Add("fair");
        Add("poisson");
        Add("gamma");
        Add("gamma_deviance");
        Add("tweedie");
        Add("ndcg", "lambdarank", "rank_xendcg", "xendcg", "xe_ndcg", "xe_ndcg_mart", "xendcg_mart");
        Add("map", "mean_average_precision");
        Add("auc");
        Add("average_precision");
        Add("binary_logloss", "binary");
        Add("binary_error");
        Add("auc_mu");
        Add("multi_logloss", "multiclass", "softmax", "multiclassova", "multiclass_ova", "ova", "ovr");
        Add("multi_error");
        Add("cross_entropy", "xentropy");
        Add("cross_entropy_lambda", "xentlambda");
        Add("kullback_leibler", "kldiv");
        return d;
    }

    /// <summary>The canonical metric names LightGBM knows.</summary>
    public static IEnumerable<string> Names => s_aliases.Values.Distinct().Order(StringComparer.Ordinal);

    /// <summary>True when larger values of metric <paramref name="evalName"/> (as LightGBM reports it, e.g. <c>ndcg@5</c>) are better.</summary>
    public static bool HigherIsBetter(string evalName)
    {
        var at = evalName.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? evalName[..at] : evalName;
        return name is "auc" or "ndcg" or "map" or "average_precision" or "auc_mu";
    }

    /// <summary>
    /// Parses an <c>eval_metric</c> option: comma-separated names, each optionally with <c>@k</c> for ranking metrics.
    /// Returns LightGBM's <c>metric</c> value, the <c>eval_at</c> positions asked for, and the name to watch first.
    /// </summary>
    public static (string Metric, int[] EvalAt, string? First) Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw new AugurException("option 'eval_metric' is empty; give metric names such as auc or l2, or none");
        if (parts.Length == 1 && parts[0].ToLowerInvariant() is "none" or "null" or "na" or "custom")
            return ("None", [], null);
        var metrics = new List<string>();
        var evalAt = new SortedSet<int>();
        string? first = null;
        foreach (var part in parts)
        {
            var at = part.IndexOf('@', StringComparison.Ordinal);
            var name = at >= 0 ? part[..at] : part;
            if (!s_aliases.TryGetValue(name, out var canonical))
                throw new AugurException($"unknown LightGBM metric '{part}' in option 'eval_metric'; LightGBM's metrics are: {string.Join(", ", Names)} (ndcg and map take @k)");
            string shown = canonical;
            if (at >= 0)
            {
                if (canonical is not ("ndcg" or "map"))
                    throw new AugurException($"metric '{part}' in option 'eval_metric' takes no @k; only ndcg and map do");
                if (!int.TryParse(part[(at + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) || k < 1)
                    throw new AugurException($"metric '{part}' in option 'eval_metric' needs a positive position after '@' (for example ndcg@5)");
                evalAt.Add(k);
                shown = $"{canonical}@{k}";
            }
            if (!metrics.Contains(canonical)) metrics.Add(canonical);
            first ??= shown;
        }
        return (string.Join(',', metrics), evalAt.ToArray(), first);
    }
}
