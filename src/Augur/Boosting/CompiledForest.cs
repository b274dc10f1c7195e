using System.Globalization;
using System.Runtime.CompilerServices;
using Augur.Boosting.Native;

namespace Augur.Boosting;

/// <summary>
/// A managed evaluator of a LightGBM model's trees, built from its model text, that predicts exactly what LightGBM
/// predicts (same decisions, including missing values and categorical bitsets; leaf values summed in LightGBM's order;
/// the same output transforms) but faster on batches: rows are processed in blocks, every tree walks all rows of a
/// block level by level (independent walks the processor overlaps, nodes hot in cache), no per-row allocations, and
/// blocks run in parallel on .NET's thread pool. Models it cannot mirror exactly (linear trees, objectives with other
/// transforms) are left to LightGBM's own predictor: <see cref="TryCreate"/> returns null for them.
/// </summary>
internal sealed class CompiledForest
{
    private const int Block = 64;
    // LightGBM's kZeroThreshold is the float 1e-35f widened to double.
    private static readonly double s_zeroThreshold = 1e-35f;

    private enum Transform { Identity, Sigmoid, Softmax, SigmoidEach, Exp }

    /// <summary>An internal node, packed so that a step reads one cache line.</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Node
    {
        public double Threshold;   // categorical nodes: index into the tree's category sets
        public int Feature;
        public int Kind;           // 0 = plain numerical split (fast path); 1 = see Slow
        public int Left;           // ≥ 0 internal node, < 0 ~leaf
        public int Right;
        public int NanRight;       // fast path: 1 when a missing value goes right
        public int Decision;       // LightGBM's decision_type
    }

    private readonly int[] _roots;          // per tree: internal root index, or ~leaf for single-leaf trees
    private readonly Node[] _nodes;
    private readonly int[] _catSet;         // per internal node: the global index of its category set (categorical nodes)
    private readonly int[] _catStart;       // per global category set: first word in _catBits
    private readonly int[] _catLength;      // per global category set: words
    private readonly uint[] _catBits;
    private readonly double[] _leafValue;
    private readonly int _classes;
    private readonly bool _average;
    private readonly Transform _transform;
    private readonly double _sigmoid;

    private CompiledForest(LightGbmModelText.Parsed model, int classes, bool average, Transform transform, double sigmoid)
    {
        Features = model.Features;
        _classes = classes;
        _average = average;
        _transform = transform;
        _sigmoid = sigmoid;
        var trees = model.Trees;
        _roots = new int[trees.Count];
        var internalCount = trees.Sum(t => t.NumLeaves - 1);
        var leafCount = trees.Sum(t => t.NumLeaves);
        _nodes = new Node[internalCount];
        _catSet = new int[internalCount];
        _leafValue = new double[leafCount];
        var catStart = new List<int>();
        var catLength = new List<int>();
        var catBits = new List<uint>();
        int nodeBase = 0, leafBase = 0;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            tree.LeafValue.CopyTo(_leafValue, leafBase);
            if (tree.NumLeaves == 1)
            {
                _roots[t] = ~leafBase;
                leafBase += 1;
                continue;
            }
            _roots[t] = nodeBase;
            var setBase = catStart.Count;
            for (var s = 0; s + 1 < tree.CatBoundaries.Length; s++)
            {
                catStart.Add(catBits.Count + tree.CatBoundaries[s] - tree.CatBoundaries[0]);
                catLength.Add(tree.CatBoundaries[s + 1] - tree.CatBoundaries[s]);
            }
            catBits.AddRange(tree.CatThreshold);
            for (var n = 0; n < tree.NumLeaves - 1; n++)
            {
                var g = nodeBase + n;
                var d = tree.DecisionType[n];
                var categorical = (d & 1) != 0;
                var missingType = (d >> 2) & 3;
                var threshold = tree.Threshold[n];
                // Numerical splits take the fast path unless zero counts as missing, or the threshold lies so close to
                // zero that LightGBM's reading of |x| ≤ 1e-35 as 0 could change the side.
                var nearZero = threshold >= -s_zeroThreshold && threshold < s_zeroThreshold;
                // A missing value: LightGBM reads it as 0 (missing type none) or sends it the default way (type NaN).
                var nanLeft = missingType == 2 ? (d & 2) != 0 : 0.0 <= threshold;
                _nodes[g] = new Node
                {
                    Threshold = threshold,
                    Feature = tree.SplitFeature[n],
                    Kind = categorical || missingType == 1 || nearZero ? 1 : 0,
                    Left = Link(tree.LeftChild[n], nodeBase, leafBase),
                    Right = Link(tree.RightChild[n], nodeBase, leafBase),
                    NanRight = nanLeft ? 0 : 1,
                    Decision = d,
                };
                if (categorical) _catSet[g] = setBase + (int)threshold;
            }
            nodeBase += tree.NumLeaves - 1;
            leafBase += tree.NumLeaves;
        }
        _catStart = catStart.ToArray();
        _catLength = catLength.ToArray();
        _catBits = catBits.ToArray();
    }

    private static int Link(int child, int nodeBase, int leafBase) => child >= 0 ? nodeBase + child : ~(leafBase + ~child);

    /// <summary>The number of features a row has.</summary>
    public int Features { get; }

    /// <summary>Outputs per row (1, or the classes of a multiclass model).</summary>
    public int Outputs => _classes;

    /// <summary>The evaluator for <paramref name="model"/>, or null when only LightGBM can predict it exactly.</summary>
    public static CompiledForest? TryCreate(LightGbmModelText.Parsed model)
    {
        if (model.Trees.Any(t => t.IsLinear)) return null;
        var classes = model.TreesPerIteration;
        var average = model.Header.ContainsKey("average_output");
        var objective = model.Header.TryGetValue("objective", out var o) ? o.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var name = objective.Length > 0 ? objective[0] : "";
        if (objective.Skip(1).Any(p => p == "sqrt")) return null;
        var sigmoid = 1.0;
        var sig = objective.Skip(1).FirstOrDefault(p => p.StartsWith("sigmoid:", StringComparison.Ordinal));
        if (sig is not null && !double.TryParse(sig["sigmoid:".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out sigmoid)) return null;
        Transform? transform = name switch
        {
            "" or "regression" or "regression_l1" or "huber" or "fair" or "quantile" or "mape" or "lambdarank" or "rank_xendcg" => Transform.Identity,
            "binary" => Transform.Sigmoid,
            "multiclass" => Transform.Softmax,
            "multiclassova" => Transform.SigmoidEach,
            "poisson" or "gamma" or "tweedie" => Transform.Exp,
            _ => null,
        };
        if (transform is null) return null;
        if (transform is Transform.Sigmoid or Transform.Identity or Transform.Exp && classes != 1) return null;
        return new CompiledForest(model, classes, average, transform.Value, sigmoid);
    }

    /// <summary>Reads feature <c>f</c> of row <c>r</c>.</summary>
    private interface IRows
    {
        double Get(int row, int feature);
    }

    private readonly unsafe struct RowMajor(double* data, int features) : IRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Get(int row, int feature) => data[(long)row * features + feature];
    }

    private readonly unsafe struct ColumnMajor(double** columns) : IRows
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Get(int row, int feature) => columns[feature][row];
    }

    /// <summary>
    /// Predicts <paramref name="rows"/> rows of a row-major matrix into <paramref name="output"/> (rows × <see cref="Outputs"/>):
    /// raw margins, or the objective's transformed prediction.
    /// </summary>
    public unsafe void Predict(ReadOnlySpan<double> data, int rows, bool raw, Span<double> output, int threads)
    {
        if (data.Length < (long)rows * Features) throw new ArgumentException("data is too short", nameof(data));
        fixed (double* x = data)
            Run(new RowMajor(x, Features), rows, raw, output, threads);
    }

    /// <summary>Like <see cref="Predict(ReadOnlySpan{double}, int, bool, Span{double}, int)"/>, reading one array per feature (no row-major copy).</summary>
    public unsafe void Predict(IReadOnlyList<double[]> columns, int rows, bool raw, Span<double> output, int threads)
    {
        if (columns.Count != Features) throw new ArgumentException($"{columns.Count} columns for {Features} features", nameof(columns));
        var handles = new System.Runtime.InteropServices.GCHandle[columns.Count];
        var pointers = (double**)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)Math.Max(columns.Count, 1), (nuint)sizeof(double*));
        try
        {
            for (var j = 0; j < columns.Count; j++)
            {
                if (columns[j].Length < rows) throw new ArgumentException($"column {j} is too short", nameof(columns));
                handles[j] = System.Runtime.InteropServices.GCHandle.Alloc(columns[j], System.Runtime.InteropServices.GCHandleType.Pinned);
                pointers[j] = (double*)handles[j].AddrOfPinnedObject();
            }
            Run(new ColumnMajor(pointers), rows, raw, output, threads);
        }
        finally
        {
            foreach (var h in handles) if (h.IsAllocated) h.Free();
            System.Runtime.InteropServices.NativeMemory.Free(pointers);
        }
    }

    private unsafe void Run<T>(T reader, int rows, bool raw, Span<double> output, int threads) where T : struct, IRows
    {
        if (output.Length < (long)rows * _classes) throw new ArgumentException("output is too short", nameof(output));
        var blocks = (rows + Block - 1) / Block;
        var work = (long)rows * _roots.Length;
        fixed (double* o = output)
        {
            if (blocks <= 1 || work < 200_000)
            {
                for (var b = 0; b < blocks; b++) PredictBlock(reader, rows, b, raw, o);
                return;
            }
            var op = (nint)o;
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
            // Several blocks per task keep scheduling overhead small.
            const int perTask = 8;
            Parallel.For(0, (blocks + perTask - 1) / perTask, options, task =>
            {
                var end = Math.Min(blocks, (task + 1) * perTask);
                for (var b = task * perTask; b < end; b++) PredictBlock(reader, rows, b, raw, (double*)op);
            });
        }
    }

    // Compiled fully optimised at once: a batch prediction is often the first and only call, and tiered compilation
    // would run its first thousands of blocks unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void PredictBlock<T>(T reader, int rows, int block, bool raw, double* output) where T : struct, IRows
    {
        var start = block * Block;
        var count = Math.Min(Block, rows - start);
        var k = _classes;
        Span<double> acc = stackalloc double[Block * k];
        acc[..(count * k)].Clear();
        Span<int> nodeOf = stackalloc int[Block];
        Span<int> active = stackalloc int[Block];
        ref var nodes = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_nodes);
        ref var leaves = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_leafValue);
        ref var nodeRef = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(nodeOf);
        ref var activeRef = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(active);
        for (var t = 0; t < _roots.Length; t++)
        {
            var root = _roots[t];
            var cls = t % k;
            if (root < 0)
            {
                var v = Unsafe.Add(ref leaves, ~root);
                for (var r = 0; r < count; r++) acc[r * k + cls] += v;
                continue;
            }
            for (var r = 0; r < count; r++)
            {
                Unsafe.Add(ref nodeRef, r) = root;
                Unsafe.Add(ref activeRef, r) = r;
            }
            // Walk every row of the block one level at a time, keeping a compact list of the rows still inside the
            // tree: the walks are independent, so the processor overlaps them, and the steps have no branches to guess.
            var m = count;
            while (m > 0)
            {
                var next = 0;
                for (var j = 0; j < m; j++)
                {
                    var r = Unsafe.Add(ref activeRef, j);
                    var n = Unsafe.Add(ref nodeRef, r);
                    ref var node = ref Unsafe.Add(ref nodes, n);
                    var value = reader.Get(start + r, node.Feature);
                    if (node.Kind == 0)
                    {
                        var right = (value > node.Threshold ? 1 : 0) | ((double.IsNaN(value) ? 1 : 0) & node.NanRight);
                        n = Unsafe.Add(ref node.Left, right);
                    }
                    else n = Slow(n, value);
                    Unsafe.Add(ref nodeRef, r) = n;
                    Unsafe.Add(ref activeRef, next) = r;
                    next += (int)((uint)~n >> 31);
                }
                m = next;
            }
            for (var r = 0; r < count; r++) acc[r * k + cls] += Unsafe.Add(ref leaves, ~Unsafe.Add(ref nodeRef, r));
        }
        var iterations = _roots.Length / k;
        for (var r = 0; r < count; r++)
        {
            var row = acc.Slice(r * k, k);
            var target = new Span<double>(output + (long)(start + r) * k, k);
            if (raw)
            {
                row.CopyTo(target);
                continue;
            }
            if (_average)
                for (var c = 0; c < k; c++) row[c] /= iterations;
            Convert(row, target);
        }
    }

    /// <summary>LightGBM's decision for categorical nodes, zero-as-missing nodes and missing values.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Slow(int n, double value)
    {
        ref readonly var node = ref _nodes[n];
        var d = node.Decision;
        var left = node.Left;
        var right = node.Right;
        if ((d & 1) != 0)
        {
            if (double.IsNaN(value)) return right;
            var category = (int)value;
            if (category < 0) return right;
            var set = _catSet[n];
            var word = category / 32;
            if (word >= _catLength[set]) return right;
            return ((_catBits[_catStart[set] + word] >> (category % 32)) & 1) != 0 ? left : right;
        }
        var missingType = (d >> 2) & 3;
        if (double.IsNaN(value) ? missingType != 2 : Math.Abs(value) <= s_zeroThreshold) value = 0.0;
        if ((missingType == 1 && value >= -s_zeroThreshold && value <= s_zeroThreshold) || (missingType == 2 && double.IsNaN(value)))
            return (d & 2) != 0 ? left : right;
        return value <= node.Threshold ? left : right;
    }

    private void Convert(Span<double> input, Span<double> output)
    {
        switch (_transform)
        {
            case Transform.Sigmoid:
                output[0] = 1.0 / (1.0 + Math.Exp(-_sigmoid * input[0]));
                break;
            case Transform.SigmoidEach:
                for (var c = 0; c < input.Length; c++) output[c] = 1.0 / (1.0 + Math.Exp(-_sigmoid * input[c]));
                break;
            case Transform.Softmax:
            {
                var max = input[0];
                for (var c = 1; c < input.Length; c++) max = Math.Max(input[c], max);
                var sum = 0.0;
                for (var c = 0; c < input.Length; c++)
                {
                    output[c] = Math.Exp(input[c] - max);
                    sum += output[c];
                }
                for (var c = 0; c < input.Length; c++) output[c] /= sum;
                break;
            }
            case Transform.Exp:
                output[0] = Math.Exp(input[0]);
                break;
            default:
                input.CopyTo(output);
                break;
        }
    }
}
