namespace Augur.Server.Models;

/// <summary>Every loaded version of one model, oldest first.</summary>
public sealed class ModelVersionSet
{
    internal ModelVersionSet(string name, IEnumerable<ServedModel> versions)
    {
        Name = name;
        Versions = versions.OrderBy(v => v.Version, VersionComparer.Instance).ToArray();
        if (Versions.Count == 0) throw new ArgumentException("a model needs at least one version", nameof(versions));
        Latest = Versions[^1];
    }

    /// <summary>The model name.</summary>
    public string Name { get; }

    /// <summary>The loaded versions, in version order (numeric versions numerically).</summary>
    public IReadOnlyList<ServedModel> Versions { get; }

    /// <summary>The newest version: the one served when a request names no version.</summary>
    public ServedModel Latest { get; }

    /// <summary>The version called <paramref name="version"/>, or null.</summary>
    public ServedModel? Find(string version)
    {
        foreach (var v in Versions)
            if (string.Equals(v.Version, version, StringComparison.Ordinal)) return v;
        return null;
    }
}

/// <summary>
/// An immutable view of every loaded model. The repository swaps in a new snapshot after a reload; a request resolves
/// its model once against the snapshot it started with.
/// </summary>
public sealed class ModelSnapshot
{
    private readonly Dictionary<string, ModelVersionSet> _models;

    internal ModelSnapshot(IEnumerable<ServedModel> models, long generation)
    {
        _models = models.GroupBy(m => m.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new ModelVersionSet(g.Key, g), StringComparer.Ordinal);
        Names = _models.Keys.Order(StringComparer.Ordinal).ToArray();
        All = Names.SelectMany(n => _models[n].Versions).ToArray();
        Generation = generation;
    }

    /// <summary>An empty snapshot.</summary>
    public static ModelSnapshot Empty { get; } = new([], 0);

    /// <summary>The model names, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Every loaded version of every model.</summary>
    public IReadOnlyList<ServedModel> All { get; }

    /// <summary>A number that grows with every swap.</summary>
    public long Generation { get; }

    /// <summary>The versions of model <paramref name="name"/>, or null.</summary>
    public ModelVersionSet? Find(string name) => _models.GetValueOrDefault(name);

    /// <summary>
    /// The model called <paramref name="name"/> at <paramref name="version"/> (the latest when null). Throws a 404
    /// <see cref="ServingException"/> naming what exists when there is no such model or version.
    /// </summary>
    public ServedModel Resolve(string name, string? version)
    {
        if (!_models.TryGetValue(name, out var set))
            throw ServingException.NotFound(Names.Count == 0
                ? $"model '{Truncate(name)}' is not loaded; no model is loaded"
                : $"model '{Truncate(name)}' is not loaded; loaded models: {string.Join(", ", Names.Take(20))}");
        if (version is null) return set.Latest;
        return set.Find(version) ?? throw ServingException.NotFound(
            $"model '{name}' has no version '{Truncate(version)}'; loaded versions: {string.Join(", ", set.Versions.Select(v => v.Version))}");
    }

    internal static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}

/// <summary>Orders versions: numeric ones numerically and after the others (so the highest number is the latest), the rest ordinally.</summary>
internal sealed class VersionComparer : IComparer<string>
{
    public static readonly VersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var nx = IsNumber(x);
        var ny = IsNumber(y);
        if (nx && ny)
        {
            var tx = x.TrimStart('0');
            var ty = y.TrimStart('0');
            var c = tx.Length.CompareTo(ty.Length);
            if (c != 0) return c;
            c = string.CompareOrdinal(tx, ty);
            return c != 0 ? c : string.CompareOrdinal(x, y);
        }
        if (nx) return 1;
        if (ny) return -1;
        return string.CompareOrdinal(x, y);
    }

    private static bool IsNumber(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
}
