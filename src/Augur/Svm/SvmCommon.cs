using System.Globalization;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Svm;

/// <summary>The shape of <see cref="SvcModel.DecisionFunction"/> for more than two classes.</summary>
public enum DecisionFunctionShape
{
    /// <summary>One column per class: votes plus a bounded confidence term (scikit-learn's default).</summary>
    Ovr,
    /// <summary>One column per pair of classes (i, j), i &lt; j, positive favouring class i (libsvm's raw values).</summary>
    Ovo,
}

/// <summary>Checks and helpers shared by <see cref="Svc"/> and <see cref="Svr"/>.</summary>
internal static class SvmCommon
{
    public static void CheckOptions(string model, double c, double tol, double cacheSize, int degree, SvmKernel kernel)
    {
        if (!(c > 0) || !double.IsFinite(c)) throw new AugurException($"{model} option 'C' must be a positive number, not {c}");
        if (!(tol > 0) || !double.IsFinite(tol)) throw new AugurException($"{model} option 'tol' must be a positive number, not {tol}");
        if (!(cacheSize > 0) || !double.IsFinite(cacheSize)) throw new AugurException($"{model} option 'cache_size' must be a positive number of megabytes, not {cacheSize}");
        if (degree < 0) throw new AugurException($"{model} option 'degree' must be non-negative, not {degree}");
        if (!Enum.IsDefined(kernel)) throw new AugurException($"{model} option 'kernel' has an unknown value {kernel}");
    }

    /// <summary>
    /// Per-class weights from <c>balanced</c> (n_samples / (n_classes · count)) or <c>label:weight,…</c> (unlisted classes
    /// weigh 1); null means all 1.
    /// </summary>
    public static double[] ClassWeights(string? spec, ClassLabels classes, int[] encoded, string model)
    {
        var k = classes.Count;
        var w = Enumerable.Repeat(1.0, k).ToArray();
        if (string.IsNullOrWhiteSpace(spec) || spec.Trim() is "none" or "None") return w;
        var text = spec.Trim();
        if (text.Equals("balanced", StringComparison.OrdinalIgnoreCase))
        {
            var counts = new int[k];
            foreach (var c in encoded) counts[c]++;
            for (var c = 0; c < k; c++) w[c] = counts[c] == 0 ? 1.0 : encoded.Length / (double)(k * counts[c]);
            return w;
        }
        foreach (var part in text.Trim('{', '}').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || !double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0)
                throw new AugurException($"{model} option 'class_weight' must be 'balanced' or label:weight pairs such as '0:1,1:5'; '{part}' is not");
            var label = part[..colon].Trim().Trim('"', '\'');
            var index = classes.IndexOf(label);
            if (index < 0) throw new AugurException($"{model} option 'class_weight' names label '{label}', which is not one of the classes ({string.Join(", ", classes.Names)})");
            w[index] = v;
        }
        return w;
    }

    /// <summary>The rows (ascending) whose weight is positive; all rows when there are no weights.</summary>
    public static int[] PositiveRows(double[]? weights, int n) =>
        weights is null ? Enumerable.Range(0, n).ToArray() : Enumerable.Range(0, n).Where(i => weights[i] > 0).ToArray();

    public static double CacheMegabytesPerSolver(double total, int concurrent) => Math.Max(total / Math.Max(1, concurrent), Math.Min(total, 16.0));

    /// <summary>Reads the training matrix of an SVM: numeric, no missing values, at least one row.</summary>
    public static Matrix ReadTraining(Frame x, string model)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.RowCount == 0) throw new AugurException($"{model} needs at least one row to fit");
        if (x.ColumnCount == 0) throw new AugurException($"{model} needs at least one feature column");
        return x.ToMatrix(false, model);
    }
}
