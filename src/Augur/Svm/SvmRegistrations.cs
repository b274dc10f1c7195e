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
            // From the command line the classifier reports AUC and log loss, so it estimates probabilities (Platt scaling).
            Register(new CatalogEntry("svm", "Kernel support vector machine (SVC with probabilities / SVR)",
                Classifier: () => new Svc { Probability = true },
                Regressor: () => new Svr()));
    }
}
