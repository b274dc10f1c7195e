namespace Augur.ModelSelection;

/// <summary>
/// Sensible search spaces for the catalog's models (<c>augur tune</c> uses them when no <c>--space</c> is given). Option
/// names are the estimators' snake_case names; ranges follow common practice (log scales for penalties and rates).
/// </summary>
public static class DefaultSearchSpaces
{
    /// <summary>The names that have a default space.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["logistic", "ridge", "lasso", "elasticnet", "linear-svc", "sgd", "svm", "knn", "tree", "forest", "extra-trees", "gbdt", "gaussian-nb"];

    /// <summary>The default space of catalog model <paramref name="model"/> for <paramref name="task"/>; unknown names are an error listing the known ones.</summary>
    public static SearchSpace For(string model, ModelTask task)
    {
        ArgumentNullException.ThrowIfNull(model);
        var classification = task.IsClassification();
        var s = SearchSpace.Empty;
        return model.Trim().ToLowerInvariant() switch
        {
            "logistic" => s.Float("c", 1e-3, 1e3, log: true),
            "ridge" => s.Float("alpha", 1e-3, 1e3, log: true),
            "lasso" => s.Float("alpha", 1e-4, 10, log: true),
            "elasticnet" => s.Float("alpha", 1e-4, 10, log: true).Float("l1_ratio", 0.05, 1.0),
            "linear-svc" => s.Float("c", 1e-3, 1e2, log: true),
            "sgd" => s.Float("alpha", 1e-6, 1e-1, log: true),
            "svm" => s.Float("c", 1e-2, 1e3, log: true).Categorical("kernel", "rbf", "linear"),
            "knn" => s.Int("n_neighbors", 1, 50, log: true).Categorical("weights", "uniform", "distance"),
            "tree" => s.Int("max_depth", 2, 20).Int("min_samples_leaf", 1, 50, log: true),
            "forest" or "extra-trees" => s.Int("n_estimators", 50, 400, log: true).Int("max_depth", 2, 30).Int("min_samples_leaf", 1, 20, log: true),
            "gbdt" => s.Float("learning_rate", 0.01, 0.3, log: true)
                .Int("num_leaves", 8, 128, log: true)
                .Int("min_child_samples", 5, 100, log: true)
                .Float("colsample_bytree", 0.5, 1.0)
                .Float("reg_lambda", 1e-8, 10.0, log: true)
                .Int("n_estimators", 50, 400, log: true),
            "gaussian-nb" when classification => s.Float("var_smoothing", 1e-12, 1e-3, log: true),
            _ => throw new AugurException($"there is no default search space for '{model}'; pass one with --space (JSON). Models with one: {string.Join(", ", Names)}"),
        };
    }
}
