using Augur.Svm;

namespace Augur.Serialization
{
    public static partial class ModelRegistry
    {
        static partial void RegisterSvmModels()
        {
            Register(SvcModel.KindName, SvcModel.Load);
            Register(SvrModel.KindName, SvrModel.Load);
        }
    }
}

namespace Augur
{
    public static partial class EstimatorCatalog
    {
        static partial void RegisterSvmEstimators() =>
            Register(new CatalogEntry("svm", "Kernel support vector machine (SVC / SVR)",
                Classifier: () => new Svc(),
                Regressor: () => new Svr()));
    }
}
