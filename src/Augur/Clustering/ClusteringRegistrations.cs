using Augur.Clustering;

namespace Augur.Serialization
{
    public static partial class ModelRegistry
    {
        static partial void RegisterClusteringModels()
        {
            Register(KMeansModel.KindName, KMeansModel.Load);
            Register(MiniBatchKMeansModel.KindName, MiniBatchKMeansModel.Load);
            Register(DbscanModel.KindName, DbscanModel.Load);
            Register(AgglomerativeClusteringModel.KindName, AgglomerativeClusteringModel.Load);
            Register(GaussianMixtureModel.KindName, GaussianMixtureModel.Load);
        }
    }
}

namespace Augur
{
    public static partial class EstimatorCatalog
    {
        static partial void RegisterClusteringEstimators()
        {
            Register(new CatalogEntry("kmeans", "k-means clustering (k-means++ initialisation, Lloyd or Elkan iterations)", Unsupervised: () => new KMeans()));
            Register(new CatalogEntry("minibatch-kmeans", "mini-batch k-means clustering for large data", Unsupervised: () => new MiniBatchKMeans()));
            Register(new CatalogEntry("dbscan", "density-based clustering (DBSCAN); noise is labelled -1", Unsupervised: () => new Dbscan()));
            Register(new CatalogEntry("agglomerative", "hierarchical agglomerative clustering (ward, complete, average or single linkage)", Unsupervised: () => new AgglomerativeClustering()));
            Register(new CatalogEntry("gmm", "Gaussian mixture model fitted by EM", Unsupervised: () => new GaussianMixture()));
        }
    }
}
