using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Augur.Numerics;

namespace Augur.Explain;

/// <summary>
/// Exact tree SHAP kernels. Path-dependent: Lundberg, Erion and Lee (2018), Algorithm 2, polynomial time — one walk per
/// tree and row that keeps, along the path, the proportion of coalitions of each size that reach the current node, and
/// at each leaf "unwinds" each feature to get its weighted contribution. Interventional: for each background row, the
/// coalition game v(S) = f(x_S, r_S̄) restricted to one tree is a sum over leaves of unanimity-style games (the leaf is
/// reached iff the features whose x-branch was taken are in S and those whose r-branch was taken are not), whose
/// Shapley values are closed-form; cost O(trees · leaves · background) per row.
/// </summary>
internal static class TreeShapEngine
{
    private struct PathElement
    {
        public int Feature;
        public double Zero;
        public double One;
        public double Weight;
    }

    /// <summary>
    /// Path-dependent tree SHAP of every row of <paramref name="x"/> (already prepared): one rows × features matrix per output.
    /// </summary>
    public static Matrix[] PathDependent(ShapForest forest, Matrix x, int threads)
    {
        var rows = x.Rows;
        var p = forest.Features;
        var outputs = forest.Outputs;
        var result = Enumerable.Range(0, outputs).Select(_ => new Matrix(rows, p)).ToArray();
        var maxDepth = forest.MaxDepth;
        var bufferSize = (maxDepth + 3) * (maxDepth + 4) / 2;
        var blocks = Math.Max(1, Math.Min(rows, threads * 8));
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, block =>
        {
            var worker = new PathWorker(forest, bufferSize, p * outputs);
            var start = (int)((long)rows * block / blocks);
            var end = (int)((long)rows * (block + 1) / blocks);
            for (var i = start; i < end; i++)
            {
                worker.Explain(x.Data.AsSpan(i * p, p));
                var phi = worker.Phi;
                for (var k = 0; k < outputs; k++)
                {
                    var dst = result[k].Data.AsSpan(i * p, p);
                    for (var j = 0; j < p; j++) dst[j] = phi[j * outputs + k];
                }
            }
        });
        return result;
    }

    private sealed class PathWorker(ShapForest forest, int bufferSize, int phiSize)
    {
        private readonly PathElement[] _path = new PathElement[bufferSize];
        private ShapTree _tree = null!;
        private readonly double[] _row = new double[forest.Features];
        private double _scale;
        public readonly double[] Phi = new double[phiSize];
        private readonly int _outputs = forest.Outputs;
        // 1/k and k as doubles for k = 0 … depth + 2, so the path updates multiply instead of divide.
        private readonly double[] _recip = Enumerable.Range(0, forest.MaxDepth + 4).Select(k => k == 0 ? 0 : 1.0 / k).ToArray();
        private readonly double[] _counts = Enumerable.Range(0, forest.MaxDepth + 4).Select(k => (double)k).ToArray();

        public void Explain(Span<double> row)
        {
            Array.Clear(Phi);
            row.CopyTo(_row);
            _scale = forest.Scale;
            foreach (var t in forest.Trees)
            {
                if (t.IsLeaf(0)) continue;
                _tree = t;
                Recurse(0, 0, 0, 1, 1, -1);
            }
        }

        private void Recurse(int node, int parentOffset, int depth, double zero, double one, int feature)
        {
            var path = _path;
            var offset = parentOffset + depth + 1;
            path.AsSpan(parentOffset, depth + 1).CopyTo(path.AsSpan(offset, depth + 1));
            Extend(path, offset, depth, zero, one, feature);
            var t = _tree;
            if (t.IsLeaf(node))
            {
                for (var i = 1; i <= depth; i++)
                {
                    ref var el = ref path[offset + i];
                    var w = UnwoundSum(path, offset, depth, i) * (el.One - el.Zero) * _scale;
                    if (t.Output >= 0) Phi[el.Feature * _outputs + t.Output] += w * t.Values[node];
                    else
                    {
                        var baseIndex = el.Feature * _outputs;
                        var v = node * t.Width;
                        for (var k = 0; k < _outputs; k++) Phi[baseIndex + k] += w * t.Values[v + k];
                    }
                }
                return;
            }
            var split = t.Feature[node];
            var hot = t.Next(node, _row[split]);
            var cold = hot == t.Left[node] ? t.Right[node] : t.Left[node];
            var cover = t.Cover[node];
            double hotZero, coldZero;
            if (cover > 0)
            {
                hotZero = t.Cover[hot] / cover;
                coldZero = t.Cover[cold] / cover;
            }
            else hotZero = coldZero = 0.5;
            double incomingZero = 1, incomingOne = 1;
            var k2 = 0;
            while (k2 <= depth && path[offset + k2].Feature != split) k2++;
            if (k2 <= depth)
            {
                incomingZero = path[offset + k2].Zero;
                incomingOne = path[offset + k2].One;
                Unwind(path, offset, depth, k2);
                depth--;
            }
            Recurse(hot, offset, depth + 1, hotZero * incomingZero, incomingOne, split);
            Recurse(cold, offset, depth + 1, coldZero * incomingZero, 0, split);
        }

        private void Extend(PathElement[] buffer, int offset, int depth, double zero, double one, int feature)
        {
            ref var path = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), offset);
            ref var recip = ref MemoryMarshal.GetArrayDataReference(_recip);
            ref var count = ref MemoryMarshal.GetArrayDataReference(_counts);
            Unsafe.Add(ref path, depth) = new PathElement { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1 : 0 };
            var inv = Unsafe.Add(ref recip, depth + 1);
            var oneInv = one * inv;
            var zeroInv = zero * inv;
            for (var i = depth - 1; i >= 0; i--)
            {
                ref var pi = ref Unsafe.Add(ref path, i);
                Unsafe.Add(ref path, i + 1).Weight += oneInv * pi.Weight * Unsafe.Add(ref count, i + 1);
                pi.Weight = zeroInv * pi.Weight * Unsafe.Add(ref count, depth - i);
            }
        }

        private void Unwind(PathElement[] buffer, int offset, int depth, int index)
        {
            ref var path = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), offset);
            ref var recip = ref MemoryMarshal.GetArrayDataReference(_recip);
            ref var count = ref MemoryMarshal.GetArrayDataReference(_counts);
            var one = Unsafe.Add(ref path, index).One;
            var zero = Unsafe.Add(ref path, index).Zero;
            var next = Unsafe.Add(ref path, depth).Weight;
            if (one != 0)
            {
                var scale = (depth + 1) / one;
                var zeroInv = zero * Unsafe.Add(ref recip, depth + 1);
                for (var i = depth - 1; i >= 0; i--)
                {
                    ref var pi = ref Unsafe.Add(ref path, i);
                    var tmp = pi.Weight;
                    pi.Weight = next * scale * Unsafe.Add(ref recip, i + 1);
                    next = tmp - pi.Weight * zeroInv * Unsafe.Add(ref count, depth - i);
                }
            }
            else
            {
                var scale = (depth + 1) / zero;
                for (var i = depth - 1; i >= 0; i--)
                {
                    ref var pi = ref Unsafe.Add(ref path, i);
                    pi.Weight = pi.Weight * scale * Unsafe.Add(ref recip, depth - i);
                }
            }
            for (var i = index; i < depth; i++)
            {
                ref var pi = ref Unsafe.Add(ref path, i);
                ref var pn = ref Unsafe.Add(ref path, i + 1);
                pi.Feature = pn.Feature;
                pi.Zero = pn.Zero;
                pi.One = pn.One;
            }
        }

        private double UnwoundSum(PathElement[] buffer, int offset, int depth, int index)
        {
            ref var path = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), offset);
            ref var recip = ref MemoryMarshal.GetArrayDataReference(_recip);
            ref var count = ref MemoryMarshal.GetArrayDataReference(_counts);
            var one = Unsafe.Add(ref path, index).One;
            var zero = Unsafe.Add(ref path, index).Zero;
            var next = Unsafe.Add(ref path, depth).Weight;
            double total = 0;
            if (one != 0)
            {
                var scale = (depth + 1) / one;
                var zeroInv = zero * Unsafe.Add(ref recip, depth + 1);
                for (var i = depth - 1; i >= 0; i--)
                {
                    var tmp = next * scale * Unsafe.Add(ref recip, i + 1);
                    total += tmp;
                    next = Unsafe.Add(ref path, i).Weight - tmp * zeroInv * Unsafe.Add(ref count, depth - i);
                }
            }
            else if (zero != 0)
            {
                var scale = (depth + 1) / zero;
                for (var i = depth - 1; i >= 0; i--)
                    total += Unsafe.Add(ref path, i).Weight * Unsafe.Add(ref recip, depth - i);
                total *= scale;
            }
            return total;
        }
    }

    /// <summary>
    /// Interventional tree SHAP of every row of <paramref name="x"/> against the weighted background
    /// <paramref name="background"/> (both prepared): one rows × features matrix per output.
    /// </summary>
    public static Matrix[] Interventional(ShapForest forest, Matrix x, Matrix background, double[] weights, int threads)
    {
        var rows = x.Rows;
        var p = forest.Features;
        var outputs = forest.Outputs;
        var result = Enumerable.Range(0, outputs).Select(_ => new Matrix(rows, p)).ToArray();
        var wsum = weights.Sum();
        var fact = new double[forest.MaxDepth + 2];
        fact[0] = 1;
        for (var i = 1; i < fact.Length; i++) fact[i] = fact[i - 1] * i;
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new IndependentWorker(forest, p, fact),
            (i, _, worker) =>
            {
                Array.Clear(worker.Phi);
                for (var b = 0; b < background.Rows; b++)
                {
                    if (weights[b] == 0) continue;
                    worker.Add(x.Data, i * p, background.Data, b * p, forest.Scale * weights[b] / wsum);
                }
                for (var k = 0; k < outputs; k++)
                {
                    var dst = result[k].Data.AsSpan(i * p, p);
                    for (var j = 0; j < p; j++) dst[j] = worker.Phi[j * outputs + k];
                }
                return worker;
            },
            _ => { });
        return result;
    }

    private sealed class IndependentWorker(ShapForest forest, int features, double[] fact)
    {
        public readonly double[] Phi = new double[features * forest.Outputs];
        private readonly byte[] _state = new byte[features]; // 0 free, 1 from x (in S), 2 from r (not in S)
        private readonly int[] _stack = new int[forest.MaxDepth + 1];
        private int _top;
        private ShapTree _tree = null!;
        private double[] _x = [], _r = [];
        private int _xo, _ro;
        private double _weight;
        private readonly int _outputs = forest.Outputs;

        public void Add(double[] x, int xOffset, double[] r, int rOffset, double weight)
        {
            _x = x;
            _r = r;
            _xo = xOffset;
            _ro = rOffset;
            _weight = weight;
            foreach (var t in forest.Trees)
            {
                if (t.IsLeaf(0)) continue;
                _tree = t;
                _top = 0;
                Walk(0, 0, 0);
            }
        }

        private void Walk(int node, int a, int b)
        {
            var t = _tree;
            if (t.IsLeaf(node))
            {
                if (a + b == 0) return;
                var pos = a > 0 ? fact[a - 1] * fact[b] / fact[a + b] * _weight : 0;
                var neg = b > 0 ? fact[a] * fact[b - 1] / fact[a + b] * _weight : 0;
                for (var s = 0; s < _top; s++)
                {
                    var f = _stack[s];
                    var c = _state[f] == 1 ? pos : -neg;
                    if (t.Output >= 0) Phi[f * _outputs + t.Output] += c * t.Values[node];
                    else
                        for (var k = 0; k < _outputs; k++) Phi[f * _outputs + k] += c * t.Values[node * t.Width + k];
                }
                return;
            }
            var split = t.Feature[node];
            switch (_state[split])
            {
                case 1:
                    Walk(t.Next(node, _x[_xo + split]), a, b);
                    return;
                case 2:
                    Walk(t.Next(node, _r[_ro + split]), a, b);
                    return;
            }
            var hx = t.Next(node, _x[_xo + split]);
            var hr = t.Next(node, _r[_ro + split]);
            if (hx == hr)
            {
                Walk(hx, a, b);
                return;
            }
            _stack[_top++] = split;
            _state[split] = 1;
            Walk(hx, a + 1, b);
            _state[split] = 2;
            Walk(hr, a, b + 1);
            _state[split] = 0;
            _top--;
        }
    }
}
