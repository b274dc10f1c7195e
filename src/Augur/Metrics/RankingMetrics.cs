using Augur.Data;

namespace Augur.Metrics;

/// <summary>
/// Learning-to-rank metrics over query groups: discounted cumulative gain and its normalised form, with scikit-learn
/// 1.2.1's definitions (<c>dcg_score</c>, <c>ndcg_score</c>: linear gains, log₂ discount, tied scores share the average
/// gain of their tie), computed per query and averaged over queries.
/// </summary>
public static class RankingMetrics
{
    /// <summary>The DCG of one query: relevance <paramref name="yTrue"/> ranked by <paramref name="yScore"/>, counting the top <paramref name="k"/> positions (all when null).</summary>
    public static double Dcg(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yScore, int? k = null, bool ignoreTies = false)
    {
        if (yTrue.Length != yScore.Length) throw new AugurException($"{yTrue.Length} relevance values but {yScore.Length} scores");
        var n = yTrue.Length;
        if (n == 0) return 0;
        var cut = Math.Min(k ?? n, n);
        if (cut <= 0) throw new AugurException("k must be positive");
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var scores = yScore.ToArray();
        // Descending score. scikit-learn's tie-ignoring path reverses an ascending stable sort, so among equal scores the
        // later row comes first; do the same so both give the same (arbitrary but documented) order.
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is var c && c != 0 ? c : b.CompareTo(a));
        var truth = yTrue;
        if (ignoreTies)
        {
            var sum = 0.0;
            for (var r = 0; r < cut; r++) sum += truth[order[r]] / Math.Log2(r + 2);
            return sum;
        }
        // Tied scores: each position of a tie gets the tie's average gain, weighted by the discounts it spans.
        var total = 0.0;
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && scores[order[end]] == scores[order[start]]) end++;
            var gain = 0.0;
            for (var r = start; r < end; r++) gain += truth[order[r]];
            gain /= end - start;
            var discount = 0.0;
            for (var r = start; r < Math.Min(end, cut); r++) discount += 1.0 / Math.Log2(r + 2);
            total += gain * discount;
            start = end;
        }
        return total;
    }

    /// <summary>The NDCG of one query: its DCG divided by the DCG of the ideal order (0 when every relevance is 0).</summary>
    public static double Ndcg(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yScore, int? k = null, bool ignoreTies = false)
    {
        foreach (var v in yTrue)
            if (v < 0) throw new AugurException("NDCG needs non-negative relevance values");
        var ideal = Dcg(yTrue, yTrue, k, ignoreTies: true);
        return ideal == 0 ? 0 : Dcg(yTrue, yScore, k, ignoreTies) / ideal;
    }

    /// <summary>The mean NDCG over query groups (<paramref name="group"/> holds each row's query).</summary>
    public static double Ndcg(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yScore, Column group, int? k = null, bool ignoreTies = false) =>
        PerQuery(yTrue, yScore, group, (t, s) => Ndcg(t, s, k, ignoreTies));

    /// <summary>The mean DCG over query groups.</summary>
    public static double Dcg(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yScore, Column group, int? k = null, bool ignoreTies = false) =>
        PerQuery(yTrue, yScore, group, (t, s) => Dcg(t, s, k, ignoreTies));

    private delegate double QueryMetric(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yScore);

    private static double PerQuery(ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yScore, Column group, QueryMetric metric)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (yTrue.Length != yScore.Length || group.Length != yTrue.Length)
            throw new AugurException($"relevance ({yTrue.Length}), scores ({yScore.Length}) and groups ({group.Length}) must have one entry per row");
        if (group.MissingCount > 0) throw new AugurException($"group column '{group.Name}' has missing values");
        var rows = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < group.Length; i++)
        {
            var key = group.Format(i);
            if (!rows.TryGetValue(key, out var list)) { rows[key] = list = []; order.Add(key); }
            list.Add(i);
        }
        if (order.Count == 0) throw new AugurException("there are no rows to score");
        var sum = 0.0;
        foreach (var key in order)
        {
            var idx = rows[key];
            var t = new double[idx.Count];
            var s = new double[idx.Count];
            for (var j = 0; j < idx.Count; j++) { t[j] = yTrue[idx[j]]; s[j] = yScore[idx[j]]; }
            sum += metric(t, s);
        }
        return sum / order.Count;
    }
}
