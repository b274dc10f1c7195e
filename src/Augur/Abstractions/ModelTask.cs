namespace Augur;

/// <summary>What a fitted model predicts.</summary>
public enum ModelTask
{
    /// <summary>A transformer: it maps features to features and predicts nothing.</summary>
    Transform,
    /// <summary>A real-valued target.</summary>
    Regression,
    /// <summary>One of two class labels.</summary>
    BinaryClassification,
    /// <summary>One of three or more class labels.</summary>
    MulticlassClassification,
    /// <summary>A cluster index, learned without a target.</summary>
    Clustering,
    /// <summary>A relevance score used to order items within a group.</summary>
    Ranking,
}

/// <summary>Helpers on <see cref="ModelTask"/>.</summary>
public static class ModelTaskExtensions
{
    /// <summary>True for binary and multiclass classification.</summary>
    public static bool IsClassification(this ModelTask task) =>
        task is ModelTask.BinaryClassification or ModelTask.MulticlassClassification;
}
