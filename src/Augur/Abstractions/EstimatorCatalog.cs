namespace Augur;

/// <summary>One entry of the <see cref="EstimatorCatalog"/>: a short model name and how to make it for each task it supports.</summary>
/// <param name="Name">The name used by <c>--model</c> (for example <c>ridge</c>).</param>
/// <param name="Description">A one-line description.</param>
/// <param name="Classifier">Makes the classifier, when there is one.</param>
/// <param name="Regressor">Makes the regressor, when there is one.</param>
/// <param name="Unsupervised">Makes the clusterer or decomposition, when there is one.</param>
/// <param name="Ranker">Makes the learning-to-rank estimator, when there is one.</param>
public sealed record CatalogEntry(
    string Name,
    string Description,
    Func<IEstimator<IModel>>? Classifier = null,
    Func<IEstimator<IModel>>? Regressor = null,
    Func<IEstimator<IModel>>? Unsupervised = null,
    Func<IEstimator<IModel>>? Ranker = null);

/// <summary>
/// The estimators reachable by short name from the command line, the server and search spaces (<c>linear</c>,
/// <c>ridge</c>, <c>logistic</c>, <c>forest</c>, <c>gbdt</c>, …). The task picks the classifier or the regressor where a
/// name has both.
/// </summary>
public static partial class EstimatorCatalog
{
    private static readonly Dictionary<string, CatalogEntry> s_entries = new(StringComparer.OrdinalIgnoreCase);

    static EstimatorCatalog() => RegisterCoreEstimators();

    /// <summary>Adds or replaces an entry (assemblies beyond the core add theirs at start-up).</summary>
    public static void Register(CatalogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (s_entries) s_entries[entry.Name] = entry;
    }

    /// <summary>Every entry, sorted by name.</summary>
    public static IReadOnlyList<CatalogEntry> Entries
    {
        get { lock (s_entries) return s_entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToArray(); }
    }

    /// <summary>Looks up an entry by name.</summary>
    public static bool TryGet(string name, out CatalogEntry entry)
    {
        lock (s_entries) return s_entries.TryGetValue(name, out entry!);
    }

    /// <summary>Makes the estimator called <paramref name="name"/> for <paramref name="task"/>. Unknown names and unsupported tasks are errors listing what exists.</summary>
    public static IEstimator<IModel> Create(string name, ModelTask task)
    {
        if (!TryGet(name, out var entry))
            throw new AugurException($"unknown model '{name}'; available: {string.Join(", ", Entries.Select(e => e.Name))}");
        var factory = task switch
        {
            ModelTask.BinaryClassification or ModelTask.MulticlassClassification => entry.Classifier,
            ModelTask.Regression => entry.Regressor,
            ModelTask.Ranking => entry.Ranker,
            _ => entry.Unsupervised,
        };
        return factory?.Invoke()
            ?? throw new AugurException($"model '{name}' does not support {TaskWords(task)}; models that do: {string.Join(", ", Supporting(task))}");
    }

    /// <summary>The names of the models that support <paramref name="task"/>.</summary>
    public static IReadOnlyList<string> Supporting(ModelTask task) =>
        Entries.Where(e => task switch
        {
            ModelTask.BinaryClassification or ModelTask.MulticlassClassification => e.Classifier is not null,
            ModelTask.Regression => e.Regressor is not null,
            ModelTask.Ranking => e.Ranker is not null,
            _ => e.Unsupervised is not null,
        }).Select(e => e.Name).ToArray();

    private static string TaskWords(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification or ModelTask.MulticlassClassification => "classification",
        ModelTask.Regression => "regression",
        ModelTask.Clustering => "clustering",
        _ => task.ToString().ToLowerInvariant(),
    };
}
