using Augur.Data;
using Augur.Numerics;

namespace Augur;

/// <summary>Checks and conversions every estimator does on its inputs, with the same clear errors everywhere.</summary>
public static class ModelInputs
{
    /// <summary>Checks sample weights: one per row, finite, non-negative, not all zero. Returns null when none were given.</summary>
    public static double[]? CheckSampleWeight(double[]? sampleWeight, int rows)
    {
        if (sampleWeight is null) return null;
        if (sampleWeight.Length != rows)
            throw new AugurException($"{sampleWeight.Length} sample weights were given for {rows} rows");
        var sum = 0.0;
        for (var i = 0; i < sampleWeight.Length; i++)
        {
            var w = sampleWeight[i];
            if (!double.IsFinite(w) || w < 0) throw new AugurException($"sample weight {i} is {w}; weights must be finite and non-negative");
            sum += w;
        }
        if (sum <= 0) throw new AugurException("the sample weights are all zero");
        return sampleWeight;
    }

    /// <summary>Reads a regression target: present, numeric, one value per row, finite.</summary>
    public static double[] RegressionTarget(Column? y, int rows, string consumer)
    {
        if (y is null) throw new AugurException($"{consumer} needs a target column");
        if (y.Length != rows) throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {rows}");
        if (!y.IsNumeric) throw new AugurException($"{consumer} is a regressor and needs a numeric target, but '{y.Name}' holds {y.Type.ToName()} values");
        var values = y.ToDoubleArray();
        for (var i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new AugurException(double.IsNaN(values[i])
                    ? $"target column '{y.Name}' has missing values (first at row {i}); drop those rows first"
                    : $"target column '{y.Name}' holds an infinite value at row {i}");
        return values;
    }

    /// <summary>Reads a classification target: present, one label per row, none missing. Returns the sorted classes and each row's class index.</summary>
    public static (ClassLabels Classes, int[] Encoded) ClassificationTarget(Column? y, int rows, string consumer, int minClasses = 2)
    {
        if (y is null) throw new AugurException($"{consumer} needs a target column");
        if (y.Length != rows) throw new AugurException($"the target '{y.Name}' has {y.Length} rows but the features have {rows}");
        var classes = ClassLabels.Of(y);
        if (classes.Count < minClasses)
            throw new AugurException($"{consumer} needs at least {minClasses} classes in the target '{y.Name}', but it holds only {classes.Count} ({string.Join(", ", classes.Names)})");
        return (classes, classes.Encode(y));
    }

    /// <summary>The model's input columns from <paramref name="x"/> (by name, in training order) as a dense matrix.</summary>
    public static Matrix Features(this ModelSignature signature, Frame x, string consumer, bool allowMissing = false)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return signature.Conform(x, consumer).ToMatrix(allowMissing, consumer);
    }

    /// <summary>The task for a classifier with <paramref name="classes"/>.</summary>
    public static ModelTask ClassificationTask(ClassLabels classes) =>
        classes.Count <= 2 ? ModelTask.BinaryClassification : ModelTask.MulticlassClassification;
}
