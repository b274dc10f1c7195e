using System.Globalization;

namespace Augur.Trees;

/// <summary>Parses the text-valued tree options (<c>max_features</c>, <c>class_weight</c>) the way scikit-learn reads them.</summary>
internal static class TreeOptionParsing
{
    /// <summary>
    /// The number of features to consider at each split. <paramref name="maxFeatures"/> is null, <c>none</c> or <c>all</c>
    /// (every feature), <c>sqrt</c>, <c>log2</c>, an integer count (<c>7</c>) or a fraction with a decimal point (<c>0.5</c>).
    /// </summary>
    public static int ResolveMaxFeatures(string? maxFeatures, int featureCount, string consumer)
    {
        if (featureCount <= 0) throw new AugurException($"{consumer} needs at least one feature column");
        var t = maxFeatures?.Trim().ToLowerInvariant();
        if (t is null or "" or "none" or "all") return featureCount;
        if (t == "sqrt") return Math.Max(1, (int)Math.Sqrt(featureCount));
        if (t == "log2") return Math.Max(1, (int)Math.Log2(featureCount));
        var isFraction = t.Contains('.') || t.Contains('e');
        if (!isFraction && int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count))
        {
            if (count < 1 || count > featureCount)
                throw new AugurException($"{consumer} option 'max_features' is {count}, but it must lie between 1 and the number of features ({featureCount})");
            return count;
        }
        if (isFraction && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction))
        {
            if (!(fraction > 0 && fraction <= 1))
                throw new AugurException($"{consumer} option 'max_features' is {maxFeatures}, but a fraction must lie in (0, 1]");
            return Math.Max(1, (int)(fraction * featureCount));
        }
        throw new AugurException($"{consumer} option 'max_features' is '{maxFeatures}'; use none, sqrt, log2, a count such as 7 or a fraction such as 0.5");
    }

    /// <summary>Checks the text of <paramref name="maxFeatures"/> without knowing the number of features.</summary>
    public static void CheckMaxFeatures(string? maxFeatures, string consumer) => ResolveMaxFeatures(maxFeatures, int.MaxValue, consumer);

    /// <summary>
    /// Per-class weights from <paramref name="classWeight"/>: null (none), <c>balanced</c> (n / (k · count of the class)), or
    /// <c>label:weight</c> pairs separated by commas (classes not listed weigh 1). Returns null when there are none.
    /// <paramref name="allowSubsample"/> also accepts <c>balanced_subsample</c> (returned as null here; forests handle it per tree).
    /// </summary>
    public static double[]? ClassWeights(string? classWeight, ClassLabels classes, ReadOnlySpan<int> encoded, string consumer, bool allowSubsample = false)
    {
        var t = classWeight?.Trim();
        if (string.IsNullOrEmpty(t) || t.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        if (t.Equals("balanced", StringComparison.OrdinalIgnoreCase)) return Balanced(classes.Count, encoded);
        if (t.Equals("balanced_subsample", StringComparison.OrdinalIgnoreCase))
        {
            if (allowSubsample) return null;
            throw new AugurException($"{consumer} option 'class_weight' cannot be balanced_subsample (that is for forests); use balanced or label:weight pairs");
        }
        var weights = new double[classes.Count];
        Array.Fill(weights, 1.0);
        foreach (var part in t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || colon == part.Length - 1)
                throw new AugurException($"{consumer} option 'class_weight' must be balanced or label:weight pairs such as 'yes:2,no:1', not '{classWeight}'");
            var label = part[..colon].Trim();
            if (!double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !double.IsFinite(w) || w < 0)
                throw new AugurException($"{consumer} option 'class_weight' gives '{part[(colon + 1)..]}' for class '{label}'; weights must be finite, non-negative numbers");
            var k = classes.IndexOf(label);
            if (k < 0) throw new AugurException($"{consumer} option 'class_weight' names class '{label}', which is not in the target (classes: {string.Join(", ", classes.Names.Take(10))})");
            weights[k] = w;
        }
        return weights;
    }

    /// <summary>Checks the text of <paramref name="classWeight"/> early (labels are checked at fit time).</summary>
    public static bool IsBalancedSubsample(string? classWeight) =>
        classWeight?.Trim().Equals("balanced_subsample", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>scikit-learn's balanced weights n / (k · count) over the rows listed in <paramref name="encoded"/>; absent classes weigh 0.</summary>
    public static double[] Balanced(int classCount, ReadOnlySpan<int> encoded)
    {
        var counts = new long[classCount];
        foreach (var c in encoded) counts[c]++;
        var present = 0;
        foreach (var c in counts) if (c > 0) present++;
        var weights = new double[classCount];
        for (var c = 0; c < classCount; c++)
            weights[c] = counts[c] == 0 ? 0.0 : encoded.Length / (present * (double)counts[c]);
        return weights;
    }
}
