namespace Augur.Trees;

/// <summary>How a classification tree measures the quality of a split (scikit-learn's <c>criterion</c>).</summary>
public enum ClassificationCriterion
{
    /// <summary>Gini impurity, 1 − Σ p².</summary>
    Gini,
    /// <summary>Shannon entropy in bits, −Σ p log₂ p.</summary>
    Entropy,
    /// <summary>The same as <see cref="Entropy"/> (scikit-learn's alias).</summary>
    LogLoss,
}

/// <summary>How a regression tree measures the quality of a split (scikit-learn's <c>criterion</c>).</summary>
public enum RegressionCriterion
{
    /// <summary>Mean squared error (variance reduction); leaves predict the mean.</summary>
    SquaredError,
    /// <summary>Mean squared error with Friedman's improvement score for potential splits.</summary>
    FriedmanMse,
}

/// <summary>How a tree chooses the threshold of a split (scikit-learn's <c>splitter</c>).</summary>
public enum TreeSplitter
{
    /// <summary>The best threshold of each candidate feature (exact search over every distinct value).</summary>
    Best,
    /// <summary>One uniformly drawn threshold per candidate feature (as in extremely randomized trees).</summary>
    Random,
}
