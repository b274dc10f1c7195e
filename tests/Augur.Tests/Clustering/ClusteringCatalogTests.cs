using Augur.Calibration;
using Augur.Clustering;
using Augur.Pipelines;
using Augur.Serialization;
using static Augur.Tests.Clustering.ClusteringTestHelpers;

namespace Augur.Tests.Clustering;

public sealed class ClusteringCatalogTests
{
    [Theory]
    [InlineData("kmeans", typeof(KMeans))]
    [InlineData("minibatch-kmeans", typeof(MiniBatchKMeans))]
    [InlineData("dbscan", typeof(Dbscan))]
    [InlineData("agglomerative", typeof(AgglomerativeClustering))]
    [InlineData("gmm", typeof(GaussianMixture))]
    public void CatalogNamesMakeUnsupervisedEstimators(string name, Type type)
    {
        var estimator = EstimatorCatalog.Create(name, ModelTask.Clustering);
        Assert.IsType(type, estimator);
        Assert.Contains(name, EstimatorCatalog.Supporting(ModelTask.Clustering));
        var x = ToFrame(Blobs(60, 2, 3, seed: 1));
        var model = Assert.IsAssignableFrom<IPredictor>(estimator.Fit(x));
        Assert.Equal(ModelTask.Clustering, model.Task);
        var labels = model.Predict(x);
        Assert.Equal(x.RowCount, labels.Length);
        Assert.Equal("cluster", labels.Name);
        var loaded = Assert.IsAssignableFrom<IPredictor>(RoundTrip(model));
        Assert.Equal(Labels(labels), Labels(loaded.Predict(x)));
    }

    [Fact]
    public void OptionsAreSettableBySnakeCaseName()
    {
        var km = EstimatorParameters.WithStrings(new KMeans(), [new("n_clusters", "3"), new("algorithm", "elkan"), new("n_init", "none")]);
        Assert.Equal(3, km.NClusters);
        Assert.Equal(KMeansAlgorithm.Elkan, km.Algorithm);
        Assert.Null(km.NInit);
        var gmm = EstimatorParameters.WithStrings(new GaussianMixture(), [new("covariance_type", "diag"), new("n_components", "4")]);
        Assert.Equal(CovarianceType.Diag, gmm.CovarianceType);
        var ag = EstimatorParameters.WithStrings(new AgglomerativeClustering(), [new("linkage", "average"), new("metric", "cosine")]);
        Assert.Equal(LinkageMethod.Average, ag.Linkage);
        Assert.Throws<UnknownParameterException>(() => EstimatorParameters.WithStrings(new Dbscan(), [new("n_clusters", "3")]));
    }

    [Fact]
    public void EveryKindIsRegistered()
    {
        foreach (var kind in new[]
                 {
                     KMeansModel.KindName, MiniBatchKMeansModel.KindName, DbscanModel.KindName, AgglomerativeClusteringModel.KindName,
                     GaussianMixtureModel.KindName, IsotonicRegressionModel.KindName, CalibratedClassifierCVModel.KindName, CalibratedClassifier.KindName,
                 })
            Assert.True(ModelRegistry.IsRegistered(kind), kind);
    }

    [Fact]
    public void KMeansWorksAsAPipelineTransformerAndFinalStep()
    {
        var x = ToFrame(Blobs(90, 3, 3, seed: 2));
        var pipeline = new Pipeline(new KMeans { NClusters = 3 }, new GaussianMixture { NComponents = 2 }).Fit(x);
        Assert.Equal(["kmeans0", "kmeans1", "kmeans2"], pipeline.TransformFeatures(x).ColumnNames);
        var predictor = Assert.IsAssignableFrom<IPredictor>(pipeline);
        Assert.Equal(x.RowCount, predictor.Predict(x).Length);
    }
}
