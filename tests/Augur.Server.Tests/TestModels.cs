using System.Runtime.CompilerServices;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Server.Tests;

/// <summary>Registers the test model kinds once per test run.</summary>
internal static class TestModelRegistration
{
    [ModuleInitializer]
    internal static void Register()
    {
        ModelRegistry.Register(LinearTestModel.KindName, LinearTestModel.Load);
        ModelRegistry.Register(TestClassifier.KindName, TestClassifier.Load);
        ModelRegistry.Register(SlowTestModel.KindName, SlowTestModel.Load);
        ModelRegistry.Register(IdentityTransformer.KindName, IdentityTransformer.Load);
    }
}

/// <summary>y = intercept + Σ coef·x over numeric inputs (missing values count as 0 when allowed). The intercept tells versions apart.</summary>
internal sealed class LinearTestModel : IRegressor
{
    public const string KindName = "server_test_linear";

    public LinearTestModel(ModelSignature signature, double[] coef, double intercept)
    {
        Signature = signature;
        Coef = coef;
        Intercept = intercept;
    }

    public double[] Coef { get; }
    public double Intercept { get; }
    public string Kind => KindName;
    public ModelSignature Signature { get; }
    public ModelTask Task => ModelTask.Regression;

    /// <summary>A model over float64 inputs x1..xp.</summary>
    public static LinearTestModel Create(double intercept, int p = 3, bool allowsMissing = false)
    {
        var inputs = Enumerable.Range(1, p).Select(i => new InputColumn($"x{i}", ColumnType.Float64, allowsMissing)).ToArray();
        var coef = Enumerable.Range(1, p).Select(i => (double)i).ToArray();
        return new LinearTestModel(new ModelSignature { Inputs = inputs, Task = ModelTask.Regression, Target = "y" }, coef, intercept);
    }

    public double Expected(params double[] x)
    {
        var y = Intercept;
        for (var j = 0; j < Coef.Length; j++) y += Coef[j] * (double.IsNaN(x[j]) ? 0 : x[j]);
        return y;
    }

    public double[] PredictValues(Frame x)
    {
        var m = Signature.Features(x, "linear test model", allowMissing: true);
        var y = new double[m.Rows];
        for (var i = 0; i < m.Rows; i++)
        {
            var s = Intercept;
            var row = m.Row(i);
            for (var j = 0; j < Coef.Length; j++) s += Coef[j] * (double.IsNaN(row[j]) ? 0 : row[j]);
            y[i] = s;
        }
        return y;
    }

    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    public void Save(ModelWriter writer)
    {
        writer.Write("signature", Signature);
        writer.Write("coef", Coef);
        writer.Write("intercept", Intercept);
    }

    public static LinearTestModel Load(ModelReader reader)
    {
        var signature = reader.ReadSignature("signature");
        return new LinearTestModel(signature, reader.ReadDoubles("coef", signature.Inputs.Count), reader.ReadDouble("intercept"));
    }
}

/// <summary>
/// A logistic classifier over mixed inputs: age (float64, missing allowed, read as 0), visits (int64), member (bool) and
/// city (categorical; a city unseen in training adds nothing, as a one-hot encoder that ignores unknowns would).
/// Classes are the strings "no" and "yes".
/// </summary>
internal sealed class TestClassifier : IClassifier
{
    public const string KindName = "server_test_classifier";
    public static readonly string[] Cities = ["Lima", "Oslo", "Paris"];

    public TestClassifier(ModelSignature signature, double[] weights)
    {
        Signature = signature;
        Weights = weights;
        Classes = signature.Classes!;
    }

    public double[] Weights { get; }
    public string Kind => KindName;
    public ModelSignature Signature { get; }
    public ModelTask Task => ModelTask.BinaryClassification;
    public ClassLabels Classes { get; }

    public static TestClassifier Create(double bias = -1)
    {
        var inputs = new[]
        {
            new InputColumn("age", ColumnType.Float64, true),
            new InputColumn("visits", ColumnType.Int64, false),
            new InputColumn("member", ColumnType.Bool, false),
            new InputColumn("city", ColumnType.Categorical, false, Cities),
        };
        var classes = ClassLabels.FromSorted(new StringColumn("bought", ["no", "yes"]));
        return new TestClassifier(new ModelSignature { Inputs = inputs, Task = ModelTask.BinaryClassification, Target = "bought", Classes = classes },
            [bias, 0.02, 0.3, 0.8, -0.5, 0.4, 1.1]);
    }

    /// <summary>P(yes) for one row, computed independently of the frame path.</summary>
    public double ProbabilityYes(double? age, long visits, bool member, string city)
    {
        var s = Weights[0] + Weights[1] * (age ?? 0) + Weights[2] * visits + Weights[3] * (member ? 1 : 0);
        var c = Array.IndexOf(Cities, city);
        if (c >= 0) s += Weights[4 + c];
        return 1 / (1 + Math.Exp(-s));
    }

    public Matrix PredictProba(Frame x)
    {
        var f = Signature.Conform(x, "test classifier");
        var age = f["age"];
        var visits = f["visits"];
        var member = f["member"];
        var city = f["city"];
        var p = new Matrix(f.RowCount, 2);
        for (var i = 0; i < f.RowCount; i++)
        {
            var s = Weights[0] + Weights[1] * (age.IsMissing(i) ? 0 : age.GetDouble(i)) + Weights[2] * visits.GetDouble(i) + Weights[3] * member.GetDouble(i);
            var c = Array.IndexOf(Cities, city.Format(i));
            if (c >= 0) s += Weights[4 + c];
            var yes = 1 / (1 + Math.Exp(-s));
            p[i, 0] = 1 - yes;
            p[i, 1] = yes;
        }
        return p;
    }

    public Column Predict(Frame x)
    {
        var p = PredictProba(x);
        var k = new int[p.Rows];
        for (var i = 0; i < p.Rows; i++) k[i] = p[i, 1] >= 0.5 ? 1 : 0;
        return Classes.Decode(k);
    }

    public void Save(ModelWriter writer)
    {
        writer.Write("signature", Signature);
        writer.Write("weights", Weights);
    }

    public static TestClassifier Load(ModelReader reader) =>
        new(reader.ReadSignature("signature"), reader.ReadDoubles("weights", 7));
}

/// <summary>A regressor (y = 2x) whose predictions wait for <see cref="Gate"/>; used to hold requests in flight.</summary>
internal sealed class SlowTestModel : IRegressor
{
    public const string KindName = "server_test_slow";
    public static readonly SemaphoreSlim Entered = new(0);
    public static readonly ManualResetEventSlim Gate = new(true);

    public string Kind => KindName;
    public ModelSignature Signature { get; } = new()
    {
        Inputs = [new InputColumn("x", ColumnType.Float64, false)],
        Task = ModelTask.Regression,
    };
    public ModelTask Task => ModelTask.Regression;

    public double[] PredictValues(Frame x)
    {
        Entered.Release();
        Gate.Wait(TimeSpan.FromSeconds(30));
        return x["x"].ToDoubleArray().Select(v => 2 * v).ToArray();
    }

    public Column Predict(Frame x) => new Float64Column("prediction", PredictValues(x));

    public void Save(ModelWriter writer) => writer.Write("slow", true);

    public static SlowTestModel Load(ModelReader reader)
    {
        reader.Require(reader.ReadBoolean("slow"), "slow", "expected true");
        return new SlowTestModel();
    }
}

/// <summary>A transformer that returns its input: something a server must refuse to serve.</summary>
internal sealed class IdentityTransformer : ITransformerModel
{
    public const string KindName = "server_test_identity";

    public string Kind => KindName;
    public ModelSignature Signature { get; } = new() { Inputs = [new InputColumn("x", ColumnType.Float64, false)], Task = ModelTask.Transform };
    public IReadOnlyList<string> FeatureNamesOut => ["x"];
    public Frame Transform(Frame x) => Signature.Conform(x);
    public void Save(ModelWriter writer) => writer.Write("identity", true);
    public static IdentityTransformer Load(ModelReader reader) => new();
}
