namespace Augur.Numerics;

/// <summary>
/// A dense matrix of doubles stored row by row in one array (row-major, like a C-ordered NumPy array).
/// A data container, not a model: it is mutable, and the caller decides who owns it.
/// </summary>
public sealed class Matrix
{
    /// <summary>Creates a zero matrix.</summary>
    public Matrix(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        Rows = rows;
        Cols = cols;
        Data = new double[checked(rows * cols)];
    }

    /// <summary>Wraps <paramref name="data"/> (row-major, length rows × cols) without copying.</summary>
    public Matrix(int rows, int cols, double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != checked(rows * cols))
            throw new ArgumentException($"data has {data.Length} values; a {rows}×{cols} matrix needs {rows * cols}", nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>The values, row after row.</summary>
    public double[] Data { get; }

    /// <summary>The value at (<paramref name="row"/>, <paramref name="col"/>).</summary>
    public double this[int row, int col]
    {
        get => Data[row * Cols + col];
        set => Data[row * Cols + col] = value;
    }

    /// <summary>Row <paramref name="row"/> as a span over the storage (no copy).</summary>
    public Span<double> Row(int row) => Data.AsSpan(row * Cols, Cols);

    /// <summary>Column <paramref name="col"/> copied into a new array.</summary>
    public double[] Column(int col)
    {
        var result = new double[Rows];
        for (var i = 0; i < Rows; i++) result[i] = Data[i * Cols + col];
        return result;
    }

    /// <summary>A deep copy.</summary>
    public Matrix Clone() => new(Rows, Cols, (double[])Data.Clone());

    /// <summary>The transpose, as a new matrix.</summary>
    public Matrix Transpose()
    {
        var t = new Matrix(Cols, Rows);
        const int block = 32;
        for (var i0 = 0; i0 < Rows; i0 += block)
            for (var j0 = 0; j0 < Cols; j0 += block)
            {
                var iMax = Math.Min(i0 + block, Rows);
                var jMax = Math.Min(j0 + block, Cols);
                for (var i = i0; i < iMax; i++)
                    for (var j = j0; j < jMax; j++)
                        t.Data[j * Rows + i] = Data[i * Cols + j];
            }
        return t;
    }

    /// <summary>Copies a rectangular array.</summary>
    public static Matrix FromArray(double[,] values)
    {
        var m = new Matrix(values.GetLength(0), values.GetLength(1));
        for (var i = 0; i < m.Rows; i++)
            for (var j = 0; j < m.Cols; j++)
                m.Data[i * m.Cols + j] = values[i, j];
        return m;
    }

    /// <summary>Copies rows of equal length.</summary>
    public static Matrix FromRows(IReadOnlyList<double[]> rows)
    {
        var cols = rows.Count == 0 ? 0 : rows[0].Length;
        var m = new Matrix(rows.Count, cols);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != cols) throw new ArgumentException($"row {i} has {rows[i].Length} values, expected {cols}");
            rows[i].CopyTo(m.Data, i * cols);
        }
        return m;
    }

    /// <summary>The rows at <paramref name="rows"/>, copied into a new matrix.</summary>
    public Matrix TakeRows(ReadOnlySpan<int> rows)
    {
        var m = new Matrix(rows.Length, Cols);
        for (var i = 0; i < rows.Length; i++) Row(rows[i]).CopyTo(m.Row(i));
        return m;
    }

    /// <summary>A rectangular array copy (convenient for tests and small matrices).</summary>
    public double[,] ToArray()
    {
        var a = new double[Rows, Cols];
        for (var i = 0; i < Rows; i++)
            for (var j = 0; j < Cols; j++)
                a[i, j] = Data[i * Cols + j];
        return a;
    }

    /// <inheritdoc />
    public override string ToString() => $"Matrix {Rows}×{Cols}";
}
