using Augur.FeatureSelection;

namespace Augur.Serialization;

public static partial class ModelRegistry
{
    static partial void RegisterModelSelectionModels()
    {
        Register(SelectFromModelModel.KindName, SelectFromModelModel.Load);
        Register(RfeModel.KindName, RfeModel.Load);
    }
}
