using Augur.Data;

namespace Augur.Training;

/// <summary>Decides whether a target column calls for classification or regression (as scikit-learn's <c>type_of_target</c> would).</summary>
public static class TaskInference
{
    /// <summary>The largest number of distinct integer values a numeric target may have and still be treated as class labels.</summary>
    public const int MaxIntegerClasses = 20;

    /// <summary>
    /// Text, categorical and bool targets are classification (binary with two labels). Numeric targets are
    /// classification when every value is an integer and there are at most <see cref="MaxIntegerClasses"/> distinct
    /// values (and fewer than half as many as rows); otherwise regression. Missing values are ignored.
    /// </summary>
    public static ModelTask Infer(Column target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var present = target.Length - target.MissingCount;
        if (present == 0) throw new AugurException($"target column '{target.Name}' has no values");
        if (!target.IsNumeric || target.Type == ColumnType.Bool)
        {
            if (target.Type == ColumnType.DateTime) throw new AugurException($"target column '{target.Name}' holds dates; Augur cannot predict a date column directly");
            return Classification(CountDistinct(target));
        }
        var distinct = new HashSet<double>();
        for (var i = 0; i < target.Length; i++)
        {
            var v = target.GetDouble(i);
            if (double.IsNaN(v)) continue;
            if (v != Math.Floor(v) || double.IsInfinity(v)) return ModelTask.Regression;
            if (distinct.Add(v) && distinct.Count > MaxIntegerClasses) return ModelTask.Regression;
        }
        if (distinct.Count < 2) throw new AugurException($"target column '{target.Name}' holds a single value; there is nothing to learn");
        return distinct.Count * 2 > present ? ModelTask.Regression : Classification(distinct.Count);
    }

    /// <summary>Parses <c>auto</c>, <c>classification</c> or <c>regression</c> (as given to <c>--task</c>); <c>auto</c> infers from the target.</summary>
    public static ModelTask Resolve(string task, Column target) => task.Trim().ToLowerInvariant() switch
    {
        "auto" or "" => Infer(target),
        "classification" or "classify" or "classifier" => Classification(CountDistinct(target)),
        "regression" or "regress" or "regressor" => target.IsNumeric ? ModelTask.Regression
            : throw new AugurException($"target column '{target.Name}' holds {target.Type.ToName()} values; regression needs a numeric target"),
        _ => throw new AugurException($"unknown task '{task}'; use auto, classification or regression"),
    };

    private static ModelTask Classification(int classes)
    {
        if (classes < 2) throw new AugurException("the target holds a single class; a classifier needs at least two");
        return classes == 2 ? ModelTask.BinaryClassification : ModelTask.MulticlassClassification;
    }

    private static int CountDistinct(Column c)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < c.Length; i++) if (!c.IsMissing(i)) set.Add(c.Format(i));
        return set.Count;
    }
}
