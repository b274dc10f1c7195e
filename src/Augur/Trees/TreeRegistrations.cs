using Augur.Ensemble;
using Augur.Serialization;
using Augur.Trees;

namespace Augur.Serialization
{
    public static partial class ModelRegistry
    {
        static partial void RegisterTreeModels()
        {
            Register(DecisionTreeClassifierModel.KindName, DecisionTreeClassifierModel.Load);
            Register(DecisionTreeRegressorModel.KindName, DecisionTreeRegressorModel.Load);
            Register(RandomForestClassifierModel.KindName, RandomForestClassifierModel.Load);
            Register(RandomForestRegressorModel.KindName, RandomForestRegressorModel.Load);
            Register(ExtraTreesClassifierModel.KindName, ExtraTreesClassifierModel.Load);
            Register(ExtraTreesRegressorModel.KindName, ExtraTreesRegressorModel.Load);
        }
    }
}

namespace Augur
{
    public static partial class EstimatorCatalog
    {
        static partial void RegisterTreeEstimators()
        {
            Register(new CatalogEntry("tree", "CART decision tree (exact splits, scikit-learn compatible)",
                Classifier: () => new DecisionTreeClassifier(), Regressor: () => new DecisionTreeRegressor()));
            Register(new CatalogEntry("forest", "random forest of bootstrap-sampled CART trees",
                Classifier: () => new RandomForestClassifier(), Regressor: () => new RandomForestRegressor()));
            Register(new CatalogEntry("extra-trees", "extremely randomized trees (random thresholds)",
                Classifier: () => new ExtraTreesClassifier(), Regressor: () => new ExtraTreesRegressor()));
        }
    }
}
