using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Augur.Numerics;

namespace Augur.Svm;

/// <summary>The kernel of a support vector machine.</summary>
public enum SvmKernel
{
    /// <summary>Gaussian radial basis function exp(−γ‖x − y‖²).</summary>
    Rbf,
    /// <summary>The plain inner product x·y.</summary>
    Linear,
    /// <summary>Polynomial (γ x·y + coef0)^degree.</summary>
    Poly,
    /// <summary>Sigmoid tanh(γ x·y + coef0).</summary>
    Sigmoid,
}

/// <summary>A kernel with its parameters resolved (γ is a number here).</summary>
internal readonly record struct KernelSpec(SvmKernel Kind, double Gamma, int Degree, double Coef0)
{
    /// <summary>Resolves γ: <c>scale</c> = 1 / (features · Var(X)), <c>auto</c> = 1 / features, or a positive number.</summary>
    public static double ResolveGamma(string gamma, Matrix x, string model)
    {
        var text = (gamma ?? "scale").Trim();
        var p = Math.Max(1, x.Cols);
        if (text.Equals("scale", StringComparison.OrdinalIgnoreCase))
        {
            var n = (double)x.Data.Length;
            if (n == 0) return 1.0;
            var mean = 0.0;
            foreach (var v in x.Data) mean += v;
            mean /= n;
            var ss = 0.0;
            foreach (var v in x.Data) ss += (v - mean) * (v - mean);
            var variance = ss / n;
            return variance == 0 ? 1.0 : 1.0 / (p * variance);
        }
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase)) return 1.0 / p;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var g) && double.IsFinite(g) && g >= 0) return g;
        throw new AugurException($"{model} option 'gamma' must be 'scale', 'auto' or a non-negative number, not '{gamma}'");
    }

    /// <summary>Integer power by repeated squaring.</summary>
    public static double Powi(double b, int times)
    {
        var tmp = b;
        var ret = 1.0;
        for (var t = times; t > 0; t /= 2)
        {
            if (t % 2 == 1) ret *= tmp;
            tmp *= tmp;
        }
        return ret;
    }

    /// <summary>The kernel value from the inner product and the two squared norms.</summary>
    public double FromDot(double dot, double sqA, double sqB) => Kind switch
    {
        SvmKernel.Linear => dot,
        SvmKernel.Poly => Powi(Gamma * dot + Coef0, Degree),
        SvmKernel.Rbf => Math.Exp(-Gamma * (sqA + sqB - 2 * dot)),
        _ => Math.Tanh(Gamma * dot + Coef0),
    };

    /// <summary>
    /// The kernel between every row of <paramref name="a"/> and every row of <paramref name="b"/> (rows(a) × rows(b)),
    /// parallel over rows of <paramref name="a"/>.
    /// </summary>
    public Matrix Matrix(Matrix a, Matrix b, double[]? bSq = null)
    {
        var k = DenseOps.MultiplyTransposed(a, b);
        if (Kind == SvmKernel.Linear) return k;
        bSq ??= DenseOps.RowSquaredNorms(b);
        var spec = this;
        void RowKernel(int i)
        {
            var row = k.Row(i);
            var ai = a.Row(i);
            var aSq = spec.Kind == SvmKernel.Rbf ? TensorPrimitives.Dot(ai, ai) : 0.0;
            for (var j = 0; j < row.Length; j++) row[j] = spec.FromDot(row[j], aSq, bSq[j]);
        }
        if ((long)a.Rows * b.Rows < DenseOps.ParallelThreshold / 8) for (var i = 0; i < a.Rows; i++) RowKernel(i);
        else Parallel.For(0, a.Rows, RowKernel);
        return k;
    }
}

/// <summary>
/// Kernel rows over one training problem's rows, as single-precision columns (like libsvm's Q cache). The rows are
/// kept four at a time interleaved by feature, so one vector instruction advances four inner products; each lane
/// accumulates x·y feature by feature, the same sequence of operations as a plain scalar loop.
/// </summary>
internal sealed class TrainingKernel
{
    private const int Lanes = 4;
    private readonly Matrix _x;
    private readonly double[] _sq;
    private readonly double[] _blocked;

    public TrainingKernel(Matrix x, KernelSpec spec)
    {
        _x = x;
        Spec = spec;
        var n = x.Rows;
        var p = x.Cols;
        _sq = new double[n];
        for (var i = 0; i < n; i++) _sq[i] = Dot(x.Row(i), x.Row(i));
        var blocks = (n + Lanes - 1) / Lanes;
        _blocked = new double[blocks * p * Lanes];
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            var b = i / Lanes;
            var lane = i % Lanes;
            for (var f = 0; f < p; f++) _blocked[(b * p + f) * Lanes + lane] = row[f];
        }
    }

    public KernelSpec Spec { get; }

    public int Rows => _x.Rows;

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var f = 0; f < a.Length; f++) s += a[f] * b[f];
        return s;
    }

    public double Eval(int i, int j) => Spec.FromDot(Dot(_x.Row(i), _x.Row(j)), _sq[i], _sq[j]);

    /// <summary>K(x_i, x_t) for every row t, rounded to single precision.</summary>
    public void Row(int i, float[] destination)
    {
        var n = _x.Rows;
        var p = _x.Cols;
        var blocks = (n + Lanes - 1) / Lanes;
        if ((long)n * p < 1 << 16) Range(i, 0, blocks, destination);
        else
        {
            var chunks = Math.Min(Environment.ProcessorCount * 2, (blocks + 63) / 64);
            Parallel.For(0, chunks, c => Range(i, (int)((long)blocks * c / chunks), (int)((long)blocks * (c + 1) / chunks), destination));
        }
    }

    private unsafe void Range(int i, int fromBlock, int toBlock, float[] destination)
    {
        var p = _x.Cols;
        var n = _x.Rows;
        var spec = Spec;
        var sqi = _sq[i];
        var tile = stackalloc double[Lanes];
        fixed (double* blocked = _blocked)
        fixed (double* xi = _x.Data)
        {
            var q = xi + (long)i * p;
            for (var b = fromBlock; b < toBlock; b++)
            {
                var block = blocked + (long)b * p * Lanes;
                var acc = Vector256<double>.Zero;
                for (var f = 0; f < p; f++) acc += Vector256.Create(q[f]) * Vector256.Load(block + f * Lanes);
                acc.Store(tile);
                var limit = Math.Min(Lanes, n - b * Lanes);
                for (var r = 0; r < limit; r++)
                {
                    var t = b * Lanes + r;
                    destination[t] = (float)spec.FromDot(tile[r], sqi, _sq[t]);
                }
            }
        }
    }
}

/// <summary>
/// A least-recently-used cache of kernel rows with a budget in bytes (libsvm's <c>cache_size</c>). Rows are computed
/// on first use and evicted oldest-first when the budget is exceeded. Single-threaded (one solver owns one cache).
/// </summary>
internal sealed class KernelCache
{
    private readonly TrainingKernel _kernel;
    private readonly float[]?[] _rows;
    private readonly int[] _prev;
    private readonly int[] _next;
    private readonly long _capacityRows;
    private int _head = -1; // most recently used
    private int _tail = -1; // least recently used
    private long _count;

    public KernelCache(TrainingKernel kernel, double megabytes)
    {
        _kernel = kernel;
        var n = kernel.Rows;
        _rows = new float[n][];
        _prev = new int[n];
        _next = new int[n];
        var bytes = Math.Max(megabytes, 0.0) * (1 << 20);
        var rowBytes = 4.0 * Math.Max(1, n);
        _capacityRows = Math.Max(2, (long)(bytes / rowBytes));
    }

    public float[] Row(int i)
    {
        var row = _rows[i];
        if (row is not null)
        {
            MoveToFront(i);
            return row;
        }
        while (_count >= _capacityRows && _tail >= 0) Evict(_tail);
        row = new float[_kernel.Rows];
        _kernel.Row(i, row);
        _rows[i] = row;
        _count++;
        _prev[i] = -1;
        _next[i] = _head;
        if (_head >= 0) _prev[_head] = i;
        _head = i;
        if (_tail < 0) _tail = i;
        return row;
    }

    private void Unlink(int i)
    {
        var p = _prev[i];
        var n = _next[i];
        if (p >= 0) _next[p] = n; else _head = n;
        if (n >= 0) _prev[n] = p; else _tail = p;
    }

    private void MoveToFront(int i)
    {
        if (_head == i) return;
        Unlink(i);
        _prev[i] = -1;
        _next[i] = _head;
        if (_head >= 0) _prev[_head] = i;
        _head = i;
        if (_tail < 0) _tail = i;
    }

    private void Evict(int i)
    {
        Unlink(i);
        _rows[i] = null;
        _count--;
    }
}
