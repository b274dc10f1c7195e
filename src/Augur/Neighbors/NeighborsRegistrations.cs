using Augur.Neighbors;

namespace Augur.Serialization
{
    public static partial class ModelRegistry
    {
        static partial void RegisterNeighborsModels()
        {
            Register(KNeighborsClassifierModel.KindName, KNeighborsClassifierModel.Load);
            Register(KNeighborsRegressorModel.KindName, KNeighborsRegressorModel.Load);
        }
    }
}

namespace Augur
{
    public static partial class EstimatorCatalog
    {
        static partial void RegisterNeighborsEstimators() =>
            Register(new CatalogEntry("knn", "k-nearest neighbours",
                Classifier: () => new KNeighborsClassifier(),
                Regressor: () => new KNeighborsRegressor()));
    }
}
