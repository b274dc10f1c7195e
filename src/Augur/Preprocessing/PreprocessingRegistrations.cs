using Augur.Pipelines;
using Augur.Preprocessing;

namespace Augur.Serialization;

public static partial class ModelRegistry
{
    static partial void RegisterPreprocessingModels()
    {
        Register(StandardScalerModel.KindName, StandardScalerModel.Load);
        Register(MinMaxScalerModel.KindName, MinMaxScalerModel.Load);
        Register(MaxAbsScalerModel.KindName, MaxAbsScalerModel.Load);
        Register(RobustScalerModel.KindName, RobustScalerModel.Load);
        Register(OneHotEncoderModel.KindName, OneHotEncoderModel.Load);
        Register(OrdinalEncoderModel.KindName, OrdinalEncoderModel.Load);
        Register(SimpleImputerModel.KindName, SimpleImputerModel.Load);
        Register(KBinsDiscretizerModel.KindName, KBinsDiscretizerModel.Load);
        Register(PolynomialFeaturesModel.KindName, PolynomialFeaturesModel.Load);
        Register(DateTimeFeaturesModel.KindName, DateTimeFeaturesModel.Load);
        Register(CountVectorizerModel.KindName, CountVectorizerModel.Load);
        Register(TfidfVectorizerModel.KindName, TfidfVectorizerModel.Load);
        // The column-routing transformers of Augur.Pipelines are registered with this area.
        Register(PassthroughModel.KindName, PassthroughModel.Load);
        Register(ColumnTransformerModel.KindName, ColumnTransformerModel.Load);
        Register(AutoPreprocessorModel.KindName, AutoPreprocessorModel.Load);
    }
}
