using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Augur.Native;

namespace Augur.Boosting.Native;

/// <summary>
/// The LightGBM C API (<c>lib_lightgbm</c>, from the <c>LightGBM</c> NuGet package's <c>runtimes/</c> folder), declared
/// with <see cref="LibraryImportAttribute"/>. Handles travel as <see cref="SafeHandle"/>s, arrays as pinned pointers,
/// strings as UTF-8. Callers check every return code with <see cref="Check"/>, which turns a failure into a
/// <see cref="LightGbmException"/> with LightGBM's message (the message is thread-local in LightGBM, so it is read on
/// the calling thread right after the failing call).
/// </summary>
internal static unsafe partial class LightGbmApi
{
    private const string Lib = "lib_lightgbm";

    public const int DTypeFloat32 = 0;
    public const int DTypeFloat64 = 1;
    public const int DTypeInt32 = 2;
    public const int DTypeInt64 = 3;

    public const int PredictNormal = 0;
    public const int PredictRawScore = 1;
    public const int PredictLeafIndex = 2;
    public const int PredictContrib = 3;

    public const int ImportanceSplit = 0;
    public const int ImportanceGain = 1;

    [ThreadStatic] private static bool t_logRedirected;

    // OpenMP reads OMP_WAIT_POLICY once, when libgomp loads (as a dependency of lib_lightgbm): set it first.
    static LightGbmApi() => NativeEnvironment.EnsurePassiveOpenMp();

    /// <summary>
    /// LightGBM keeps its log callback per thread: route this thread's log lines away from stdout (so that
    /// <c>--json</c> output stays clean) before the first call on each thread. Fatal errors still reach us as return codes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prepare()
    {
        if (t_logRedirected) return;
        _ = LGBM_RegisterLogCallback(&DiscardLog);
        t_logRedirected = true;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void DiscardLog(byte* message) { }

    /// <summary>Throws a <see cref="LightGbmException"/> with LightGBM's last error when <paramref name="rc"/> is not 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(int rc, string what)
    {
        if (rc != 0) Throw(what);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Throw(string what)
    {
        var native = LastError();
        throw new LightGbmException($"LightGBM could not {what}: {native}") { NativeMessage = native };
    }

    /// <summary>LightGBM's last error message on this thread.</summary>
    public static string LastError()
    {
        var p = LGBM_GetLastError();
        var text = p == 0 ? "unknown error" : Marshal.PtrToStringUTF8(p) ?? "unknown error";
        // Drop the C++ source location LightGBM appends to failed checks ("at /path/config_auto.cpp, line 352 .").
        text = SourceLocation().Replace(text, "");
        return text.Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+at \S+, line \d+\s*\.?\s*$")]
    private static partial System.Text.RegularExpressions.Regex SourceLocation();

    [LibraryImport(Lib)]
    private static partial nint LGBM_GetLastError();

    [LibraryImport(Lib)]
    private static partial int LGBM_RegisterLogCallback(delegate* unmanaged[Cdecl]<byte*, void> callback);

    [LibraryImport(Lib)]
    public static partial int LGBM_DumpParamAliases(long bufferLen, out long outLen, byte* outStr);

    // ---- datasets

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetCreateFromMat(void* data, int dataType, int nrow, int ncol, int isRowMajor,
        string parameters, nint reference, out DatasetHandle handle);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetCreateFromCSR(void* indptr, int indptrType, int* indices, void* data, int dataType,
        long nindptr, long nelem, long numCol, string parameters, nint reference, out DatasetHandle handle);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_DatasetSetField(DatasetHandle handle, string fieldName, void* fieldData, int numElement, int type);

    [LibraryImport(Lib)]
    public static partial int LGBM_DatasetSetFeatureNames(DatasetHandle handle, byte** featureNames, int numFeatureNames);

    [LibraryImport(Lib)]
    public static partial int LGBM_DatasetGetNumData(DatasetHandle handle, out int count);

    [LibraryImport(Lib)]
    public static partial int LGBM_DatasetGetNumFeature(DatasetHandle handle, out int count);

    [LibraryImport(Lib)]
    public static partial int LGBM_DatasetFree(nint handle);

    // ---- boosters

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterCreate(DatasetHandle trainData, string parameters, out BoosterHandle handle);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterLoadModelFromString(byte* modelText, out int numIterations, out BoosterHandle handle);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterFree(nint handle);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterAddValidData(BoosterHandle handle, DatasetHandle validData);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterUpdateOneIter(BoosterHandle handle, out int producedEmptyTree);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterRollbackOneIter(BoosterHandle handle);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetCurrentIteration(BoosterHandle handle, out int iteration);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterNumModelPerIteration(BoosterHandle handle, out int treesPerIteration);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterNumberOfTotalModel(BoosterHandle handle, out int models);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetNumClasses(BoosterHandle handle, out int classes);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetNumFeature(BoosterHandle handle, out int features);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetEvalCounts(BoosterHandle handle, out int count);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetEvalNames(BoosterHandle handle, int len, out int outLen, nuint bufferLen,
        out nuint outBufferLen, byte** outStrs);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetFeatureNames(BoosterHandle handle, int len, out int outLen, nuint bufferLen,
        out nuint outBufferLen, byte** outStrs);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetEval(BoosterHandle handle, int dataIdx, out int outLen, double* results);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetNumPredict(BoosterHandle handle, int dataIdx, out long outLen);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterGetPredict(BoosterHandle handle, int dataIdx, out long outLen, double* result);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterCalcNumPredict(BoosterHandle handle, int numRow, int predictType, int startIteration,
        int numIteration, out long outLen);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterPredictForMat(BoosterHandle handle, void* data, int dataType, int nrow, int ncol,
        int isRowMajor, int predictType, int startIteration, int numIteration, string parameter, out long outLen, double* result);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterPredictForCSR(BoosterHandle handle, void* indptr, int indptrType, int* indices,
        void* data, int dataType, long nindptr, long nelem, long numCol, int predictType, int startIteration, int numIteration,
        string parameter, out long outLen, double* result);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LGBM_BoosterPredictForMatSingleRowFastInit(BoosterHandle handle, int predictType,
        int startIteration, int numIteration, int dataType, int ncol, string parameter, out FastConfigHandle fastConfig);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterPredictForMatSingleRowFast(FastConfigHandle fastConfig, void* data, out long outLen,
        double* result);

    [LibraryImport(Lib)]
    public static partial int LGBM_FastConfigFree(nint handle);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterSaveModelToString(BoosterHandle handle, int startIteration, int numIteration,
        int featureImportanceType, long bufferLen, out long outLen, byte* outStr);

    [LibraryImport(Lib)]
    public static partial int LGBM_BoosterFeatureImportance(BoosterHandle handle, int numIteration, int importanceType,
        double* results);
}
