using Augur.Data;
using Augur.Serialization;

namespace Augur.Tests.Serialization;

public sealed class ModelFileTests
{
    static ModelFileTests() => ProbeModel.EnsureRegistered();

    private static (Frame X, Column Y) Data()
    {
        var x = new Frame(
            new Float64Column("a", [1.0, 2.5, -3.0]),
            new Int64Column("b", [1, 2, 3], [false, true, false]),
            new CategoricalColumn("c", [0, 1, -1], ["lo", "hi"]));
        return (x.Select("a"), new Float64Column("y", [1.0, 2.0, 3.0]));
    }

    [Fact]
    public void SaveThenLoadPredictsBitForBit()
    {
        var (x, y) = Data();
        var model = ProbeModel.Fit(x, y);
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms, new ModelCard { Name = "probe", Metrics = new Dictionary<string, double> { ["r2"] = 0.5 } });
        ms.Position = 0;
        var loaded = ModelFile.Load(ms);
        var m = Assert.IsType<ProbeModel>(loaded.Model);
        Assert.Equal(model.PredictValues(x), m.PredictValues(x));
        Assert.Equal(model.Coef, m.Coef);
        Assert.Equal(BitConverter.DoubleToInt64Bits(model.Matrix[1, 0]), BitConverter.DoubleToInt64Bits(m.Matrix[1, 0]));
        Assert.Equal(model.Names, m.Names);
        Assert.Equal("probe", loaded.Card.Name);
        Assert.Equal(0.5, loaded.Card.Metrics!["r2"]);
        Assert.Equal(["a"], loaded.Signature.InputNames);
    }

    [Fact]
    public void NonZipIsRejectedClearly()
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream("hello world"u8.ToArray())));
        Assert.Contains("not an Augur model file", e.Message);
    }
}
