using Augur.Numerics;

namespace Augur.Data;

public sealed partial class Frame
{
    /// <summary>True when at least one column is stored sparsely.</summary>
    public bool HasSparseColumns => _columns.Any(c => c.Type == ColumnType.Sparse);

    /// <summary>
    /// The frame as a dense row-major matrix (one row per row, one column per column), for models. Every column must be
    /// numeric (float64, int64, bool or sparse); unless <paramref name="allowMissing"/> is set, no value may be missing.
    /// Errors name the column and, through <paramref name="consumer"/>, the model that needed it.
    /// </summary>
    public Matrix ToMatrix(bool allowMissing = false, string? consumer = null)
    {
        CheckNumeric(allowMissing, consumer);
        var n = RowCount;
        var p = _columns.Length;
        var m = new Matrix(n, p);
        var data = m.Data;
        // Column-major columns into a row-major matrix: fill in column blocks so writes stay cache-friendly.
        void FillColumn(int j)
        {
            var c = _columns[j];
            switch (c)
            {
                case Float64Column f:
                {
                    var v = f.Values;
                    for (var i = 0; i < n; i++) data[i * p + j] = v[i];
                    break;
                }
                case SparseColumn s:
                {
                    var rows = s.Rows;
                    var vals = s.StoredValues;
                    for (var k = 0; k < rows.Length; k++) data[rows[k] * p + j] = vals[k];
                    break;
                }
                default:
                    for (var i = 0; i < n; i++) data[i * p + j] = c.GetDouble(i);
                    break;
            }
        }
        if ((long)n * p < DenseOps.ParallelThreshold) for (var j = 0; j < p; j++) FillColumn(j);
        else Parallel.For(0, p, FillColumn);
        return m;
    }

    /// <summary>The frame as a CSR sparse matrix (dense columns contribute their non-zero values). Columns must be numeric with no missing values.</summary>
    public CsrMatrix ToCsr(string? consumer = null)
    {
        CheckNumeric(allowMissing: false, consumer);
        var n = RowCount;
        var counts = new int[n + 1];
        foreach (var c in _columns)
        {
            if (c is SparseColumn s) foreach (var r in s.Rows) counts[r + 1]++;
            else for (var i = 0; i < n; i++) if (c.GetDouble(i) != 0) counts[i + 1]++;
        }
        for (var i = 0; i < n; i++) counts[i + 1] += counts[i];
        var ptr = (int[])counts.Clone();
        var idx = new int[ptr[n]];
        var val = new double[ptr[n]];
        var next = (int[])counts.Clone();
        for (var j = 0; j < _columns.Length; j++)
        {
            var c = _columns[j];
            if (c is SparseColumn s)
            {
                var rows = s.Rows;
                var vals = s.StoredValues;
                for (var k = 0; k < rows.Length; k++)
                {
                    var pos = next[rows[k]]++;
                    idx[pos] = j;
                    val[pos] = vals[k];
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    var v = c.GetDouble(i);
                    if (v == 0) continue;
                    var pos = next[i]++;
                    idx[pos] = j;
                    val[pos] = v;
                }
            }
        }
        return new CsrMatrix(n, _columns.Length, ptr, idx, val);
    }

    /// <summary>Builds a frame of float64 columns from a dense matrix; names default to <c>x0</c>, <c>x1</c>, ….</summary>
    public static Frame FromMatrix(Matrix matrix, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (names is not null && names.Count != matrix.Cols)
            throw new ArgumentException($"{names.Count} names for {matrix.Cols} columns", nameof(names));
        var columns = new Column[matrix.Cols];
        for (var j = 0; j < matrix.Cols; j++)
            columns[j] = new Float64Column(names?[j] ?? $"x{j}", matrix.Column(j));
        return new Frame(columns);
    }

    /// <summary>Builds a frame of float64 columns from a rectangular array; names default to <c>x0</c>, <c>x1</c>, ….</summary>
    public static Frame FromArray(double[,] values, IReadOnlyList<string>? names = null) => FromMatrix(Matrix.FromArray(values), names);

    private void CheckNumeric(bool allowMissing, string? consumer)
    {
        var who = consumer ?? "this model";
        foreach (var c in _columns)
        {
            if (!c.IsNumeric)
                throw new AugurException(
                    $"column '{c.Name}' holds {c.Type.ToName()} values but {who} needs numbers; encode it first (for example with OneHotEncoder) or use the automatic preprocessor");
            if (!allowMissing && c.MissingCount > 0)
                throw new AugurException(
                    $"column '{c.Name}' has {c.MissingCount} missing values, which {who} does not accept; impute them first (for example with SimpleImputer)");
            if (!allowMissing && c is Float64Column f)
                foreach (var v in f.Values)
                    if (double.IsInfinity(v))
                        throw new AugurException($"column '{c.Name}' holds an infinite value, which {who} does not accept");
        }
    }
}
