namespace Augur.Numerics;

/// <summary>
/// A sparse matrix in compressed sparse row form (as SciPy's <c>csr_matrix</c>): row <c>i</c>'s stored entries are
/// <c>ColumnIndices[RowPointers[i]..RowPointers[i+1]]</c> with <c>Values</c> alongside; column indices ascend within a row.
/// </summary>
public sealed class CsrMatrix
{
    /// <summary>Wraps the three arrays without copying, after checking that they describe a valid matrix.</summary>
    public CsrMatrix(int rows, int cols, int[] rowPointers, int[] columnIndices, double[] values)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowPointers.Length != rows + 1) throw new ArgumentException("rowPointers must have rows + 1 entries");
        if (columnIndices.Length != values.Length) throw new ArgumentException("columnIndices and values must have the same length");
        if (rowPointers[0] != 0 || rowPointers[rows] != values.Length) throw new ArgumentException("rowPointers must start at 0 and end at the number of values");
        for (var i = 0; i < rows; i++)
        {
            if (rowPointers[i + 1] < rowPointers[i]) throw new ArgumentException("rowPointers must not decrease");
            for (var k = rowPointers[i]; k < rowPointers[i + 1]; k++)
            {
                if ((uint)columnIndices[k] >= (uint)cols) throw new ArgumentException($"column index {columnIndices[k]} is out of range");
                if (k > rowPointers[i] && columnIndices[k] <= columnIndices[k - 1]) throw new ArgumentException("column indices must ascend within a row");
            }
        }
        Rows = rows;
        Cols = cols;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Start of each row's entries, plus the end of the last row.</summary>
    public int[] RowPointers { get; }

    /// <summary>Column index of each stored entry.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Value of each stored entry.</summary>
    public double[] Values { get; }

    /// <summary>The number of stored entries.</summary>
    public int NonZeroCount => Values.Length;

    /// <summary>Column indices of row <paramref name="row"/>'s stored entries.</summary>
    public ReadOnlySpan<int> RowIndices(int row) => ColumnIndices.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    /// <summary>Values of row <paramref name="row"/>'s stored entries.</summary>
    public ReadOnlySpan<double> RowValues(int row) => Values.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    /// <summary>The dense equivalent.</summary>
    public Matrix ToDense()
    {
        var m = new Matrix(Rows, Cols);
        for (var i = 0; i < Rows; i++)
            for (var k = RowPointers[i]; k < RowPointers[i + 1]; k++)
                m.Data[i * Cols + ColumnIndices[k]] = Values[k];
        return m;
    }

    /// <summary>The sparse form of a dense matrix (zeros are not stored).</summary>
    public static CsrMatrix FromDense(Matrix m)
    {
        var ptr = new int[m.Rows + 1];
        var idx = new List<int>();
        var val = new List<double>();
        for (var i = 0; i < m.Rows; i++)
        {
            var row = m.Row(i);
            for (var j = 0; j < row.Length; j++)
                if (row[j] != 0) { idx.Add(j); val.Add(row[j]); }
            ptr[i + 1] = idx.Count;
        }
        return new CsrMatrix(m.Rows, m.Cols, ptr, idx.ToArray(), val.ToArray());
    }

    /// <summary>The rows at <paramref name="rows"/>, copied into a new matrix.</summary>
    public CsrMatrix TakeRows(ReadOnlySpan<int> rows)
    {
        var ptr = new int[rows.Length + 1];
        for (var i = 0; i < rows.Length; i++) ptr[i + 1] = ptr[i] + RowPointers[rows[i] + 1] - RowPointers[rows[i]];
        var idx = new int[ptr[rows.Length]];
        var val = new double[idx.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            RowIndices(rows[i]).CopyTo(idx.AsSpan(ptr[i]));
            RowValues(rows[i]).CopyTo(val.AsSpan(ptr[i]));
        }
        return new CsrMatrix(rows.Length, Cols, ptr, idx, val);
    }

    /// <inheritdoc />
    public override string ToString() => $"CsrMatrix {Rows}×{Cols}, {NonZeroCount} stored";
}
