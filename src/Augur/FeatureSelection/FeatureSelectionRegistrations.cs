using Augur.FeatureSelection;

namespace Augur.Serialization;

public static partial class ModelRegistry
{
    static partial void RegisterFeatureSelectionModels()
    {
        Register(VarianceThresholdModel.KindName, VarianceThresholdModel.Load);
        Register(SelectKBestModel.KindName, SelectKBestModel.Load);
        Register(SelectPercentileModel.KindName, SelectPercentileModel.Load);
    }
}
