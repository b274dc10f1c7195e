using Augur.Numerics;
using Augur.Serialization;
using Augur.Trees;

namespace Augur.Ensemble;

/// <summary>How the rows of each tree of a forest are drawn and weighted.</summary>
internal readonly record struct ForestSampling(int Trees, bool Bootstrap, int BootstrapSize, bool BalancedSubsample, int Seed, int Threads);

/// <summary>Growing, out-of-bag scoring, importances and storage shared by the four forest models.</summary>
internal sealed class ForestCore
{
    private ForestCore(TreeStructure[] trees, bool classifier)
    {
        Trees = trees;
        Predictor = TreeEnsemblePredictor.Create(trees, probabilities: classifier);
        Importances = AverageImportances(trees);
    }

    /// <summary>The fitted trees, in order.</summary>
    public TreeStructure[] Trees { get; }

    /// <summary>Walks all trees.</summary>
    public TreeEnsemblePredictor Predictor { get; }

    /// <summary>Mean of the trees' normalized impurity importances, normalized again (scikit-learn's forest <c>feature_importances_</c>).</summary>
    public double[] Importances { get; }

    /// <summary>Out-of-bag mean output per training row (rows × width), or null when not computed.</summary>
    public Matrix? OobOutput { get; private init; }

    /// <summary>
    /// Grows the trees in parallel. Tree <c>t</c> draws its bootstrap sample from <c>Rng.Derive(seed, 2t)</c> and its splits
    /// from <c>Rng.Derive(seed, 2t + 1)</c>, so the forest does not depend on the number of threads.
    /// </summary>
    public static ForestCore Grow(TreeTrainingSet data, double[]? baseWeights, GrowSettings settings, ForestSampling sampling, bool computeOob)
    {
        var n = data.Rows;
        var trees = new TreeStructure[sampling.Trees];
        var inBag = sampling.Bootstrap ? new ulong[sampling.Trees][] : null;
        void GrowTree(TreeGrower grower, int t)
        {
            var weights = baseWeights;
            if (sampling.Bootstrap)
            {
                var counts = BootstrapCounts(n, sampling.BootstrapSize, sampling.Seed, t);
                var bits = new ulong[(n + 63) >> 6];
                weights = new double[n];
                for (var i = 0; i < n; i++)
                {
                    weights[i] = (baseWeights?[i] ?? 1.0) * counts[i];
                    if (counts[i] != 0) bits[i >> 6] |= 1UL << (i & 63);
                }
                if (sampling.BalancedSubsample)
                {
                    var drawn = new List<int>(sampling.BootstrapSize);
                    var y = data.Classes!;
                    for (var i = 0; i < n; i++)
                        for (var k = 0; k < counts[i]; k++) drawn.Add(y[i]);
                    var classWeights = TreeOptionParsing.Balanced(data.Outputs, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(drawn));
                    for (var i = 0; i < n; i++) weights[i] *= classWeights[y[i]];
                }
                inBag![t] = bits;
            }
            trees[t] = grower.Grow(weights, settings, new Rng(Rng.Derive(sampling.Seed, 2L * t + 1)));
        }

        // Exactly one grower (and its large scratch buffers) per worker; workers take the next tree index until none is
        // left. Which worker grows a tree does not affect it.
        var workers = Math.Max(1, Math.Min(sampling.Threads, sampling.Trees));
        if (workers == 1)
        {
            var grower = new TreeGrower(data);
            for (var t = 0; t < sampling.Trees; t++) GrowTree(grower, t);
        }
        else
        {
            var next = -1;
            var tasks = new Task[workers];
            for (var w = 0; w < workers; w++)
                tasks[w] = Task.Factory.StartNew(() =>
                {
                    var grower = new TreeGrower(data);
                    int t;
                    while ((t = Interlocked.Increment(ref next)) < sampling.Trees) GrowTree(grower, t);
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            try
            {
                Task.WaitAll(tasks);
            }
            catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault() is AugurException inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            }
        }
        var core = new ForestCore(trees, data.IsClassification);
        return computeOob && inBag is not null ? core.WithOob(data, inBag, sampling.Threads) : core;
    }

    /// <summary>How many times each row is drawn into tree <paramref name="tree"/>'s bootstrap sample.</summary>
    private static int[] BootstrapCounts(int n, int size, int seed, int tree)
    {
        var rng = new Rng(Rng.Derive(seed, 2L * tree));
        var counts = new int[n];
        for (var k = 0; k < size; k++) counts[rng.NextInt(n)]++;
        return counts;
    }

    private ForestCore WithOob(TreeTrainingSet data, ulong[][] inBag, int threads)
    {
        var n = data.Rows;
        var p = data.Features;
        var width = Predictor.Width;
        var output = new Matrix(n, width);
        var x = data.X;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.For(0, (n + 255) / 256, options, () => new float[p], (block, _, row) =>
        {
            var end = Math.Min(n, (block + 1) * 256);
            for (var i = block * 256; i < end; i++)
            {
                for (var f = 0; f < p; f++) row[f] = x[f * n + i];
                var dst = output.Row(i);
                var count = 0;
                for (var t = 0; t < Trees.Length; t++)
                {
                    if ((inBag[t][i >> 6] & (1UL << (i & 63))) != 0) continue;
                    var src = Predictor.TreeOutput(t, row);
                    for (var c = 0; c < width; c++) dst[c] += src[c];
                    count++;
                }
                // Rows that were in every bootstrap sample keep zeros, as scikit-learn does (it warns).
                if (count > 0)
                    for (var c = 0; c < width; c++) dst[c] /= count;
            }
            return row;
        }, _ => { });
        return new ForestCore(Trees, data.IsClassification) { OobOutput = output };
    }

    private static double[] AverageImportances(TreeStructure[] trees)
    {
        var p = trees[0].FeatureCount;
        var sum = new double[p];
        var used = 0;
        foreach (var tree in trees)
        {
            if (tree.NodeCount <= 1) continue;
            var imp = tree.FeatureImportances();
            for (var f = 0; f < p; f++) sum[f] += imp[f];
            used++;
        }
        if (used == 0) return sum;
        var total = 0.0;
        for (var f = 0; f < p; f++)
        {
            sum[f] /= used;
            total += sum[f];
        }
        if (total > 0)
            for (var f = 0; f < p; f++) sum[f] /= total;
        return sum;
    }

    /// <summary>The leaf (node index) of every row in every tree: rows × trees.</summary>
    public int[,] Apply(Matrix x)
    {
        var result = new int[x.Rows, Trees.Length];
        for (var t = 0; t < Trees.Length; t++)
        {
            var leaves = Trees[t].Apply(x);
            for (var i = 0; i < leaves.Length; i++) result[i, t] = leaves[i];
        }
        return result;
    }

    /// <summary>scikit-learn's number of bootstrap rows: all, a count, or round(fraction × n) with at least 1.</summary>
    public static int BootstrapSize(double? maxSamples, bool bootstrap, int n, string consumer)
    {
        if (maxSamples is null) return n;
        if (!bootstrap) throw new AugurException($"{consumer} option 'max_samples' can only be set when 'bootstrap' is true");
        var m = maxSamples.Value;
        if (!(m > 0) || double.IsInfinity(m)) throw new AugurException($"{consumer} option 'max_samples' is {m}; use a fraction in (0, 1] or a row count");
        if (m <= 1) return Math.Max((int)Math.Round(n * m, MidpointRounding.ToEven), 1);
        if (m != Math.Floor(m) || m > n) throw new AugurException($"{consumer} option 'max_samples' is {m}; a row count must be a whole number no larger than the {n} training rows");
        return (int)m;
    }

    /// <summary>Checks the forest-wide options.</summary>
    public static void CheckOptions(string consumer, int nEstimators, bool bootstrap, bool oobScore)
    {
        if (nEstimators < 1) throw new AugurException($"{consumer} option 'n_estimators' is {nEstimators}; it must be at least 1");
        if (oobScore && !bootstrap) throw new AugurException($"{consumer} option 'oob_score' needs 'bootstrap' to be true (out-of-bag rows exist only with bootstrap samples)");
    }

    /// <summary>Writes the trees (node arrays concatenated, with each tree's node count) and the out-of-bag output.</summary>
    public void Save(ModelWriter writer)
    {
        var counts = Trees.Select(t => t.NodeCount).ToArray();
        writer.Write("tree_node_counts", counts);
        var total = counts.Sum();
        var width = Trees[0].OutputWidth;
        var left = new int[total];
        var right = new int[total];
        var feature = new int[total];
        var threshold = new double[total];
        var value = new double[total * width];
        var impurity = new double[total];
        var samples = new int[total];
        var weighted = new double[total];
        var o = 0;
        foreach (var t in Trees)
        {
            t.LeftChildren.CopyTo(left.AsSpan(o));
            t.RightChildren.CopyTo(right.AsSpan(o));
            t.Features.CopyTo(feature.AsSpan(o));
            t.Thresholds.CopyTo(threshold.AsSpan(o));
            t.Values.CopyTo(value.AsSpan(o * width));
            t.Impurities.CopyTo(impurity.AsSpan(o));
            t.NodeSampleCounts.CopyTo(samples.AsSpan(o));
            t.WeightedNodeSampleCounts.CopyTo(weighted.AsSpan(o));
            o += t.NodeCount;
        }
        writer.Write("left", left);
        writer.Write("right", right);
        writer.Write("feature", feature);
        writer.Write("threshold", threshold);
        writer.Write("value", value);
        writer.Write("impurity", impurity);
        writer.Write("n_node_samples", samples);
        writer.Write("weighted_n_node_samples", weighted);
        writer.Write("has_oob", OobOutput is not null);
        if (OobOutput is not null) writer.Write("oob_output", OobOutput);
    }

    /// <summary>Reads trees written by <see cref="Save"/>, checking every count, length and index.</summary>
    public static ForestCore Load(ModelReader reader, int featureCount, int width, bool classifier)
    {
        var counts = reader.ReadInt32s("tree_node_counts");
        reader.Require(counts.Length >= 1, "tree_node_counts", "a forest needs at least one tree");
        long total = 0;
        foreach (var c in counts)
        {
            reader.Require(c >= 1, "tree_node_counts", "every tree needs at least one node");
            total += c;
        }
        reader.Require(total * width <= int.MaxValue, "tree_node_counts", "too many nodes");
        var n = (int)total;
        var left = reader.ReadInt32s("left", n);
        var right = reader.ReadInt32s("right", n);
        var feature = reader.ReadInt32s("feature", n);
        var threshold = reader.ReadDoubles("threshold", n);
        var value = reader.ReadDoubles("value", n * width);
        var impurity = reader.ReadDoubles("impurity", n);
        var samples = reader.ReadInt32s("n_node_samples", n);
        var weighted = reader.ReadDoubles("weighted_n_node_samples", n);
        var trees = new TreeStructure[counts.Length];
        var o = 0;
        for (var t = 0; t < trees.Length; t++)
        {
            var c = counts[t];
            trees[t] = TreeStructure.Create(reader, $"left (tree {t})", featureCount, width, left[o..(o + c)], right[o..(o + c)], feature[o..(o + c)],
                threshold[o..(o + c)], value[(o * width)..((o + c) * width)], impurity[o..(o + c)], samples[o..(o + c)], weighted[o..(o + c)]);
            o += c;
        }
        Matrix? oob = null;
        if (reader.ReadBoolean("has_oob"))
        {
            oob = reader.ReadMatrix("oob_output", cols: width);
            foreach (var v in oob.Data) reader.Require(double.IsFinite(v), "oob_output", "out-of-bag values must be finite");
        }
        return new ForestCore(trees, classifier) { OobOutput = oob };
    }

    /// <summary>Accuracy of the out-of-bag class probabilities (argmax, first class on ties) against the encoded labels.</summary>
    public static double OobAccuracy(Matrix oob, ReadOnlySpan<int> encoded)
    {
        var correct = 0;
        for (var i = 0; i < encoded.Length; i++)
            if (TreeEnsemblePredictor.ArgMax(oob.Row(i)) == encoded[i]) correct++;
        return correct / (double)encoded.Length;
    }

    /// <summary>R² of the out-of-bag predictions.</summary>
    public static double OobR2(Matrix oob, ReadOnlySpan<double> y)
    {
        var mean = 0.0;
        foreach (var v in y) mean += v;
        mean /= y.Length;
        double ssRes = 0, ssTot = 0;
        for (var i = 0; i < y.Length; i++)
        {
            var r = y[i] - oob.Data[i];
            ssRes += r * r;
            var d = y[i] - mean;
            ssTot += d * d;
        }
        return ssTot == 0 ? (ssRes == 0 ? 1.0 : 0.0) : 1 - ssRes / ssTot;
    }
}
