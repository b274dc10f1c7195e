using Augur.Calibration;

namespace Augur.Serialization;

public static partial class ModelRegistry
{
    static partial void RegisterCalibrationModels()
    {
        Register(IsotonicRegressionModel.KindName, IsotonicRegressionModel.Load);
        Register(CalibratedClassifierCVModel.KindName, CalibratedClassifierCVModel.Load);
        Register(CalibratedClassifier.KindName, CalibratedClassifier.Load);
    }
}
