namespace Augur;

public static partial class EstimatorCatalog
{
    // Each area of the core adds its --model names in its own file (for example Linear/LinearRegistrations.cs)
    // by implementing one of these partial methods.
    private static void RegisterCoreEstimators()
    {
        RegisterLinearEstimators();
        RegisterTreeEstimators();
        RegisterNeighborsEstimators();
        RegisterNaiveBayesEstimators();
        RegisterSvmEstimators();
        RegisterDecompositionEstimators();
        RegisterClusteringEstimators();
        RegisterBoostingEstimators();
    }

    static partial void RegisterLinearEstimators();
    static partial void RegisterTreeEstimators();
    static partial void RegisterNeighborsEstimators();
    static partial void RegisterNaiveBayesEstimators();
    static partial void RegisterSvmEstimators();
    static partial void RegisterDecompositionEstimators();
    static partial void RegisterClusteringEstimators();
    static partial void RegisterBoostingEstimators();
}
