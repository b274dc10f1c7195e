using System.Runtime.InteropServices;

namespace Augur.Native;

/// <summary>
/// Settings for native libraries that must be in the process environment before they load. On Linux, .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native code, so this calls the C
/// library's <c>setenv</c> directly.
/// </summary>
public static partial class NativeEnvironment
{
    private static int s_openMpConfigured;

    /// <summary>
    /// Makes OpenMP threads (LightGBM, libtorch) sleep instead of spin while waiting: <c>OMP_WAIT_POLICY=PASSIVE</c>,
    /// unless the user already set a policy. Spinning threads slow everything 30–600× when another busy process shares
    /// the cores. Call before the native library loads; calling again does nothing.
    /// </summary>
    public static void EnsurePassiveOpenMp()
    {
        if (Interlocked.Exchange(ref s_openMpConfigured, 1) == 1) return;
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is { Length: > 0 }) return;
        SetNative("OMP_WAIT_POLICY", "PASSIVE");
    }

    /// <summary>Sets an environment variable for both managed and native code.</summary>
    public static void SetNative(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            _ = setenv(name, value, 1);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
