namespace Augur.Boosting.Native;

/// <summary>
/// Keeps concurrent LightGBM calls on one thread count. LightGBM keeps the thread count of its OpenMP regions in one
/// process-wide variable, set by every call that takes a <c>num_threads</c> parameter (dataset and booster creation,
/// batch prediction, single-row predictor set-up), and sizes per-thread buffers from it. Two calls running at once with
/// different counts could make a parallel region larger than the buffers made for it. So every such call enters this
/// gate: calls that need an exact count (<em>strict</em>: training, which holds the gate from dataset creation to the
/// last iteration) wait until calls with another count have left; calls that can use any count (<em>flexible</em>:
/// predictions) join whatever count is running. Waiting strict calls go first, so none waits forever.
/// </summary>
internal static class LightGbmThreads
{
    private static readonly object s_lock = new();
    private static int s_current;
    private static int s_active;
    private static int s_waitingStrict;
    [ThreadStatic] private static int t_held;

    /// <summary>A held place in the gate; <see cref="Threads"/> is the count to pass as <c>num_threads</c>.</summary>
    public readonly struct Scope : IDisposable
    {
        internal Scope(int threads) => Threads = threads;

        /// <summary>The <c>num_threads</c> value every call inside this scope must pass (0 = OpenMP's default).</summary>
        public int Threads { get; }

        /// <summary>Leaves the gate.</summary>
        public void Dispose() => Exit();
    }

    /// <summary>Normalises a requested count: anything below 1 means OpenMP's default (all cores), written 0.</summary>
    public static int Normalize(int threads) => threads <= 0 ? 0 : threads;

    /// <summary>Enters with exactly <paramref name="threads"/> (waits while calls with another count run).</summary>
    public static Scope EnterStrict(int threads)
    {
        threads = Normalize(threads);
        lock (s_lock)
        {
            if (t_held > 0 && s_current != threads)
                throw new AugurException(
                    $"cannot start LightGBM training with {Describe(threads)} inside a LightGBM call running with {Describe(s_current)} on the same thread (for example from an iteration callback); use the same n_threads");
            s_waitingStrict++;
            try
            {
                while (s_active > 0 && s_current != threads) Monitor.Wait(s_lock);
            }
            finally
            {
                s_waitingStrict--;
            }
            s_current = threads;
            s_active++;
            t_held++;
            // Flexible callers held back for us may now join at our count.
            Monitor.PulseAll(s_lock);
            return new Scope(threads);
        }
    }

    /// <summary>Enters with the running count, or <paramref name="preferred"/> when nothing runs.</summary>
    public static Scope EnterFlexible(int preferred)
    {
        preferred = Normalize(preferred);
        lock (s_lock)
        {
            // A strict caller waiting for the gate to drain goes first; join once it holds the gate. A thread that
            // already holds the gate (a prediction inside a training callback) joins at once: waiting would deadlock.
            while (s_waitingStrict > 0 && t_held == 0) Monitor.Wait(s_lock);
            if (s_active == 0) s_current = preferred;
            s_active++;
            t_held++;
            return new Scope(s_current);
        }
    }

    private static string Describe(int threads) => threads == 0 ? "all cores" : threads == 1 ? "1 thread" : $"{threads} threads";

    private static void Exit()
    {
        lock (s_lock)
        {
            t_held--;
            if (--s_active == 0) Monitor.PulseAll(s_lock);
        }
    }
}
