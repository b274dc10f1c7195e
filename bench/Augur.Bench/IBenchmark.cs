namespace Augur.Bench;

/// <summary>
/// One benchmark: runs Augur and the Python reference on the same data in the same run and reports ratios.
/// Implementations are discovered by reflection; run one with <c>dotnet run -c Release --project bench/Augur.Bench -- NAME</c>.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name used on the command line (for example <c>csv</c>).</summary>
    string Name { get; }

    /// <summary>One line saying what is measured.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark; writes its markdown section through <paramref name="context"/>.</summary>
    void Run(BenchContext context);
}
