using Augur.Boosting;
using Augur.Data;
using Augur.Linear;
using Augur.Numerics;
using Augur.Pipelines;
using Augur.Serialization;

namespace Augur.Tests.Serialization;

/// <summary>
/// The fuzz tests of <see cref="ModelFileFuzzTests"/> on real model files: an automatic-preprocessing pipeline with a
/// logistic regression, and a LightGBM booster (whose payload is model text parsed by native code).
/// </summary>
public sealed class RealModelFileFuzzTests
{
    private static readonly Lazy<(Frame X, IPredictor Model, byte[] Bytes)> s_pipeline = new(() =>
    {
        var (x, y) = TestData.LoadXy("breast_cancer.csv", "diagnosis");
        var model = (IPredictor)new Pipeline(new AutoPreprocessor(), new LogisticRegression()).Fit(x, y);
        return (x, model, Save(model));
    });

    private static readonly Lazy<(Frame X, IPredictor Model, byte[] Bytes)> s_booster = new(() =>
    {
        var (x, y) = TestData.LoadXy("wine.csv", "target");
        var model = new GradientBoostingClassifier { NEstimators = 15, NumLeaves = 7, NThreads = 1 }.Fit(x, y);
        return (x, model, Save(model));
    });

    private static byte[] Save(IModel model)
    {
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        return ms.ToArray();
    }

    private static void Check((Frame X, IPredictor Model, byte[] Bytes) original, byte[] bytes)
    {
        SavedModel loaded;
        try
        {
            loaded = ModelFile.Load(new MemoryStream(bytes));
        }
        catch (ModelFormatException)
        {
            return;
        }
        var model = Assert.IsAssignableFrom<IPredictor>(loaded.Model);
        Assert.True(original.Model.Predict(original.X).ContentEquals(model.Predict(original.X)), "a mutated file loaded but predicts differently");
    }

    private static void Mutate((Frame X, IPredictor Model, byte[] Bytes) original, int trials, long seed)
    {
        var rng = new Rng(seed);
        for (var t = 0; t < trials; t++)
        {
            var bytes = (byte[])original.Bytes.Clone();
            if (t % 5 == 0) bytes = bytes[..rng.NextInt(bytes.Length)];
            else
                for (var f = 1 + rng.NextInt(3); f > 0; f--)
                    bytes[rng.NextInt(bytes.Length)] ^= (byte)(1 << rng.NextInt(8));
            Check(original, bytes);
        }
    }

    [Fact]
    public void PipelineFileSurvivesMutations() => Mutate(s_pipeline.Value, 1500, 11);

    [Fact]
    public void BoosterFileSurvivesMutations() => Mutate(s_booster.Value, 1500, 12);

    [Fact]
    public void UnmutatedFilesPredictBitForBit()
    {
        Check(s_pipeline.Value, s_pipeline.Value.Bytes);
        Check(s_booster.Value, s_booster.Value.Bytes);
        Assert.IsType<ClassifierPipelineModel>(ModelFile.Load(new MemoryStream(s_pipeline.Value.Bytes)).Model);
    }
}
