using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Trees;

/// <summary>
/// The fitted structure of one decision tree, laid out as scikit-learn's <c>tree_</c>: parallel arrays indexed by node,
/// node 0 the root. An internal node sends a row to <see cref="LeftChildren"/> when <c>x[feature] ≤ threshold</c> and to
/// <see cref="RightChildren"/> otherwise; leaves have both children <see cref="Leaf"/> (−1), feature
/// <see cref="UndefinedFeature"/> (−2) and threshold −2. Children always have larger indices than their parent.
/// Immutable and thread-safe; explainers (TreeSHAP) walk it directly.
/// </summary>
/// <remarks>
/// Like scikit-learn, trees compare feature values rounded to single precision: a value <c>x</c> goes left when
/// <c>(double)(float)x ≤ threshold</c>.
/// </remarks>
public sealed class TreeStructure
{
    /// <summary>The child index of a leaf (scikit-learn's <c>TREE_LEAF</c>).</summary>
    public const int Leaf = -1;

    /// <summary>The feature (and threshold) of a leaf (scikit-learn's <c>TREE_UNDEFINED</c>).</summary>
    public const int UndefinedFeature = -2;

    private readonly int[] _left;
    private readonly int[] _right;
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly double[] _value;
    private readonly double[] _impurity;
    private readonly int[] _nodeSamples;
    private readonly double[] _weightedNodeSamples;
    private readonly int[] _depth;

    /// <summary>Creates a tree after checking every index and length (invalid input throws <see cref="ArgumentException"/>).</summary>
    /// <param name="featureCount">Number of input features.</param>
    /// <param name="outputWidth">Values per node: the number of classes (classifiers) or 1 (regressors).</param>
    /// <param name="leftChildren">Left child of each node, −1 for leaves.</param>
    /// <param name="rightChildren">Right child of each node, −1 for leaves.</param>
    /// <param name="features">Split feature of each node, −2 for leaves.</param>
    /// <param name="thresholds">Split threshold of each node, −2 for leaves.</param>
    /// <param name="values">Node values, <paramref name="outputWidth"/> per node: weighted class counts or means.</param>
    /// <param name="impurities">Impurity of each node.</param>
    /// <param name="nodeSampleCounts">Training rows reaching each node.</param>
    /// <param name="weightedNodeSampleCounts">Total sample weight reaching each node.</param>
    public TreeStructure(int featureCount, int outputWidth, int[] leftChildren, int[] rightChildren, int[] features, double[] thresholds,
        double[] values, double[] impurities, int[] nodeSampleCounts, double[] weightedNodeSampleCounts)
    {
        ArgumentNullException.ThrowIfNull(leftChildren);
        ArgumentNullException.ThrowIfNull(rightChildren);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(impurities);
        ArgumentNullException.ThrowIfNull(nodeSampleCounts);
        ArgumentNullException.ThrowIfNull(weightedNodeSampleCounts);
        if (featureCount < 1) throw new ArgumentException("a tree needs at least one feature");
        if (outputWidth < 1) throw new ArgumentException("a tree needs at least one output value per node");
        var count = leftChildren.Length;
        if (count < 1) throw new ArgumentException("a tree needs at least one node");
        if (rightChildren.Length != count || features.Length != count || thresholds.Length != count || impurities.Length != count ||
            nodeSampleCounts.Length != count || weightedNodeSampleCounts.Length != count)
            throw new ArgumentException("the node arrays of a tree must all have one entry per node");
        if ((long)count * outputWidth != values.Length) throw new ArgumentException($"a tree of {count} nodes and {outputWidth} outputs needs {(long)count * outputWidth} values, not {values.Length}");
        var depth = new int[count];
        var hasParent = new bool[count];
        var leaves = 0;
        var maxDepth = 0;
        for (var i = 0; i < count; i++)
        {
            int l = leftChildren[i], r = rightChildren[i];
            if (l == Leaf || r == Leaf)
            {
                if (l != Leaf || r != Leaf) throw new ArgumentException($"node {i} has only one child");
                if (features[i] != UndefinedFeature) throw new ArgumentException($"leaf {i} names a split feature");
                leaves++;
            }
            else
            {
                if (l <= i || r <= i || l >= count || r >= count || l == r)
                    throw new ArgumentException($"node {i} has invalid children ({l}, {r})");
                if (hasParent[l] || hasParent[r]) throw new ArgumentException($"a child of node {i} has two parents");
                hasParent[l] = hasParent[r] = true;
                if ((uint)features[i] >= (uint)featureCount) throw new ArgumentException($"node {i} splits on feature {features[i]}, outside 0…{featureCount - 1}");
                if (double.IsNaN(thresholds[i])) throw new ArgumentException($"node {i} has a NaN threshold");
                depth[l] = depth[r] = depth[i] + 1;
                maxDepth = Math.Max(maxDepth, depth[i] + 1);
            }
            if (nodeSampleCounts[i] < 0 || !(weightedNodeSampleCounts[i] >= 0)) throw new ArgumentException($"node {i} has invalid sample counts");
        }
        for (var i = 1; i < count; i++)
            if (!hasParent[i]) throw new ArgumentException($"node {i} is not reachable from the root");
        foreach (var v in values)
            if (!double.IsFinite(v)) throw new ArgumentException("a node value is not finite");
        FeatureCount = featureCount;
        OutputWidth = outputWidth;
        _left = leftChildren;
        _right = rightChildren;
        _feature = features;
        _threshold = thresholds;
        _value = values;
        _impurity = impurities;
        _nodeSamples = nodeSampleCounts;
        _weightedNodeSamples = weightedNodeSampleCounts;
        _depth = depth;
        LeafCount = leaves;
        MaxDepth = maxDepth;
    }

    /// <summary>Number of nodes.</summary>
    public int NodeCount => _left.Length;

    /// <summary>Number of leaves.</summary>
    public int LeafCount { get; }

    /// <summary>Depth of the deepest leaf (0 for a single leaf).</summary>
    public int MaxDepth { get; }

    /// <summary>Number of input features the tree was grown on.</summary>
    public int FeatureCount { get; }

    /// <summary>Values per node: the number of classes for classification trees, 1 for regression trees.</summary>
    public int OutputWidth { get; }

    /// <summary>Left child of each node (−1 for leaves).</summary>
    public ReadOnlySpan<int> LeftChildren => _left;

    /// <summary>Right child of each node (−1 for leaves).</summary>
    public ReadOnlySpan<int> RightChildren => _right;

    /// <summary>Split feature of each node (−2 for leaves).</summary>
    public ReadOnlySpan<int> Features => _feature;

    /// <summary>Split threshold of each node (−2 for leaves); rows with <c>x[feature] ≤ threshold</c> go left.</summary>
    public ReadOnlySpan<double> Thresholds => _threshold;

    /// <summary>
    /// Node values, <see cref="OutputWidth"/> per node (node <c>i</c> at <c>[i * OutputWidth, (i + 1) * OutputWidth)</c>): for
    /// classification trees the weighted count of each class among the training rows reaching the node (as scikit-learn
    /// 1.2's <c>tree_.value</c>), for regression trees their weighted mean.
    /// </summary>
    public ReadOnlySpan<double> Values => _value;

    /// <summary>Impurity of each node under the training criterion.</summary>
    public ReadOnlySpan<double> Impurities => _impurity;

    /// <summary>Number of training rows reaching each node (distinct rows: a bootstrap duplicate counts once).</summary>
    public ReadOnlySpan<int> NodeSampleCounts => _nodeSamples;

    /// <summary>Total sample weight reaching each node (bootstrap multiplicity and class weights included).</summary>
    public ReadOnlySpan<double> WeightedNodeSampleCounts => _weightedNodeSamples;

    /// <summary>Depth of each node (the root is 0).</summary>
    public ReadOnlySpan<int> Depths => _depth;

    /// <summary>True when <paramref name="node"/> is a leaf.</summary>
    public bool IsLeaf(int node) => _left[node] == Leaf;

    /// <summary>The values of one node (<see cref="OutputWidth"/> entries).</summary>
    public ReadOnlySpan<double> NodeValue(int node) => _value.AsSpan(node * OutputWidth, OutputWidth);

    private FlatTree? _flat;

    /// <summary>The compact traversal layout, built once on first use (deterministic, so a race only repeats work).</summary>
    internal FlatTree Flat => _flat ??= FlatTree.Build(this, normalize: false);

    /// <summary>The leaf reached by one row of <see cref="FeatureCount"/> values.</summary>
    public int Apply(ReadOnlySpan<double> row)
    {
        CheckRow(row);
        Span<float> x = FeatureCount <= 512 ? stackalloc float[FeatureCount] : new float[FeatureCount];
        FlatTree.ToSingle(row, x);
        return Flat.LeafNode(Flat.FindLeaf(x));
    }

    /// <summary>The leaf reached by every row of <paramref name="x"/> (one column per feature, in training order).</summary>
    public int[] Apply(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckMatrix(x);
        var flat = Flat;
        var result = new int[x.Rows];
        Span<float> buf = FeatureCount <= 512 ? stackalloc float[FeatureCount] : new float[FeatureCount];
        for (var i = 0; i < x.Rows; i++)
        {
            FlatTree.ToSingle(x.Row(i), buf);
            result[i] = flat.LeafNode(flat.FindLeaf(buf));
        }
        return result;
    }

    /// <summary>
    /// The nodes each row of <paramref name="x"/> passes through, as a rows × nodes indicator matrix (scikit-learn's
    /// <c>decision_path</c>): entry (i, j) is 1 when row i visits node j.
    /// </summary>
    public CsrMatrix DecisionPath(Matrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        CheckMatrix(x);
        var ptr = new int[x.Rows + 1];
        var idx = new List<int>(x.Rows * (MaxDepth + 1));
        var row = new float[FeatureCount];
        for (var i = 0; i < x.Rows; i++)
        {
            FlatTree.ToSingle(x.Row(i), row);
            var node = 0;
            idx.Add(0);
            while (_left[node] != Leaf)
            {
                node = row[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
                idx.Add(node);
            }
            ptr[i + 1] = idx.Count;
        }
        var cols = idx.ToArray();
        return new CsrMatrix(x.Rows, NodeCount, ptr, cols, Enumerable.Repeat(1.0, cols.Length).ToArray());
    }

    /// <summary>
    /// Impurity-based feature importances (mean decrease in impurity): for each split, the weighted impurity of the node
    /// minus that of its children, summed per feature, divided by the root's weight and, when <paramref name="normalize"/>
    /// is set and the total is positive, scaled to sum to 1 — as scikit-learn's <c>feature_importances_</c>.
    /// </summary>
    public double[] FeatureImportances(bool normalize = true)
    {
        var importances = new double[FeatureCount];
        for (var i = 0; i < NodeCount; i++)
        {
            if (_left[i] == Leaf) continue;
            int l = _left[i], r = _right[i];
            importances[_feature[i]] += _weightedNodeSamples[i] * _impurity[i] - _weightedNodeSamples[l] * _impurity[l] - _weightedNodeSamples[r] * _impurity[r];
        }
        var root = _weightedNodeSamples[0];
        for (var f = 0; f < FeatureCount; f++) importances[f] /= root;
        if (normalize)
        {
            var sum = 0.0;
            foreach (var v in importances) sum += v;
            if (sum > 0)
                for (var f = 0; f < FeatureCount; f++) importances[f] /= sum;
        }
        return importances;
    }

    private void CheckRow(ReadOnlySpan<double> row)
    {
        if (row.Length != FeatureCount) throw new AugurException($"the row has {row.Length} values but the tree needs {FeatureCount} features");
    }

    private void CheckMatrix(Matrix x)
    {
        if (x.Cols != FeatureCount) throw new AugurException($"the matrix has {x.Cols} columns but the tree needs {FeatureCount} features");
    }

    /// <summary>Writes the node arrays under keys starting with <paramref name="prefix"/>.</summary>
    internal void Save(ModelWriter writer, string prefix)
    {
        writer.Write(prefix + "left", _left);
        writer.Write(prefix + "right", _right);
        writer.Write(prefix + "feature", _feature);
        writer.Write(prefix + "threshold", _threshold);
        writer.Write(prefix + "value", _value);
        writer.Write(prefix + "impurity", _impurity);
        writer.Write(prefix + "n_node_samples", _nodeSamples);
        writer.Write(prefix + "weighted_n_node_samples", _weightedNodeSamples);
    }

    /// <summary>Reads node arrays written by <see cref="Save"/>, checking every length and index.</summary>
    internal static TreeStructure Load(ModelReader reader, string prefix, int featureCount, int outputWidth)
    {
        var left = reader.ReadInt32s(prefix + "left");
        var n = left.Length;
        reader.Require(n >= 1, prefix + "left", "a tree needs at least one node");
        var right = reader.ReadInt32s(prefix + "right", n);
        var feature = reader.ReadInt32s(prefix + "feature", n);
        var threshold = reader.ReadDoubles(prefix + "threshold", n);
        reader.Require((long)n * outputWidth <= int.MaxValue, prefix + "value", "too many node values");
        var value = reader.ReadDoubles(prefix + "value", n * outputWidth);
        var impurity = reader.ReadDoubles(prefix + "impurity", n);
        var samples = reader.ReadInt32s(prefix + "n_node_samples", n);
        var weighted = reader.ReadDoubles(prefix + "weighted_n_node_samples", n);
        return Create(reader, prefix + "left", featureCount, outputWidth, left, right, feature, threshold, value, impurity, samples, weighted);
    }

    /// <summary>Builds a tree from arrays read from a file, turning invalid structure into a model-format error.</summary>
    internal static TreeStructure Create(ModelReader reader, string key, int featureCount, int outputWidth, int[] left, int[] right, int[] feature,
        double[] threshold, double[] value, double[] impurity, int[] samples, double[] weighted)
    {
        try
        {
            return new TreeStructure(featureCount, outputWidth, left, right, feature, threshold, value, impurity, samples, weighted);
        }
        catch (ArgumentException e)
        {
            reader.Require(false, key, "invalid tree: " + e.Message);
            throw;
        }
    }
}
