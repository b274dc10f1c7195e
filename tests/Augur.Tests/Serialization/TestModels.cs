using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Serialization;

/// <summary>A small model used to exercise the model file: predicts a fixed linear function and carries every field type.</summary>
internal sealed class ProbeModel : IRegressor
{
    public const string KindName = "test_probe";

    static ProbeModel() => ModelRegistry.Register(KindName, Load);

    public static void EnsureRegistered() => ModelRegistry.Register(KindName, Load);

    public ProbeModel(ModelSignature signature, double[] coef, double intercept, Column extra, Matrix matrix, string?[] names)
    {
        Signature = signature;
        Coef = coef;
        Intercept = intercept;
        Extra = extra;
        Matrix = matrix;
        Names = names;
    }

    public double[] Coef { get; }
    public double Intercept { get; }
    public Column Extra { get; }
    public Matrix Matrix { get; }
    public string?[] Names { get; }
    public string Kind => KindName;
    public ModelSignature Signature { get; }
    public ModelTask Task => ModelTask.Regression;

    public double[] PredictValues(Frame x)
    {
        var m = Signature.Features(x, "probe");
        var y = new double[m.Rows];
        for (var i = 0; i < m.Rows; i++)
        {
            y[i] = Intercept;
            for (var j = 0; j < m.Cols; j++) y[i] += Coef[j] * m[i, j];
        }
        return y;
    }

    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    public void Save(ModelWriter writer)
    {
        writer.Write("signature", Signature);
        writer.Write("coef", Coef);
        writer.Write("intercept", Intercept);
        writer.Write("extra", Extra);
        writer.Write("matrix", Matrix);
        writer.Write("names", Names);
        writer.Write("nan", double.NaN);
    }

    public static ProbeModel Load(ModelReader reader)
    {
        var signature = reader.ReadSignature("signature");
        var coef = reader.ReadDoubles("coef", signature.Inputs.Count);
        reader.Require(double.IsNaN(reader.ReadDouble("nan")), "nan", "expected NaN");
        return new ProbeModel(signature, coef, reader.ReadDouble("intercept"), reader.ReadColumn("extra"), reader.ReadMatrix("matrix"), reader.ReadStrings("names"));
    }

    public static ProbeModel Fit(Frame x, Column y)
    {
        var coef = Enumerable.Range(0, x.ColumnCount).Select(j => 0.5 + j * 0.1 + 1e-17).ToArray();
        return new ProbeModel(ModelSignature.Infer(x, ModelTask.Regression, false, y), coef, Math.PI, x[0], Matrix.FromArray(new[,] { { 1.0, double.NaN }, { -0.0, double.Epsilon } }), ["a", null, "ü"]);
    }
}
