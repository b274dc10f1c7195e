using System.Text;
using Augur.Numerics;
using static Augur.Boosting.Native.LightGbmApi;

namespace Augur.Boosting.Native;

/// <summary>
/// A LightGBM training or validation dataset: the binned copy LightGBM makes of a feature matrix, plus labels, weights
/// and query groups. LightGBM copies the values while binning, so the source arrays may be reused once this exists.
/// Thread counts: create it inside a <see cref="LightGbmThreads"/> scope and pass that scope's <c>num_threads</c>.
/// </summary>
internal sealed unsafe class LightGbmDataset : IDisposable
{
    private LightGbmDataset(DatasetHandle handle)
    {
        Handle = handle;
    }

    internal DatasetHandle Handle { get; }

    /// <summary>Bins a dense matrix of <paramref name="rows"/> × <paramref name="cols"/> values (row-major unless <paramref name="rowMajor"/> is false; NaN = missing) without another copy.</summary>
    public static LightGbmDataset FromDense(ReadOnlySpan<double> data, int rows, int cols, string parameters, LightGbmDataset? reference = null, bool rowMajor = true)
    {
        if (data.Length != (long)rows * cols) throw new ArgumentException($"{data.Length} values for a {rows}×{cols} matrix", nameof(data));
        if (rows == 0) throw new AugurException("LightGBM needs at least one row to build a dataset");
        Prepare();
        DatasetHandle handle;
        var added = false;
        try
        {
            reference?.Handle.DangerousAddRef(ref added);
            var referenceHandle = added ? reference!.Handle.DangerousGetHandle() : 0;
            fixed (double* p = data)
                Check(LGBM_DatasetCreateFromMat(p, DTypeFloat64, rows, cols, rowMajor ? 1 : 0, parameters, referenceHandle, out handle), "build a dataset");
        }
        finally
        {
            if (added) reference!.Handle.DangerousRelease();
        }
        return new LightGbmDataset(handle);
    }

    /// <summary>Bins a CSR sparse matrix (absent entries are zeros; stored NaN values are missing).</summary>
    public static LightGbmDataset FromCsr(CsrMatrix matrix, string parameters, LightGbmDataset? reference = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rows == 0) throw new AugurException("LightGBM needs at least one row to build a dataset");
        Prepare();
        DatasetHandle handle;
        var added = false;
        try
        {
            reference?.Handle.DangerousAddRef(ref added);
            var referenceHandle = added ? reference!.Handle.DangerousGetHandle() : 0;
            fixed (int* ptr = matrix.RowPointers)
            fixed (int* idx = matrix.ColumnIndices)
            fixed (double* val = matrix.Values)
                Check(LGBM_DatasetCreateFromCSR(ptr, DTypeInt32, idx, val, DTypeFloat64, matrix.Rows + 1L, matrix.NonZeroCount, matrix.Cols,
                    parameters, referenceHandle, out handle), "build a sparse dataset");
        }
        finally
        {
            if (added) reference!.Handle.DangerousRelease();
        }
        return new LightGbmDataset(handle);
    }

    /// <summary>Sets a float field (<c>label</c>, <c>weight</c>).</summary>
    public void SetField(string name, ReadOnlySpan<float> values)
    {
        Prepare();
        fixed (float* p = values)
            Check(LGBM_DatasetSetField(Handle, name, p, values.Length, DTypeFloat32), $"set the dataset's {name}");
    }

    /// <summary>Sets a double field (<c>init_score</c>).</summary>
    public void SetField(string name, ReadOnlySpan<double> values)
    {
        Prepare();
        fixed (double* p = values)
            Check(LGBM_DatasetSetField(Handle, name, p, values.Length, DTypeFloat64), $"set the dataset's {name}");
    }

    /// <summary>Sets an integer field (<c>group</c>: the size of each query group, in row order).</summary>
    public void SetField(string name, ReadOnlySpan<int> values)
    {
        Prepare();
        fixed (int* p = values)
            Check(LGBM_DatasetSetField(Handle, name, p, values.Length, DTypeInt32), $"set the dataset's {name}");
    }

    /// <summary>Names the features (LightGBM writes them into model text).</summary>
    public void SetFeatureNames(IReadOnlyList<string> names)
    {
        Prepare();
        var buffers = new byte[names.Count][];
        for (var i = 0; i < buffers.Length; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(names[i]);
            buffers[i] = new byte[bytes.Length + 1];
            bytes.CopyTo(buffers[i], 0);
        }
        var handles = new System.Runtime.InteropServices.GCHandle[buffers.Length];
        var pointers = new byte*[buffers.Length];
        try
        {
            for (var i = 0; i < buffers.Length; i++)
            {
                handles[i] = System.Runtime.InteropServices.GCHandle.Alloc(buffers[i], System.Runtime.InteropServices.GCHandleType.Pinned);
                pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
            }
            fixed (byte** pp = pointers)
                Check(LGBM_DatasetSetFeatureNames(Handle, pp, names.Count), "set the feature names");
        }
        finally
        {
            foreach (var h in handles) if (h.IsAllocated) h.Free();
        }
    }

    /// <summary>The number of rows.</summary>
    public int RowCount
    {
        get
        {
            Prepare();
            Check(LGBM_DatasetGetNumData(Handle, out var n), "read the dataset size");
            return n;
        }
    }

    /// <summary>The number of features.</summary>
    public int FeatureCount
    {
        get
        {
            Prepare();
            Check(LGBM_DatasetGetNumFeature(Handle, out var n), "read the dataset width");
            return n;
        }
    }

    /// <summary>Frees the native dataset (boosters trained on it keep it alive until they are freed).</summary>
    public void Dispose() => Handle.Dispose();
}
