using System.Collections.Concurrent;

namespace Augur.Serialization;

/// <summary>
/// The closed map from model kinds (the names written in model files) to the code that rebuilds them. A model file
/// can only name a kind; only code can add one (Augur's assemblies register theirs). This is what makes loading a
/// model file safe: nothing in the file picks a .NET type or runs code.
/// </summary>
public static partial class ModelRegistry
{
    private static readonly ConcurrentDictionary<string, Func<ModelReader, IModel>> s_loaders = new(StringComparer.Ordinal);

    static ModelRegistry() => RegisterCoreModels();

    /// <summary>Registers the loader of a model kind. Registering the same kind twice with different loaders is an error.</summary>
    public static void Register(string kind, Func<ModelReader, IModel> loader)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(loader);
        var existing = s_loaders.GetOrAdd(kind, loader);
        if (!ReferenceEquals(existing, loader) && existing.Method != loader.Method)
            throw new InvalidOperationException($"model kind '{kind}' is already registered");
    }

    /// <summary>True when <paramref name="kind"/> can be loaded.</summary>
    public static bool IsRegistered(string kind) => s_loaders.ContainsKey(kind);

    /// <summary>Every registered kind, sorted.</summary>
    public static IReadOnlyList<string> Kinds => s_loaders.Keys.Order(StringComparer.Ordinal).ToArray();

    internal static Func<ModelReader, IModel>? GetLoader(string kind) => s_loaders.TryGetValue(kind, out var l) ? l : null;
}
