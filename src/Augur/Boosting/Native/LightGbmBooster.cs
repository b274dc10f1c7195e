using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Augur.Numerics;
using static Augur.Boosting.Native.LightGbmApi;

namespace Augur.Boosting.Native;

/// <summary>
/// A LightGBM booster: trained iteration by iteration (inside a strict <see cref="LightGbmThreads"/> scope), or loaded
/// from model text for prediction. Predictions are thread-safe: batch predictions build a fresh LightGBM predictor
/// per call, and single-row predictions rent a <c>FastConfig</c> from a pool (one per concurrent caller, never shared
/// by two threads at once).
/// </summary>
internal sealed unsafe class LightGbmBooster : IDisposable
{
    private readonly BoosterHandle _handle;
    private readonly ConcurrentBag<FastConfigHandle>?[] _fastPools = new ConcurrentBag<FastConfigHandle>?[4];
    private readonly int[] _outputsPerRow = [-1, -1, -1, -1];
    private volatile bool _disposed;

    private LightGbmBooster(BoosterHandle handle)
    {
        _handle = handle;
        Prepare();
        Check(LGBM_BoosterGetNumFeature(_handle, out var features), "read the number of features");
        Check(LGBM_BoosterGetNumClasses(_handle, out var classes), "read the number of classes");
        Check(LGBM_BoosterNumModelPerIteration(_handle, out var perIteration), "read the trees per iteration");
        FeatureCount = features;
        ClassCount = classes;
        TreesPerIteration = perIteration;
    }

    /// <summary>The number of features the booster reads per row.</summary>
    public int FeatureCount { get; }

    /// <summary>LightGBM's <c>num_class</c> (1 for regression, ranking and binary classification).</summary>
    public int ClassCount { get; }

    /// <summary>Trees added per boosting iteration (the number of raw outputs per row).</summary>
    public int TreesPerIteration { get; }

    /// <summary>Creates a booster on <paramref name="train"/>; call inside the strict thread scope that built the dataset.</summary>
    public static LightGbmBooster Create(LightGbmDataset train, string parameters)
    {
        ArgumentNullException.ThrowIfNull(train);
        Prepare();
        Check(LGBM_BoosterCreate(train.Handle, parameters, out var handle), "create a booster");
        handle.Retain(train.Handle);
        return new LightGbmBooster(handle);
    }

    /// <summary>
    /// Loads a booster from LightGBM model text; text LightGBM cannot read is a <see cref="LightGbmException"/>. Text that
    /// is not <paramref name="trusted"/> (anything but what LightGBM wrote a moment ago) is checked by
    /// <see cref="LightGbmModelText.Sanitize"/> first, because LightGBM's parser can crash the process on malformed text.
    /// </summary>
    public static LightGbmBooster FromModelText(string modelText, bool trusted = false)
    {
        ArgumentNullException.ThrowIfNull(modelText);
        Prepare();
        if (!trusted) modelText = LightGbmModelText.Sanitize(modelText);
        var bytes = new byte[Encoding.UTF8.GetByteCount(modelText) + 1];
        Encoding.UTF8.GetBytes(modelText, bytes);
        BoosterHandle handle;
        fixed (byte* p = bytes)
            Check(LGBM_BoosterLoadModelFromString(p, out _, out handle), "read the model text");
        // The parsed trees take about as much native memory as their text.
        handle.AddPressure(bytes.Length);
        return new LightGbmBooster(handle);
    }

    /// <summary>Adds a validation dataset (index 1, 2, … for <see cref="GetEval"/> and <see cref="GetPredict"/>).</summary>
    public void AddValidData(LightGbmDataset valid)
    {
        Prepare();
        Check(LGBM_BoosterAddValidData(_handle, valid.Handle), "add the validation data");
        _handle.Retain(valid.Handle);
    }

    /// <summary>Runs one boosting iteration; true when LightGBM could not split anymore (the trees it added are empty).</summary>
    public bool UpdateOneIter()
    {
        Prepare();
        Check(LGBM_BoosterUpdateOneIter(_handle, out var finished), "run a boosting iteration");
        return finished != 0;
    }

    /// <summary>Removes the last iteration's trees.</summary>
    public void RollbackOneIter()
    {
        Prepare();
        Check(LGBM_BoosterRollbackOneIter(_handle), "roll back an iteration");
    }

    /// <summary>The number of completed iterations.</summary>
    public int CurrentIteration
    {
        get
        {
            Prepare();
            Check(LGBM_BoosterGetCurrentIteration(_handle, out var it), "read the current iteration");
            return it;
        }
    }

    /// <summary>The names of the evaluation metrics, in the order <see cref="GetEval"/> returns them.</summary>
    public string[] EvalNames()
    {
        Prepare();
        Check(LGBM_BoosterGetEvalCounts(_handle, out var count), "count the metrics");
        return ReadStrings(count, (len, bufferLen, strs) =>
        {
            Check(LGBM_BoosterGetEvalNames(_handle, len, out var n, bufferLen, out var needed, strs), "read the metric names");
            return (n, needed);
        });
    }

    /// <summary>The feature names stored in the booster.</summary>
    public string[] FeatureNames() =>
        ReadStrings(FeatureCount, (len, bufferLen, strs) =>
        {
            Check(LGBM_BoosterGetFeatureNames(_handle, len, out var n, bufferLen, out var needed, strs), "read the feature names");
            return (n, needed);
        });

    private delegate (int Count, nuint Needed) StringsReader(int len, nuint bufferLen, byte** strs);

    private static string[] ReadStrings(int count, StringsReader read)
    {
        Prepare();
        if (count == 0) return [];
        nuint bufferLen = 256;
        while (true)
        {
            var block = (byte*)NativeMemory.AllocZeroed((nuint)count * bufferLen);
            var pointers = (byte**)NativeMemory.Alloc((nuint)count, (nuint)sizeof(byte*));
            try
            {
                for (var i = 0; i < count; i++) pointers[i] = block + (nuint)i * bufferLen;
                var (n, needed) = read(count, bufferLen, pointers);
                if (needed > bufferLen)
                {
                    bufferLen = needed;
                    continue;
                }
                var result = new string[Math.Min(n, count)];
                for (var i = 0; i < result.Length; i++) result[i] = Marshal.PtrToStringUTF8((nint)pointers[i]) ?? "";
                return result;
            }
            finally
            {
                NativeMemory.Free(pointers);
                NativeMemory.Free(block);
            }
        }
    }

    /// <summary>The current values of every metric on dataset <paramref name="dataIndex"/> (0 = training, 1 = first validation set).</summary>
    public double[] GetEval(int dataIndex)
    {
        Prepare();
        Check(LGBM_BoosterGetEvalCounts(_handle, out var count), "count the metrics");
        var result = new double[count];
        int n;
        fixed (double* p = result)
            Check(LGBM_BoosterGetEval(_handle, dataIndex, out n, p), "evaluate the metrics");
        return n == count ? result : result[..n];
    }

    /// <summary>
    /// The model's current (converted: probabilities for classifiers) predictions on dataset <paramref name="dataIndex"/>,
    /// class-major: all rows of class 0, then all rows of class 1, ….
    /// </summary>
    public double[] GetPredict(int dataIndex)
    {
        Prepare();
        Check(LGBM_BoosterGetNumPredict(_handle, dataIndex, out var length), "count the predictions");
        var result = new double[length];
        long n;
        fixed (double* p = result)
            Check(LGBM_BoosterGetPredict(_handle, dataIndex, out n, p), "read the predictions");
        return result;
    }

    /// <summary>How many numbers one row yields for <paramref name="predictType"/> (classes; or (features + 1) × classes for contributions).</summary>
    public int OutputsPerRow(int predictType)
    {
        var known = Volatile.Read(ref _outputsPerRow[predictType]);
        if (known >= 0) return known;
        Prepare();
        Check(LGBM_BoosterCalcNumPredict(_handle, 1, predictType, 0, -1, out var len), "size the predictions");
        Volatile.Write(ref _outputsPerRow[predictType], (int)len);
        return (int)len;
    }

    /// <summary>
    /// Predicts the rows of a dense row-major matrix with LightGBM's own multi-threaded predictor into
    /// <paramref name="output"/> (rows × <see cref="OutputsPerRow"/>, row-major).
    /// </summary>
    public void PredictDense(ReadOnlySpan<double> data, int rows, int cols, int predictType, Span<double> output, int preferredThreads)
    {
        var per = OutputsPerRow(predictType);
        if (output.Length < (long)rows * per) throw new ArgumentException("output is too short", nameof(output));
        if (data.Length < (long)rows * cols) throw new ArgumentException("data is too short", nameof(data));
        if (rows == 0) return;
        Prepare();
        using var scope = LightGbmThreads.EnterFlexible(preferredThreads);
        long n;
        fixed (double* x = data)
        fixed (double* o = output)
            Check(LGBM_BoosterPredictForMat(_handle, x, DTypeFloat64, rows, cols, 1, predictType, 0, -1,
                $"num_threads={scope.Threads} verbosity=-1", out n, o), "predict");
        if (n != (long)rows * per) throw new InvalidOperationException($"LightGBM wrote {n} predictions, expected {(long)rows * per}");
    }

    /// <summary>Predicts the rows of a CSR matrix into <paramref name="output"/> (rows × <see cref="OutputsPerRow"/>).</summary>
    public void PredictCsr(CsrMatrix matrix, int predictType, Span<double> output, int preferredThreads)
    {
        var per = OutputsPerRow(predictType);
        if (output.Length < (long)matrix.Rows * per) throw new ArgumentException("output is too short", nameof(output));
        if (matrix.Rows == 0) return;
        Prepare();
        using var scope = LightGbmThreads.EnterFlexible(preferredThreads);
        long n;
        fixed (int* ptr = matrix.RowPointers)
        fixed (int* idx = matrix.ColumnIndices)
        fixed (double* val = matrix.Values)
        fixed (double* o = output)
            Check(LGBM_BoosterPredictForCSR(_handle, ptr, DTypeInt32, idx, val, DTypeFloat64, matrix.Rows + 1L, matrix.NonZeroCount,
                matrix.Cols, predictType, 0, -1, $"num_threads={scope.Threads} verbosity=-1", out n, o), "predict");
        if (n != (long)matrix.Rows * per) throw new InvalidOperationException($"LightGBM wrote {n} predictions, expected {(long)matrix.Rows * per}");
    }

    /// <summary>
    /// Predicts one row with LightGBM's single-row fast path. Each concurrent caller rents its own <c>FastConfig</c>
    /// from a pool, so calls never wait on each other.
    /// </summary>
    public void PredictRow(ReadOnlySpan<double> row, int predictType, Span<double> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (row.Length != FeatureCount) throw new ArgumentException($"a row has {FeatureCount} features, not {row.Length}", nameof(row));
        var per = OutputsPerRow(predictType);
        if (output.Length < per) throw new ArgumentException("output is too short", nameof(output));
        Prepare();
        var pool = _fastPools[predictType] ?? Interlocked.CompareExchange(ref _fastPools[predictType], new(), null) ?? _fastPools[predictType]!;
        if (!pool.TryTake(out var config)) config = CreateFastConfig(predictType);
        try
        {
            long n;
            fixed (double* x = row)
            fixed (double* o = output)
                Check(LGBM_BoosterPredictForMatSingleRowFast(config, x, out n, o), "predict a row");
        }
        finally
        {
            if (_disposed) config.Dispose();
            else pool.Add(config);
        }
    }

    private FastConfigHandle CreateFastConfig(int predictType)
    {
        using var scope = LightGbmThreads.EnterFlexible(1);
        Check(LGBM_BoosterPredictForMatSingleRowFastInit(_handle, predictType, 0, -1, DTypeFloat64, FeatureCount,
            $"num_threads={scope.Threads} verbosity=-1", out var config), "prepare single-row prediction");
        config.Attach(_handle);
        return config;
    }

    /// <summary>The model as LightGBM model text (the format of LightGBM's <c>save_model</c>), optionally only the first <paramref name="iterations"/>.</summary>
    public string SaveModelToString(int iterations = -1)
    {
        Prepare();
        long bufferLen = 1 << 20;
        while (true)
        {
            var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(bufferLen, Array.MaxLength));
            long needed;
            fixed (byte* p = buffer)
                Check(LGBM_BoosterSaveModelToString(_handle, 0, iterations, ImportanceSplit, buffer.Length, out needed, p), "write the model text");
            if (needed > buffer.Length)
            {
                if (needed > Array.MaxLength) throw new AugurException("the LightGBM model text is larger than 2 GB");
                bufferLen = needed;
                continue;
            }
            var length = (int)needed - 1; // LightGBM counts the terminating zero
            return Encoding.UTF8.GetString(buffer, 0, Math.Max(length, 0));
        }
    }

    /// <summary>Per-feature importance: split counts (<c>importanceType</c> 0) or total gains (1).</summary>
    public double[] FeatureImportance(int importanceType)
    {
        Prepare();
        var result = new double[FeatureCount];
        fixed (double* p = result)
            Check(LGBM_BoosterFeatureImportance(_handle, -1, importanceType, p), "compute feature importance");
        return result;
    }

    /// <summary>Frees the booster and its single-row predictors.</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var pool in _fastPools)
            if (pool is not null)
                while (pool.TryTake(out var config)) config.Dispose();
        _handle.Dispose();
    }
}
