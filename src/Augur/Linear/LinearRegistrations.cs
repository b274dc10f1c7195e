using Augur.Linear;

namespace Augur.Serialization
{
    public static partial class ModelRegistry
    {
        static partial void RegisterLinearModels()
        {
            Register(LinearRegressionModel.KindName, LinearRegressionModel.Load);
            Register(RidgeModel.KindName, RidgeModel.Load);
            Register(RidgeClassifierModel.KindName, RidgeClassifierModel.Load);
            Register(LassoModel.KindName, LassoModel.Load);
            Register(ElasticNetModel.KindName, ElasticNetModel.Load);
            Register(LogisticRegressionModel.KindName, LogisticRegressionModel.Load);
            Register(SgdClassifierModel.KindName, SgdClassifierModel.Load);
            Register(SgdRegressorModel.KindName, SgdRegressorModel.Load);
            Register(LinearSvcModel.KindName, LinearSvcModel.Load);
        }
    }
}

namespace Augur
{
    public static partial class EstimatorCatalog
    {
        static partial void RegisterLinearEstimators()
        {
            Register(new CatalogEntry("linear", "ordinary least squares", Regressor: () => new LinearRegression()));
            Register(new CatalogEntry("ridge", "least squares with an L2 penalty (ridge classifier for classification)",
                Classifier: () => new RidgeClassifier(), Regressor: () => new Ridge()));
            Register(new CatalogEntry("lasso", "least squares with an L1 penalty (coordinate descent)", Regressor: () => new Lasso()));
            Register(new CatalogEntry("elasticnet", "least squares with L1 and L2 penalties (coordinate descent)", Regressor: () => new ElasticNet()));
            Register(new CatalogEntry("logistic", "logistic regression (L-BFGS or SAGA)", Classifier: () => new LogisticRegression()));
            Register(new CatalogEntry("sgd", "linear models trained by stochastic gradient descent",
                Classifier: () => new SgdClassifier(), Regressor: () => new SgdRegressor()));
            Register(new CatalogEntry("linear-svc", "linear support vector classifier (dual coordinate descent)", Classifier: () => new LinearSvc()));
        }
    }
}
