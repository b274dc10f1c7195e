using Augur.Decomposition;
using Augur.NaiveBayes;
using Augur.Neighbors;
using Augur.Pipelines;
using Augur.Serialization;
using Augur.Svm;

namespace Augur.Tests.Decomposition;

/// <summary>Catalog names, model kinds, snake_case options and pipelines for the neighbours, naive Bayes, SVM and decomposition areas.</summary>
public sealed class NbsvmCatalogTests
{
    [Theory]
    [InlineData("knn", ModelTask.MulticlassClassification, typeof(KNeighborsClassifier))]
    [InlineData("knn", ModelTask.Regression, typeof(KNeighborsRegressor))]
    [InlineData("gaussian-nb", ModelTask.BinaryClassification, typeof(GaussianNB))]
    [InlineData("multinomial-nb", ModelTask.MulticlassClassification, typeof(MultinomialNB))]
    [InlineData("bernoulli-nb", ModelTask.BinaryClassification, typeof(BernoulliNB))]
    [InlineData("complement-nb", ModelTask.MulticlassClassification, typeof(ComplementNB))]
    [InlineData("svm", ModelTask.BinaryClassification, typeof(Svc))]
    [InlineData("svm", ModelTask.Regression, typeof(Svr))]
    [InlineData("pca", ModelTask.Transform, typeof(Pca))]
    [InlineData("truncated-svd", ModelTask.Transform, typeof(TruncatedSvd))]
    public void CatalogNamesMakeTheRightEstimators(string name, ModelTask task, Type type) =>
        Assert.IsType(type, EstimatorCatalog.Create(name, task));

    [Fact]
    public void NaiveBayesHasNoRegressor() =>
        Assert.Contains("gaussian-nb", Assert.Throws<AugurException>(() => EstimatorCatalog.Create("gaussian-nb", ModelTask.Regression)).Message);

    [Fact]
    public void EveryModelKindIsRegistered()
    {
        foreach (var kind in new[] { "knn_classifier", "knn_regressor", "gaussian_nb", "multinomial_nb", "bernoulli_nb", "complement_nb", "svc", "svr", "pca", "truncated_svd" })
            Assert.True(ModelRegistry.IsRegistered(kind), kind);
    }

    [Fact]
    public void OptionsReadWellInSnakeCase()
    {
        var svc = EstimatorParameters.WithStrings(new Svc(), new Dictionary<string, string>
        {
            ["C"] = "10", ["kernel"] = "poly", ["gamma"] = "0.1", ["class_weight"] = "balanced", ["decision_function_shape"] = "ovo", ["cache_size"] = "50",
        });
        Assert.Equal(10, svc.C);
        Assert.Equal(SvmKernel.Poly, svc.Kernel);
        Assert.Equal("balanced", svc.ClassWeight);
        Assert.Equal(DecisionFunctionShape.Ovo, svc.DecisionFunctionShape);
        var knn = EstimatorParameters.WithStrings(new KNeighborsClassifier(), new Dictionary<string, string> { ["n_neighbors"] = "7", ["algorithm"] = "kd_tree", ["weights"] = "distance", ["leaf_size"] = "10" });
        Assert.Equal((7, NeighborAlgorithm.KdTree, NeighborWeights.Distance, 10), (knn.NNeighbors, knn.Algorithm, knn.Weights, knn.LeafSize));
        var pca = EstimatorParameters.WithStrings(new Pca(), new Dictionary<string, string> { ["n_components"] = "0.9", ["svd_solver"] = "randomized", ["power_iteration_normalizer"] = "qr" });
        Assert.Equal((0.9, PcaSolver.Randomized, PowerIterationNormalizer.QR), (pca.NComponents!.Value, pca.SvdSolver, pca.PowerIterationNormalizer));
        var nb = EstimatorParameters.WithStrings(new GaussianNB(), new Dictionary<string, string> { ["var_smoothing"] = "1e-6", ["priors"] = "[0.5, 0.5]" });
        Assert.Equal(1e-6, nb.VarSmoothing);
        Assert.Equal([0.5, 0.5], nb.Priors!);
        Assert.Contains("n_neighbors", EstimatorParameters.Describe(new KNeighborsRegressor()).Select(p => p.Name));
        Assert.Throws<UnknownParameterException>(() => EstimatorParameters.WithStrings(new Svr(), new Dictionary<string, string> { ["gama"] = "1" }));
    }

    [Fact]
    public void PcaFeedsAClassifierInAPipelineAndRoundTrips()
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var (xtr, ytr, xte, _) = Nbsvm.Split(Nbsvm.Standardize(x), y);
        var weights = Enumerable.Range(0, xtr.RowCount).Select(i => 1.0 + i % 2).ToArray();
        var model = new Pipeline(new Pca { NComponents = 5 }, new Svc { Probability = true }).Fit(xtr, ytr, weights);
        var classifier = Assert.IsAssignableFrom<IClassifier>(model);
        Assert.Equal(["pca0", "pca1", "pca2", "pca3", "pca4"], model.FinalFeatureNames.ToArray());
        var loaded = Assert.IsAssignableFrom<IClassifier>(Nbsvm.RoundTrip<PipelineModel>(model));
        Nbsvm.BitEqual(classifier.PredictProba(xte), loaded.PredictProba(xte));
        var accuracy = Enumerable.Range(0, xte.RowCount).Count(i => classifier.Predict(xte).Format(i) == Nbsvm.Split(x, y).YTest.Format(i)) / (double)xte.RowCount;
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
    }
}
