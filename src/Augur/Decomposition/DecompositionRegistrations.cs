using Augur.Decomposition;

namespace Augur.Serialization
{
    public static partial class ModelRegistry
    {
        static partial void RegisterDecompositionModels()
        {
            Register(PcaModel.KindName, PcaModel.Load);
            Register(TruncatedSvdModel.KindName, TruncatedSvdModel.Load);
        }
    }
}

namespace Augur
{
    public static partial class EstimatorCatalog
    {
        static partial void RegisterDecompositionEstimators()
        {
            Register(new CatalogEntry("pca", "Principal component analysis", Unsupervised: () => new Pca()));
            Register(new CatalogEntry("truncated-svd", "Truncated SVD (latent semantic analysis), sparse-friendly", Unsupervised: () => new TruncatedSvd()));
        }
    }
}
