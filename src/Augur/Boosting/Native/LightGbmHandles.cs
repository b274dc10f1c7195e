using Microsoft.Win32.SafeHandles;

namespace Augur.Boosting.Native;

/// <summary>A LightGBM <c>DatasetHandle</c>; freed with <c>LGBM_DatasetFree</c>.</summary>
internal sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Used by the interop marshaller.</summary>
    public DatasetHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => LightGbmApi.LGBM_DatasetFree(handle) == 0;
}

/// <summary>
/// A LightGBM <c>BoosterHandle</c>; freed with <c>LGBM_BoosterFree</c>. A booster being trained reads its training and
/// validation datasets, so it holds a reference on their handles (<see cref="Retain"/>) and lets go only after it is freed.
/// </summary>
internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly List<DatasetHandle> _retained = [];
    private long _pressure;

    /// <summary>Used by the interop marshaller.</summary>
    public BoosterHandle() : base(ownsHandle: true) { }

    /// <summary>Keeps <paramref name="dataset"/> alive until this booster is freed.</summary>
    public void Retain(DatasetHandle dataset)
    {
        var added = false;
        dataset.DangerousAddRef(ref added);
        if (added) lock (_retained) _retained.Add(dataset);
    }

    /// <summary>Tells the garbage collector about the native memory the booster holds (it cannot see it otherwise).</summary>
    public void AddPressure(long bytes)
    {
        if (bytes <= 0) return;
        GC.AddMemoryPressure(bytes);
        Interlocked.Add(ref _pressure, bytes);
    }

    protected override bool ReleaseHandle()
    {
        var ok = LightGbmApi.LGBM_BoosterFree(handle) == 0;
        var pressure = Interlocked.Exchange(ref _pressure, 0);
        if (pressure > 0) GC.RemoveMemoryPressure(pressure);
        lock (_retained)
        {
            foreach (var d in _retained) d.DangerousRelease();
            _retained.Clear();
        }
        return ok;
    }
}

/// <summary>
/// A LightGBM <c>FastConfigHandle</c> (a single-row predictor bound to one booster); freed with
/// <c>LGBM_FastConfigFree</c>. It holds a reference on its booster's handle, so the booster is never freed before it,
/// whatever order finalizers run in.
/// </summary>
internal sealed class FastConfigHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private BoosterHandle? _booster;

    /// <summary>Used by the interop marshaller.</summary>
    public FastConfigHandle() : base(ownsHandle: true) { }

    /// <summary>Keeps <paramref name="booster"/> alive until this handle is released.</summary>
    public void Attach(BoosterHandle booster)
    {
        var added = false;
        booster.DangerousAddRef(ref added);
        if (added) _booster = booster;
    }

    protected override bool ReleaseHandle()
    {
        var ok = LightGbmApi.LGBM_FastConfigFree(handle) == 0;
        _booster?.DangerousRelease();
        _booster = null;
        return ok;
    }
}
