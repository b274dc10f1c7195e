using Augur.NaiveBayes;

namespace Augur.Serialization
{
    public static partial class ModelRegistry
    {
        static partial void RegisterNaiveBayesModels()
        {
            Register(GaussianNBModel.KindName, GaussianNBModel.Load);
            Register(MultinomialNBModel.KindName, MultinomialNBModel.Load);
            Register(BernoulliNBModel.KindName, BernoulliNBModel.Load);
            Register(ComplementNBModel.KindName, ComplementNBModel.Load);
        }
    }
}

namespace Augur
{
    public static partial class EstimatorCatalog
    {
        static partial void RegisterNaiveBayesEstimators()
        {
            Register(new CatalogEntry("gaussian-nb", "Gaussian naive Bayes", Classifier: () => new GaussianNB()));
            Register(new CatalogEntry("multinomial-nb", "Multinomial naive Bayes for counts and tf-idf", Classifier: () => new MultinomialNB()));
            Register(new CatalogEntry("bernoulli-nb", "Bernoulli naive Bayes for binary features", Classifier: () => new BernoulliNB()));
            Register(new CatalogEntry("complement-nb", "Complement naive Bayes for imbalanced text", Classifier: () => new ComplementNB()));
        }
    }
}
