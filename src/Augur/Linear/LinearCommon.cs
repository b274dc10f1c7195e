using System.Numerics.Tensors;
using Augur.Data;
using Augur.Numerics;

namespace Augur.Linear;

/// <summary>
/// Training or prediction features of a linear model: sparse models read a CSR matrix; dense models read the columns
/// in place (<see cref="Columns"/>, no copy for float64 columns) or a row-major matrix built on first use
/// (<see cref="Dense"/>, by a cache-blocked parallel transposition). Inputs are checked when this is created.
/// </summary>
internal sealed class LinearFeatures
{
    private readonly Lazy<Matrix>? _dense;

    private LinearFeatures(ColumnSource? columns, CsrMatrix? sparse)
    {
        Sparse = sparse;
        Columns = columns;
        if (columns is not null) _dense = new Lazy<Matrix>(columns.ToRowMajor, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The sparse matrix, for sparse input.</summary>
    public CsrMatrix? Sparse { get; }

    /// <summary>The columns, for dense input.</summary>
    public ColumnSource? Columns { get; }

    /// <summary>The row-major matrix, for dense input (built on first use).</summary>
    public Matrix? Dense => _dense?.Value;

    public int Rows => Sparse?.Rows ?? Columns!.Rows;
    public int Cols => Sparse?.Cols ?? Columns!.Cols;
    public bool IsSparse => Sparse is not null;

    public Matrix ToDense() => Dense ?? Sparse!.ToDense();

    /// <summary>The columns of dense or sparse input.</summary>
    public ColumnSource ToColumns() => Columns ?? ColumnSource.FromMatrix(Sparse!.ToDense());

    /// <summary>Reads training features: numeric, no missing values, at least one row and one column.</summary>
    public static LinearFeatures ForFit(Frame x, string consumer, bool allowSparse)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount == 0) throw new AugurException($"{consumer} needs at least one feature column");
        if (x.RowCount == 0) throw new AugurException($"{consumer} needs at least one row to fit");
        return allowSparse && x.HasSparseColumns ? new(null, SparseInput.ToCsr(x, consumer)) : new(ColumnSource.ForFrame(x, consumer), null);
    }

    /// <summary>Reads prediction features by name, in training order.</summary>
    public static LinearFeatures ForPredict(ModelSignature signature, Frame x, string consumer)
    {
        ArgumentNullException.ThrowIfNull(x);
        var conformed = signature.Conform(x, consumer);
        return conformed.HasSparseColumns ? new(null, SparseInput.ToCsr(conformed, consumer)) : new(ColumnSource.ForFrame(conformed, consumer), null);
    }
}

/// <summary>
/// Frames with sparse columns as CSR matrices, built block of rows by block of rows (in parallel, each block starting
/// from binary-searched column cursors) so that the writes stay in cache; the same matrix as <see cref="Frame.ToCsr"/>.
/// </summary>
internal static class SparseInput
{
    private const int BlockRows = 8192;

    public static CsrMatrix ToCsr(Frame x, string consumer)
    {
        var columns = ColumnSource.ForFrame(x.Select(x.Where(c => c is not SparseColumn).Select(c => c.Name)), consumer);
        var n = x.RowCount;
        var p = x.ColumnCount;
        var sparse = new SparseColumn?[p];
        var dense = new int[p];
        var d = 0;
        for (var j = 0; j < p; j++)
        {
            if (x[j] is SparseColumn sc) sparse[j] = sc;
            else dense[j] = d++;
        }
        var ptr = new int[n + 1];
        for (var j = 0; j < p; j++)
        {
            if (sparse[j] is { } sc) foreach (var r in sc.Rows) ptr[r + 1]++;
            else
            {
                var c = columns[dense[j]];
                for (var i = 0; i < n; i++) if (c[i] != 0) ptr[i + 1]++;
            }
        }
        for (var i = 0; i < n; i++) ptr[i + 1] += ptr[i];
        var idx = new int[ptr[n]];
        var val = new double[ptr[n]];
        var blocks = (n + BlockRows - 1) / BlockRows;
        void Fill(int b)
        {
            var r0 = b * BlockRows;
            var r1 = Math.Min(n, r0 + BlockRows);
            var next = ptr.AsSpan(r0, r1 - r0).ToArray();
            for (var j = 0; j < p; j++)
            {
                if (sparse[j] is { } sc)
                {
                    var rows = sc.Rows;
                    var values = sc.StoredValues;
                    var k = rows.BinarySearch(r0);
                    if (k < 0) k = ~k;
                    for (; k < rows.Length && rows[k] < r1; k++)
                    {
                        var pos = next[rows[k] - r0]++;
                        idx[pos] = j;
                        val[pos] = values[k];
                    }
                }
                else
                {
                    var c = columns[dense[j]];
                    for (var i = r0; i < r1; i++)
                    {
                        var v = c[i];
                        if (v == 0) continue;
                        var pos = next[i - r0]++;
                        idx[pos] = j;
                        val[pos] = v;
                    }
                }
            }
        }
        if (blocks > 1 && (long)idx.Length > DenseOps.ParallelThreshold) Parallel.For(0, blocks, Fill);
        else for (var b = 0; b < blocks; b++) Fill(b);
        return new CsrMatrix(n, p, ptr, idx, val);
    }
}

/// <summary>Dense numeric columns read in place: float64 columns without a copy, other numeric columns converted once.</summary>
internal sealed class ColumnSource
{
    private readonly Column?[] _columns;
    private readonly double[]?[] _arrays;

    private ColumnSource(int rows, Column?[] columns, double[]?[] arrays)
    {
        Rows = rows;
        _columns = columns;
        _arrays = arrays;
    }

    public int Rows { get; }
    public int Cols => _arrays.Length;

    /// <summary>Column <paramref name="j"/>.</summary>
    public ReadOnlySpan<double> this[int j] => _arrays[j] ?? ((Float64Column)_columns[j]!).Values;

    public static ColumnSource FromArrays(int rows, double[][] columns) => new(rows, new Column?[columns.Length], columns);

    public static ColumnSource FromMatrix(Matrix m)
    {
        var arrays = new double[m.Cols][];
        for (var j = 0; j < m.Cols; j++) arrays[j] = m.Column(j);
        return FromArrays(m.Rows, arrays);
    }

    /// <summary>These columns followed by <paramref name="extra"/> (for example the targets).</summary>
    public ColumnSource Append(IReadOnlyList<double[]> extra)
    {
        var cols = new Column?[Cols + extra.Count];
        var arrays = new double[]?[Cols + extra.Count];
        Array.Copy(_columns, cols, Cols);
        Array.Copy(_arrays, arrays, Cols);
        for (var k = 0; k < extra.Count; k++) arrays[Cols + k] = extra[k];
        return new ColumnSource(Rows, cols, arrays);
    }

    /// <summary>Checks the frame's columns (numeric, no missing or infinite values) and wraps them.</summary>
    public static ColumnSource ForFrame(Frame x, string consumer)
    {
        var columns = new Column?[x.ColumnCount];
        var arrays = new double[]?[x.ColumnCount];
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var c = x[j];
            if (!c.IsNumeric)
                throw new AugurException($"column '{c.Name}' holds {c.Type.ToName()} values but {consumer} needs numbers; encode it first (for example with OneHotEncoder) or use the automatic preprocessor");
            if (c.MissingCount > 0)
                throw new AugurException($"column '{c.Name}' has {c.MissingCount} missing values, which {consumer} does not accept; impute them first (for example with SimpleImputer)");
            if (c is Float64Column f)
            {
                if (!double.IsFinite(TensorPrimitives.Sum(f.Values)))
                    foreach (var v in f.Values)
                        if (double.IsInfinity(v)) throw new AugurException($"column '{c.Name}' holds an infinite value, which {consumer} does not accept");
                columns[j] = f;
            }
            else arrays[j] = c.ToDoubleArray();
        }
        return new ColumnSource(x.RowCount, columns, arrays);
    }

    /// <summary>The row-major matrix, by blocks of rows (parallel), so writes stay in cache.</summary>
    public Matrix ToRowMajor()
    {
        var n = Rows;
        var p = Cols;
        var m = new Matrix(n, p);
        var data = m.Data;
        const int block = 256;
        var blocks = (n + block - 1) / block;
        void Fill(int b)
        {
            var r0 = b * block;
            var len = Math.Min(block, n - r0);
            for (var j = 0; j < p; j++)
            {
                var src = this[j].Slice(r0, len);
                var k = r0 * p + j;
                for (var i = 0; i < len; i++, k += p) data[k] = src[i];
            }
        }
        if ((long)n * p < DenseOps.ParallelThreshold) for (var b = 0; b < blocks; b++) Fill(b);
        else Parallel.For(0, blocks, Fill);
        return m;
    }
}

/// <summary>Shared numeric helpers of the linear models.</summary>
internal static class LinearMath
{
    /// <summary>Row blocks for deterministic parallel reductions: fixed by the row count alone, never by the thread count.</summary>
    public static int BlockCount(long rows, long workPerRow)
    {
        if (rows * Math.Max(workPerRow, 1) < DenseOps.ParallelThreshold) return 1;
        var blocks = (int)Math.Min(32, Math.Max(1, rows / 512));
        return blocks;
    }

    public static (int Start, int End) BlockRange(int rows, int blocks, int b)
    {
        var size = (rows + blocks - 1) / blocks;
        var start = Math.Min(rows, b * size);
        return (start, Math.Min(rows, start + size));
    }

    public static void For(int blocks, Action<int> body)
    {
        if (blocks <= 1) { for (var b = 0; b < blocks; b++) body(b); }
        else Parallel.For(0, blocks, body);
    }

    /// <summary>log(1 + exp(z)) without overflow.</summary>
    public static double Log1pExp(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    /// <summary>The logistic sigmoid.</summary>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>In-place softmax of one row; returns log Σ exp.</summary>
    public static double Softmax(Span<double> z)
    {
        var max = double.NegativeInfinity;
        foreach (var v in z) if (v > max) max = v;
        var sum = 0.0;
        for (var k = 0; k < z.Length; k++) { z[k] = Math.Exp(z[k] - max); sum += z[k]; }
        var inv = 1 / sum;
        for (var k = 0; k < z.Length; k++) z[k] *= inv;
        return max + Math.Log(sum);
    }

    /// <summary>Weighted column means of a CSR matrix.</summary>
    public static double[] ColumnMeans(CsrMatrix x, double[]? w)
    {
        var mean = new double[x.Cols];
        var wsum = w is null ? x.Rows : Sum(w);
        for (var i = 0; i < x.Rows; i++)
        {
            var wi = w is null ? 1.0 : w[i];
            if (wi == 0) continue;
            var idx = x.RowIndices(i);
            var val = x.RowValues(i);
            for (var k = 0; k < idx.Length; k++) mean[idx[k]] += wi * val[k];
        }
        TensorPrimitives.Multiply(mean, 1 / wsum, mean);
        return mean;
    }

    public static double WeightedMean(ReadOnlySpan<double> y, double[]? w)
    {
        if (w is null) return TensorPrimitives.Sum(y) / y.Length;
        return TensorPrimitives.Dot(y, w) / Sum(w);
    }

    public static double Sum(double[] w) => TensorPrimitives.Sum<double>(w);

    /// <summary>
    /// The target centred on its weighted mean (when <paramref name="fitIntercept"/>) and scaled by √w: the right-hand side
    /// of the implicitly centred least-squares problems; also returns the mean (0 without an intercept).
    /// </summary>
    public static (double[] Rhs, double Mean) CenteredTarget(double[] y, double[]? w, double[]? sqrtW, bool fitIntercept)
    {
        var mean = fitIntercept ? WeightedMean(y, w) : 0.0;
        var rhs = new double[y.Length];
        for (var i = 0; i < rhs.Length; i++) rhs[i] = (y[i] - mean) * (sqrtW?[i] ?? 1.0);
        return (rhs, mean);
    }

    /// <summary>
    /// The matrix <c>[√w·(X − μ) | √w·(Y − ȳ)]</c> (rows × (p + targets)), built in one parallel pass: the centred and
    /// weighted design with the targets appended, so one Gram product yields XᵀX, XᵀY and YᵀY together.
    /// </summary>
    public static Matrix CenteredAugmented(Matrix x, double[] xMean, Matrix? y, double[] yMean, double[]? sqrtW)
    {
        var n = x.Rows;
        var p = x.Cols;
        var t = y?.Cols ?? 0;
        var a = new Matrix(n, p + t);
        var blocks = BlockCount(n, p + t);
        For(blocks, b =>
        {
            var (s, e) = BlockRange(n, blocks, b);
            for (var i = s; i < e; i++)
            {
                var dst = a.Row(i);
                TensorPrimitives.Subtract(x.Row(i), xMean, dst[..p]);
                for (var k = 0; k < t; k++) dst[p + k] = y![i, k] - yMean[k];
                if (sqrtW is not null) TensorPrimitives.Multiply(dst, sqrtW[i], dst);
            }
        });
        return a;
    }

    /// <summary>Square roots of the weights (null stays null).</summary>
    public static double[]? Sqrt(double[]? w)
    {
        if (w is null) return null;
        var r = new double[w.Length];
        TensorPrimitives.Sqrt(w, r);
        return r;
    }

    /// <summary>Scores <c>X Wᵀ + b</c> (rows × outputs).</summary>
    public static Matrix Scores(LinearFeatures x, double[] w, double[] b, int outputs)
    {
        var n = x.Rows;
        var p = x.Cols;
        var z = new Matrix(n, outputs);
        var blocks = BlockCount(n, (long)p * outputs);
        if (x.Dense is { } d)
        {
            For(blocks, blk =>
            {
                var (s, e) = BlockRange(n, blocks, blk);
                for (var i = s; i < e; i++)
                {
                    var row = d.Row(i);
                    for (var k = 0; k < outputs; k++) z.Data[i * outputs + k] = TensorPrimitives.Dot(row, w.AsSpan(k * p, p)) + b[k];
                }
            });
        }
        else
        {
            var sp = x.Sparse!;
            For(blocks, blk =>
            {
                var (s, e) = BlockRange(n, blocks, blk);
                for (var i = s; i < e; i++)
                {
                    var idx = sp.RowIndices(i);
                    var val = sp.RowValues(i);
                    for (var k = 0; k < outputs; k++)
                    {
                        var off = k * p;
                        var acc = b[k];
                        for (var q = 0; q < idx.Length; q++) acc += val[q] * w[off + idx[q]];
                        z.Data[i * outputs + k] = acc;
                    }
                }
            });
        }
        return z;
    }

    /// <summary>Sparse dot product of a CSR row with a dense vector.</summary>
    public static double SparseDot(ReadOnlySpan<int> idx, ReadOnlySpan<double> val, ReadOnlySpan<double> w)
    {
        var acc = 0.0;
        for (var q = 0; q < idx.Length; q++) acc += val[q] * w[idx[q]];
        return acc;
    }

    /// <summary>Checks a feature row passed to a fast single-row predictor.</summary>
    public static void CheckRow(ReadOnlySpan<double> features, int expected, string consumer)
    {
        if (features.Length != expected)
            throw new AugurException($"{consumer} expects {expected} feature values in signature order, but {features.Length} were given");
    }

    /// <summary>Class probabilities from scores under a link.</summary>
    public static Matrix Probabilities(Matrix scores, LinearLink link, int classes, bool ovrNormalize)
    {
        var n = scores.Rows;
        var proba = new Matrix(n, classes);
        for (var i = 0; i < n; i++)
        {
            var z = scores.Row(i);
            var pr = proba.Row(i);
            ProbabilitiesRow(z, pr, link, ovrNormalize);
        }
        return proba;
    }

    /// <summary>Class probabilities of one row of scores.</summary>
    public static void ProbabilitiesRow(ReadOnlySpan<double> z, Span<double> pr, LinearLink link, bool ovrNormalize)
    {
        if (pr.Length == 2 && z.Length == 1)
        {
            // One score for two classes: logistic, or for a binary multinomial model softmax([−z, z]) = σ(2z).
            var p1 = Sigmoid(link == LinearLink.Softmax ? 2 * z[0] : z[0]);
            pr[0] = 1 - p1;
            pr[1] = p1;
            return;
        }
        if (link == LinearLink.Softmax)
        {
            z.CopyTo(pr);
            Softmax(pr);
            return;
        }
        var sum = 0.0;
        for (var k = 0; k < pr.Length; k++) { pr[k] = Sigmoid(z[k]); sum += pr[k]; }
        if (ovrNormalize && sum > 0) for (var k = 0; k < pr.Length; k++) pr[k] /= sum;
    }

    /// <summary>The index of the largest score (first on ties), or for one binary score, 1 when positive.</summary>
    public static int ArgMaxClass(ReadOnlySpan<double> z)
    {
        if (z.Length == 1) return z[0] > 0 ? 1 : 0;
        var best = 0;
        for (var k = 1; k < z.Length; k++) if (z[k] > z[best]) best = k;
        return best;
    }

    /// <summary>Sample weights multiplied by class weights (a new array), or the sample weights when there are no class weights.</summary>
    public static double[]? CombineWeights(double[]? sampleWeight, double[]? classWeights, int[] encoded)
    {
        if (classWeights is null) return sampleWeight;
        var w = new double[encoded.Length];
        for (var i = 0; i < w.Length; i++) w[i] = (sampleWeight?[i] ?? 1.0) * classWeights[encoded[i]];
        return w;
    }
}

/// <summary>The columns of dense or sparse features as (row, value) lists: what column-wise solvers read.</summary>
internal sealed class SparseColumns
{
    private readonly int[] _start;
    private readonly int[] _rows;
    private readonly double[] _values;

    private SparseColumns(int rows, int cols, int[] start, int[] rowIndex, double[] values)
    {
        Rows = rows;
        Cols = cols;
        _start = start;
        _rows = rowIndex;
        _values = values;
    }

    public int Rows { get; }
    public int Cols { get; }

    public ReadOnlySpan<int> ColumnRows(int j) => _rows.AsSpan(_start[j], _start[j + 1] - _start[j]);

    public ReadOnlySpan<double> ColumnValues(int j) => _values.AsSpan(_start[j], _start[j + 1] - _start[j]);

    /// <summary>Compressed sparse columns of the features (zeros of dense input are not stored).</summary>
    public static SparseColumns From(LinearFeatures x)
    {
        var n = x.Rows;
        var p = x.Cols;
        var start = new int[p + 1];
        if (x.Sparse is { } csr)
        {
            foreach (var j in csr.ColumnIndices) start[j + 1]++;
            for (var j = 0; j < p; j++) start[j + 1] += start[j];
            var next = (int[])start.Clone();
            var rows = new int[csr.NonZeroCount];
            var values = new double[csr.NonZeroCount];
            for (var i = 0; i < n; i++)
            {
                var idx = csr.RowIndices(i);
                var val = csr.RowValues(i);
                for (var k = 0; k < idx.Length; k++)
                {
                    var pos = next[idx[k]]++;
                    rows[pos] = i;
                    values[pos] = val[k];
                }
            }
            return new SparseColumns(n, p, start, rows, values);
        }
        var cols = x.Columns!;
        var rowList = new List<int>();
        var valueList = new List<double>();
        for (var j = 0; j < p; j++)
        {
            var c = cols[j];
            for (var i = 0; i < n; i++)
                if (c[i] != 0) { rowList.Add(i); valueList.Add(c[i]); }
            start[j + 1] = rowList.Count;
        }
        return new SparseColumns(n, p, start, rowList.ToArray(), valueList.ToArray());
    }
}
