using Augur.Pipelines;

namespace Augur.Serialization;

public static partial class ModelRegistry
{
    // Each area of the core registers its model kinds in its own file (for example Linear/LinearRegistrations.cs)
    // by implementing one of these partial methods; an area that does not implement its method registers nothing.
    private static void RegisterCoreModels()
    {
        Register(PipelineModel.KindName, PipelineModel.Load);
        RegisterPreprocessingModels();
        RegisterLinearModels();
        RegisterTreeModels();
        RegisterNeighborsModels();
        RegisterNaiveBayesModels();
        RegisterSvmModels();
        RegisterDecompositionModels();
        RegisterClusteringModels();
        RegisterCalibrationModels();
        RegisterFeatureSelectionModels();
        RegisterBoostingModels();
        RegisterModelSelectionModels();
    }

    static partial void RegisterPreprocessingModels();
    static partial void RegisterLinearModels();
    static partial void RegisterTreeModels();
    static partial void RegisterNeighborsModels();
    static partial void RegisterNaiveBayesModels();
    static partial void RegisterSvmModels();
    static partial void RegisterDecompositionModels();
    static partial void RegisterClusteringModels();
    static partial void RegisterCalibrationModels();
    static partial void RegisterFeatureSelectionModels();
    static partial void RegisterBoostingModels();
    static partial void RegisterModelSelectionModels();
}
