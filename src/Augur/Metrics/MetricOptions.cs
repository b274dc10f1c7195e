namespace Augur.Metrics;

/// <summary>How per-class scores (precision, recall, F-score, Jaccard) are combined into one number (scikit-learn's <c>average</c>).</summary>
public enum Average
{
    /// <summary>Only the positive class (<c>posLabel</c>); the labels must be binary.</summary>
    Binary,
    /// <summary>Counts of true positives, false negatives and false positives summed over classes, then one score.</summary>
    Micro,
    /// <summary>Unweighted mean of the per-class scores.</summary>
    Macro,
    /// <summary>Mean of the per-class scores weighted by each class's support (number of true instances).</summary>
    Weighted,
}

/// <summary>What a score is when its denominator is zero (scikit-learn's <c>zero_division</c>).</summary>
public enum ZeroDivision
{
    /// <summary>Scikit-learn's default: 0, where scikit-learn would also warn. Augur does not warn.</summary>
    Warn,
    /// <summary>0.</summary>
    Zero,
    /// <summary>1.</summary>
    One,
}

/// <summary>How a confusion matrix is normalised (scikit-learn's <c>normalize</c>).</summary>
public enum ConfusionNormalization
{
    /// <summary>Raw (weighted) counts.</summary>
    None,
    /// <summary>Each row (true class) sums to 1.</summary>
    True,
    /// <summary>Each column (predicted class) sums to 1.</summary>
    Pred,
    /// <summary>All cells sum to 1.</summary>
    All,
}

/// <summary>How ROC AUC treats more than two classes (scikit-learn's <c>multi_class</c>).</summary>
public enum MultiClass
{
    /// <summary>Refuse multiclass input (scikit-learn's default): choose <see cref="Ovr"/> or <see cref="Ovo"/>.</summary>
    Raise,
    /// <summary>One-vs-rest: each class against all others.</summary>
    Ovr,
    /// <summary>One-vs-one (Hand and Till, 2001): every pair of classes.</summary>
    Ovo,
}

/// <summary>How per-class ROC AUC scores are combined for multiclass input.</summary>
public enum AucAverage
{
    /// <summary>Unweighted mean over classes (or pairs of classes).</summary>
    Macro,
    /// <summary>Mean weighted by class prevalence (one-vs-rest) or pair prevalence (one-vs-one).</summary>
    Weighted,
    /// <summary>One-vs-rest only: all class-vs-rest decisions pooled into one binary problem.</summary>
    Micro,
}

/// <summary>Disagreement weights of Cohen's kappa (scikit-learn's <c>weights</c>).</summary>
public enum KappaWeighting
{
    /// <summary>Every disagreement counts 1.</summary>
    None,
    /// <summary>A disagreement counts |i − j| (ordinal labels).</summary>
    Linear,
    /// <summary>A disagreement counts (i − j)² (ordinal labels).</summary>
    Quadratic,
}

/// <summary>How the two entropies normalise mutual information (scikit-learn's <c>average_method</c>).</summary>
public enum EntropyAverage
{
    /// <summary>The arithmetic mean (scikit-learn's default).</summary>
    Arithmetic,
    /// <summary>The smaller entropy.</summary>
    Min,
    /// <summary>The geometric mean.</summary>
    Geometric,
    /// <summary>The larger entropy.</summary>
    Max,
}
