using Augur.Boosting;

namespace Augur.Serialization
{
    public static partial class ModelRegistry
    {
        static partial void RegisterBoostingModels()
        {
            Register(GradientBoostingClassifierModel.KindName, GradientBoostingClassifierModel.Load);
            Register(GradientBoostingRegressorModel.KindName, GradientBoostingRegressorModel.Load);
            Register(GradientBoostingRankerModel.KindName, GradientBoostingRankerModel.Load);
        }
    }
}

namespace Augur
{
    public static partial class EstimatorCatalog
    {
        static partial void RegisterBoostingEstimators()
        {
            Register(new CatalogEntry(
                "gbdt",
                "gradient-boosted trees (LightGBM)",
                Classifier: () => new GradientBoostingClassifier(),
                Regressor: () => new GradientBoostingRegressor()));
            Register(new CatalogEntry(
                "gbdt-rf",
                "random forest on LightGBM (bagged trees, boosting_type=rf)",
                Classifier: GradientBoostingClassifier.RandomForest,
                Regressor: GradientBoostingRegressor.RandomForest));
            Register(new CatalogEntry(
                "gbdt-rank",
                "learning to rank with LightGBM lambdarank (needs a query group column: group_column)",
                Ranker: () => new GradientBoostingRanker()));
        }
    }
}
