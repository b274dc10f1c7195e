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
        // Column-major columns into a row-major matrix. Dense columns are read as arrays (int64 and bool converted once)
        // and copied in blocks of rows, so each block of the destination stays in cache while every column is written.
        var dense = new double[]?[p];
        for (var j = 0; j < p; j++)
            dense[j] = _columns[j] switch
            {
                Float64Column f => f.UnsafeArray,
                SparseColumn => null,
                var c => c.ToDoubleArray(),
            };
        const int blockRows = 512;
        var blocks = (n + blockRows - 1) / blockRows;
        void FillBlock(int b)
        {
            var start = b * blockRows;
            var end = Math.Min(n, start + blockRows);
            for (var j = 0; j < p; j++)
            {
                var v = dense[j];
                if (v is null) continue;
                for (var i = start; i < end; i++) data[i * p + j] = v[i];
            }
        }
        if ((long)n * p < DenseOps.ParallelThreshold) for (var b = 0; b < blocks; b++) FillBlock(b);
        else Parallel.For(0, blocks, FillBlock);
        for (var j = 0; j < p; j++)
        {
            if (_columns[j] is not SparseColumn s) continue;
            var rows = s.Rows;
            var vals = s.StoredValues;
            for (var k = 0; k < rows.Length; k++) data[rows[k] * p + j] = vals[k];
        }
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
            // No NaN is left here, so the largest magnitude is infinite exactly when some value is.
            if (!allowMissing && c is Float64Column { Length: > 0 } f && double.IsInfinity(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(f.Values)))
                throw new AugurException($"column '{c.Name}' holds an infinite value, which {who} does not accept");
        }
    }
}
