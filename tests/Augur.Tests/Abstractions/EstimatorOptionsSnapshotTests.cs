using System.Text;

namespace Augur.Tests.Abstractions;

/// <summary>
/// Pins the option surface of every public estimator (snake_case names, types and default values as
/// <see cref="EstimatorParameters.Describe"/> reports them) and of every catalog entry, so that refactoring cannot
/// silently rename, drop or re-default an option that <c>--set</c>, search spaces and model cards rely on.
/// After a deliberate change, regenerate the snapshot with <c>AUGUR_UPDATE_SNAPSHOTS=1 dotnet test --filter EstimatorOptionsSnapshotTests</c>
/// and review its diff.
/// </summary>
public sealed class EstimatorOptionsSnapshotTests
{
    private static string SnapshotPath => Path.Combine(TestData.RepoRoot, "tests", "Augur.Tests", "Abstractions", "estimator-options.snapshot.txt");

    [Fact]
    public void OptionsOfEveryEstimatorMatchTheSnapshot()
    {
        var actual = Describe();
        if (Environment.GetEnvironmentVariable("AUGUR_UPDATE_SNAPSHOTS") == "1") File.WriteAllText(SnapshotPath, actual);
        var expected = File.ReadAllText(SnapshotPath).ReplaceLineEndings("\n");
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var missing = expectedLines.Except(actualLines).Take(10).ToArray();
        var added = actualLines.Except(expectedLines).Take(10).ToArray();
        Assert.True(expected == actual,
            $"estimator options differ from {SnapshotPath}\nonly in the snapshot:\n  {string.Join("\n  ", missing)}\nonly now:\n  {string.Join("\n  ", added)}");
    }

    [Fact]
    public void EveryCatalogEstimatorIsInTheSnapshot()
    {
        var described = Describe();
        foreach (var entry in EstimatorCatalog.Entries)
            foreach (var make in new[] { entry.Classifier, entry.Regressor, entry.Unsupervised, entry.Ranker })
                if (make is not null) Assert.Contains("estimator " + make().GetType().FullName + "\n", described, StringComparison.Ordinal);
    }

    private static string Describe()
    {
        var sb = new StringBuilder();
        var estimators = typeof(IModel).Assembly.GetExportedTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEstimator<>)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in estimators)
        {
            var instance = Create(type);
            sb.Append("estimator ").Append(type.FullName).Append('\n');
            if (instance is null) { sb.Append("  (no default instance)\n"); continue; }
            foreach (var p in EstimatorParameters.Describe(instance))
                sb.Append("  ").Append(p.Name).Append(" : ").Append(TypeName(p.Type)).Append(" = ").Append(Render(p.Value)).Append('\n');
        }
        foreach (var e in EstimatorCatalog.Entries)
        {
            sb.Append("catalog ").Append(e.Name).Append(": ").Append(e.Description).Append('\n');
            foreach (var (task, make) in new[] { ("classifier", e.Classifier), ("regressor", e.Regressor), ("unsupervised", e.Unsupervised), ("ranker", e.Ranker) })
                if (make is not null) sb.Append("  ").Append(task).Append(" = ").Append(make().GetType().FullName).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A default instance: the parameterless constructor, or a wrapper around a stand-in inner estimator.</summary>
    private static object? Create(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is { } plain) return plain.Invoke(null);
        var wrapping = type.GetConstructors().FirstOrDefault(c => c.GetParameters() is [{ ParameterType: var p }] && p == typeof(IEstimator<IModel>));
        return wrapping?.Invoke([new Augur.Linear.Ridge()]);
    }

    private static string TypeName(Type t) =>
        t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>" : t.Name;

    private static string Render(object? value) => value switch
    {
        null or IFormattable or bool or string or Enum or System.Collections.IEnumerable => EstimatorParameters.FormatValue(value),
        _ => "<" + value.GetType().Name + ">",
    };
}
