using Augur.Data;
using Augur.Numerics;

namespace Augur.Clustering;

/// <summary>Input checks and output helpers shared by the clusterers.</summary>
internal static class ClusteringInputs
{
    /// <summary>The name of the column of cluster labels that clusterers' <c>Predict</c> returns.</summary>
    public const string LabelColumn = "cluster";

    /// <summary>Reads the training features: numeric, no missing values, at least <paramref name="minRows"/> rows and one column.</summary>
    public static Matrix TrainingMatrix(Frame x, string consumer, int minRows = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount == 0) throw new AugurException($"{consumer} needs at least one feature column");
        if (x.RowCount < minRows)
            throw new AugurException($"{consumer} needs at least {minRows} rows to fit, but the data has {x.RowCount}");
        return x.ToMatrix(allowMissing: false, consumer);
    }

    /// <summary>Rejects sample weights for estimators that do not use them.</summary>
    public static void NoSampleWeight(double[]? sampleWeight, string consumer)
    {
        if (sampleWeight is not null)
            throw new AugurException($"{consumer} does not use sample weights; fit it without them");
    }

    /// <summary>A column of cluster labels.</summary>
    public static Int64Column LabelsColumn(ReadOnlySpan<int> labels)
    {
        var values = new long[labels.Length];
        for (var i = 0; i < values.Length; i++) values[i] = labels[i];
        return new Int64Column(LabelColumn, values);
    }

    /// <summary>Checks an explicit matrix option (initial centres or means): <paramref name="rows"/> × <paramref name="cols"/>, finite.</summary>
    public static double[] FlattenOption(double[][] values, int rows, int cols, string consumer, string option)
    {
        if (values.Length != rows)
            throw new AugurException($"{consumer} option '{option}' has {values.Length} rows but {rows} are needed (one per cluster)");
        var flat = new double[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            var row = values[r] ?? throw new AugurException($"{consumer} option '{option}' has a null row {r}");
            if (row.Length != cols)
                throw new AugurException($"{consumer} option '{option}' row {r} has {row.Length} values but the data has {cols} features");
            for (var j = 0; j < cols; j++)
            {
                if (!double.IsFinite(row[j])) throw new AugurException($"{consumer} option '{option}' holds a non-finite value in row {r}");
                flat[r * cols + j] = row[j];
            }
        }
        return flat;
    }

    /// <summary>Subtracts <paramref name="mean"/> from every row in place.</summary>
    public static void Center(Matrix m, double[] mean)
    {
        var chunks = new RowChunks(m.Rows, 1);
        chunks.For(KMeansCore.IsLarge(m.Rows, 1, m.Cols), c =>
        {
            for (var i = chunks.Start(c); i < chunks.End(c); i++)
                DeterministicOps.SubtractInPlace(m.Row(i), mean);
        });
    }

    /// <summary>Labels as a read-only list without copying.</summary>
    public static IReadOnlyList<int> ReadOnly(int[] labels) => Array.AsReadOnly(labels);
}
