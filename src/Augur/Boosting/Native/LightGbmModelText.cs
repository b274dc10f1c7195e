using System.Globalization;

namespace Augur.Boosting.Native;

/// <summary>
/// Checks LightGBM model text before LightGBM parses it. LightGBM 4.7's parser trusts the text: it seeks to tree
/// offsets taken from the file (<c>tree_sizes</c>), scans for '=' without a bound, and uses child and feature indices
/// as given, and an error inside its parallel tree parser aborts the whole process. So text that did not just come out
/// of LightGBM is checked here (header counts; every tree's arrays, child links, feature indices and category bitsets)
/// and its <c>tree_sizes</c> line removed, which makes LightGBM parse the trees one after another on the calling thread,
/// where any remaining complaint becomes an ordinary error.
/// </summary>
internal static class LightGbmModelText
{
    /// <summary>One tree of a checked model text.</summary>
    internal sealed record Tree(
        int NumLeaves,
        int[] SplitFeature,
        double[] Threshold,
        int[] DecisionType,
        int[] LeftChild,
        int[] RightChild,
        double[] LeafValue,
        int[] CatBoundaries,
        uint[] CatThreshold,
        bool IsLinear);

    /// <summary>A checked model text: the text LightGBM may parse, its header, and its trees.</summary>
    internal sealed record Parsed(string Text, IReadOnlyDictionary<string, string> Header, IReadOnlyList<Tree> Trees, int Features, int TreesPerIteration);

    /// <summary>Returns the text LightGBM may safely parse, or throws a <see cref="LightGbmException"/> saying what is wrong.</summary>
    public static string Sanitize(string text) => Parse(text).Text;

    /// <summary>Checks and parses model text; throws a <see cref="LightGbmException"/> saying what is wrong.</summary>
    public static Parsed Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var i = 0;
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<string>(lines.Length);
        for (; i < lines.Length && !lines[i].StartsWith("Tree=", StringComparison.Ordinal); i++)
        {
            var line = lines[i];
            if (line.StartsWith("tree_sizes=", StringComparison.Ordinal)) continue;
            kept.Add(line);
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) header.TryAdd(line[..eq], line[(eq + 1)..]);
            else if (eq < 0 && line.Length > 0) header.TryAdd(line, ""); // flags such as average_output
        }
        if (lines.Length == 0 || lines[0].Trim() != "tree") Fail("it does not start with the line 'tree'");
        var numClass = HeaderInt(header, "num_class", 1, 1 << 16);
        var perIteration = header.ContainsKey("num_tree_per_iteration") ? HeaderInt(header, "num_tree_per_iteration", 1, 1 << 16) : numClass;
        if (perIteration != numClass) Fail($"num_tree_per_iteration ({perIteration}) differs from num_class ({numClass})");
        HeaderInt(header, "label_index", 0, int.MaxValue);
        var maxFeature = HeaderInt(header, "max_feature_idx", 0, 1 << 24);
        var features = maxFeature + 1;
        if (!header.TryGetValue("feature_names", out var names) || names.Split(' ').Length != features)
            Fail($"feature_names must list {features} names");
        if (!header.TryGetValue("feature_infos", out var infos) || infos.Split(' ').Length != features)
            Fail($"feature_infos must list {features} entries");
        if (header.TryGetValue("monotone_constraints", out var mc) && mc.Split(' ').Length != features)
            Fail($"monotone_constraints must list {features} values");
        if (header.TryGetValue("objective", out var objective)) CheckObjective(objective, numClass);

        var trees = 0;
        var parsedTrees = new List<Tree>();
        while (i < lines.Length && lines[i].StartsWith("Tree=", StringComparison.Ordinal))
        {
            kept.Add(lines[i]);
            i++;
            var tree = new Dictionary<string, string>(StringComparer.Ordinal);
            for (; i < lines.Length && lines[i].Length > 0; i++)
            {
                var eq = lines[i].IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) Fail($"tree {trees} has a line without '=': '{Clip(lines[i])}'");
                if (!tree.TryAdd(lines[i][..eq], lines[i][(eq + 1)..])) Fail($"tree {trees} repeats '{lines[i][..eq]}'");
                kept.Add(lines[i]);
            }
            if (tree.Count > 22) Fail($"tree {trees} has {tree.Count} fields; LightGBM reads at most 22");
            parsedTrees.Add(CheckTree(tree, trees, features));
            trees++;
            // LightGBM's tree reader stops at a blank line and scans past the end of the text without one.
            var blank = i;
            for (; i < lines.Length - 1 && lines[i].Length == 0; i++) kept.Add(lines[i]);
            if (i == blank) Fail($"tree {trees - 1} is not followed by a blank line");
        }
        if (i >= lines.Length || !lines[i].StartsWith("end of trees", StringComparison.Ordinal)) Fail("the trees do not end with 'end of trees'");
        if (trees % perIteration != 0) Fail($"it holds {trees} trees, not a multiple of the {perIteration} trees per iteration");
        for (; i < lines.Length; i++) kept.Add(lines[i]);
        return new Parsed(string.Join('\n', kept), header, parsedTrees, features, perIteration);
    }

    /// <summary>
    /// Parses text that LightGBM itself just wrote (a model trained in this process): only what the managed evaluator
    /// reads, straight from the text, without the checks and the rewritten copy that untrusted text needs. Text that does
    /// not look as expected goes through <see cref="Parse"/> instead.
    /// </summary>
    public static Parsed ParseTrusted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseTrusted(text) ?? Parse(text);
    }

    private static Parsed? TryParseTrusted(string text)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var trees = new List<Tree>();
        var lines = text.AsSpan().EnumerateLines();
        var inTrees = false;
        TreeFields? current = null;
        foreach (var raw in lines)
        {
            var line = raw;
            if (!inTrees)
            {
                if (line.StartsWith("Tree=", StringComparison.Ordinal)) inTrees = true;
                else
                {
                    if (line.StartsWith("tree_sizes=", StringComparison.Ordinal)) continue;
                    var eq = line.IndexOf('=');
                    if (eq > 0) header.TryAdd(line[..eq].ToString(), line[(eq + 1)..].ToString());
                    else if (eq < 0 && line.Length > 0) header.TryAdd(line.ToString(), "");
                    continue;
                }
            }
            if (line.StartsWith("Tree=", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    if (current.Build() is not { } done) return null;
                    trees.Add(done);
                }
                current = new TreeFields();
                continue;
            }
            if (line.StartsWith("end of trees", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    if (current.Build() is not { } last) return null;
                    trees.Add(last);
                }
                current = null;
                break;
            }
            if (line.Length == 0 || current is null) continue;
            var at = line.IndexOf('=');
            if (at <= 0 || !current.Read(line[..at], line[(at + 1)..])) return null;
        }
        if (current is not null || !inTrees) return null;
        if (!int.TryParse(header.GetValueOrDefault("num_class"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var numClass) || numClass < 1) return null;
        var perIteration = numClass;
        if (header.TryGetValue("num_tree_per_iteration", out var tpi) &&
            !int.TryParse(tpi, NumberStyles.Integer, CultureInfo.InvariantCulture, out perIteration)) return null;
        if (!int.TryParse(header.GetValueOrDefault("max_feature_idx"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var maxFeature) || maxFeature < 0) return null;
        if (perIteration < 1 || trees.Count % perIteration != 0) return null;
        return new Parsed(text, header, trees, maxFeature + 1, perIteration);
    }

    /// <summary>The fields of one tree the evaluator needs, read from spans.</summary>
    private sealed class TreeFields
    {
        private int _leaves = -1;
        private int[]? _split, _decision, _left, _right, _catBoundaries;
        private double[]? _threshold, _leafValue;
        private uint[]? _catThreshold;
        private bool _linear;

        public bool Read(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
        {
            switch (key)
            {
                case "num_leaves": return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _leaves) && _leaves >= 1;
                case "split_feature": return Ints(value, out _split);
                case "decision_type": return Ints(value, out _decision);
                case "left_child": return Ints(value, out _left);
                case "right_child": return Ints(value, out _right);
                case "cat_boundaries": return Ints(value, out _catBoundaries);
                case "threshold": return Doubles(value, out _threshold);
                case "leaf_value": return Doubles(value, out _leafValue);
                case "cat_threshold":
                    var list = new List<uint>();
                    foreach (var range in value.Split(' '))
                    {
                        var token = value[range];
                        if (token.Length == 0) continue;
                        if (!uint.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bits)) return false;
                        list.Add(bits);
                    }
                    _catThreshold = list.ToArray();
                    return true;
                case "is_linear": _linear = value.Trim().SequenceEqual("1"); return true;
                default: return true;
            }
        }

        public Tree? Build()
        {
            if (_leaves < 1 || _leafValue is null || _leafValue.Length != _leaves) return null;
            if (_leaves == 1) return new Tree(1, [], [], [], [], [], _leafValue, [], [], _linear);
            var n = _leaves - 1;
            if (_split?.Length != n || _threshold?.Length != n || _left?.Length != n || _right?.Length != n) return null;
            var decision = _decision ?? new int[n];
            if (decision.Length != n) return null;
            return new Tree(_leaves, _split, _threshold, decision, _left, _right, _leafValue, _catBoundaries ?? [], _catThreshold ?? [], _linear);
        }

        private static bool Ints(ReadOnlySpan<char> value, out int[]? result)
        {
            var list = new List<int>(64);
            foreach (var range in value.Split(' '))
            {
                var token = value[range];
                if (token.Length == 0) continue;
                if (!int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) { result = null; return false; }
                list.Add(v);
            }
            result = list.ToArray();
            return true;
        }

        private static bool Doubles(ReadOnlySpan<char> value, out double[]? result)
        {
            var list = new List<double>(64);
            foreach (var range in value.Split(' '))
            {
                var token = value[range];
                if (token.Length == 0) continue;
                if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !IsSpecial(token.ToString(), out v)) { result = null; return false; }
                list.Add(v);
            }
            result = list.ToArray();
            return true;
        }
    }

    private static void CheckObjective(string objective, int numClass)
    {
        var parts = objective.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) Fail("the objective line is empty");
        var multiclass = parts[0] is "multiclass" or "multiclassova" or "softmax" or "multiclass_ova" or "ova" or "ovr";
        var declared = parts.Skip(1).FirstOrDefault(p => p.StartsWith("num_class:", StringComparison.Ordinal));
        if (multiclass)
        {
            if (declared is null || !int.TryParse(declared["num_class:".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) || k != numClass)
                Fail($"the objective '{objective}' does not declare num_class:{numClass}");
        }
        else if (numClass != 1) Fail($"objective '{parts[0]}' has one output but num_class is {numClass}");
    }

    private static Tree CheckTree(Dictionary<string, string> tree, int index, int features)
    {
        var leaves = TreeInt(tree, "num_leaves", index, 1, 1 << 24);
        var numCat = TreeInt(tree, "num_cat", index, 0, 1 << 24);
        var leafValue = Count(tree, "leaf_value", leaves, index, required: true);
        var isLinear = tree.TryGetValue("is_linear", out var linear) && linear.Trim() == "1";
        if (isLinear) CheckLinear(tree, index, leaves, features);
        if (leaves == 1) return new Tree(1, [], [], [], [], [], leafValue, [], [], isLinear);
        var n = leaves - 1;
        var split = Ints(tree, "split_feature", n, index);
        var left = Ints(tree, "left_child", n, index);
        var right = Ints(tree, "right_child", n, index);
        var decision = tree.ContainsKey("decision_type") ? Ints(tree, "decision_type", n, index) : new int[n];
        var threshold = Count(tree, "threshold", n, index, required: true);
        foreach (var key in new[] { "split_gain", "internal_value", "internal_weight", "internal_count" }) Count(tree, key, n, index, required: false);
        foreach (var key in new[] { "leaf_weight", "leaf_count" }) Count(tree, key, leaves, index, required: false);
        foreach (var f in split)
            if (f < 0 || f >= features) Fail($"tree {index} splits on feature {f}; the model has {features}");
        // A proper binary tree: node 0 is the root, every other node and every leaf has exactly one parent, and an
        // internal child always comes after its parent (so there are no cycles).
        var seenNode = new bool[n];
        var seenLeaf = new bool[leaves];
        for (var node = 0; node < n; node++)
            foreach (var child in new[] { left[node], right[node] })
            {
                if (child >= 0)
                {
                    if (child <= node || child >= n || seenNode[child]) Fail($"tree {index} has a bad child link {node} → {child}");
                    seenNode[child] = true;
                }
                else
                {
                    var leaf = ~child;
                    if (leaf >= leaves || seenLeaf[leaf]) Fail($"tree {index} has a bad leaf link {node} → leaf {leaf}");
                    seenLeaf[leaf] = true;
                }
            }
        if (seenNode[0] || seenNode.Skip(1).Any(s => !s) || seenLeaf.Any(s => !s)) Fail($"tree {index} is not one connected tree");
        var categorical = decision.Any(d => (d & 1) != 0);
        if (!categorical) return new Tree(leaves, split, threshold, decision, left, right, leafValue, [], [], isLinear);
        if (numCat == 0) Fail($"tree {index} has categorical splits but num_cat is 0");
        var bounds = Ints(tree, "cat_boundaries", numCat + 1, index);
        var bitTokens = tree.TryGetValue("cat_threshold", out var ct) ? ct.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var bits = new uint[bitTokens.Length];
        for (var k = 0; k < bits.Length; k++)
            if (!uint.TryParse(bitTokens[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out bits[k])) Fail($"tree {index} has a bad category bitset '{Clip(bitTokens[k])}'");
        if (bounds[0] != 0 || bounds[^1] != bits.Length) Fail($"tree {index} has category boundaries that do not cover its category bitsets");
        for (var k = 1; k < bounds.Length; k++)
            if (bounds[k] < bounds[k - 1]) Fail($"tree {index} has decreasing category boundaries");
        var thresholds = threshold;
        for (var node = 0; node < n; node++)
            if ((decision[node] & 1) != 0)
            {
                var t = thresholds[node];
                if (!(t >= 0 && t < numCat) || t != Math.Floor(t)) Fail($"tree {index} node {node} points at category set {t}; there are {numCat}");
            }
        return new Tree(leaves, split, threshold, decision, left, right, leafValue, bounds, bits, isLinear);
    }

    private static void CheckLinear(Dictionary<string, string> tree, int index, int leaves, int features)
    {
        Count(tree, "leaf_const", leaves, index, required: true);
        var counts = Ints(tree, "num_features", leaves, index);
        var total = 0L;
        foreach (var c in counts)
        {
            if (c < 0 || c > features) Fail($"tree {index} has a linear leaf with {c} features");
            total += c;
        }
        var leafFeatures = Tokens(tree, "leaf_features");
        var coefficients = Tokens(tree, "leaf_coeff");
        if (leafFeatures.Length != total || coefficients.Length != total) Fail($"tree {index} lists linear-leaf features and coefficients that do not add up");
        foreach (var token in leafFeatures)
            if (!int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) || f < 0 || f >= features)
                Fail($"tree {index} has a linear leaf on feature '{Clip(token)}'");
    }

    private static string[] Tokens(Dictionary<string, string> tree, string key) =>
        tree.TryGetValue(key, out var v) ? v.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];

    private static double[] Count(Dictionary<string, string> tree, string key, int expected, int index, bool required)
    {
        if (!tree.TryGetValue(key, out var value))
        {
            if (required) Fail($"tree {index} has no {key}");
            return [];
        }
        var tokens = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length != expected) Fail($"tree {index} lists {tokens.Length} values of {key}, not {expected}");
        var result = new double[tokens.Length];
        for (var k = 0; k < tokens.Length; k++)
            if (!double.TryParse(tokens[k], NumberStyles.Float, CultureInfo.InvariantCulture, out result[k]) && !IsSpecial(tokens[k], out result[k]))
                Fail($"tree {index} has a value '{Clip(tokens[k])}' in {key} that is not a number");
        return result;
    }

    private static bool IsSpecial(string token, out double value)
    {
        value = token.ToLowerInvariant() switch
        {
            "inf" or "+inf" or "infinity" => double.PositiveInfinity,
            "-inf" or "-infinity" => double.NegativeInfinity,
            "nan" or "-nan" => double.NaN,
            _ => 0,
        };
        return token.ToLowerInvariant() is "inf" or "+inf" or "infinity" or "-inf" or "-infinity" or "nan" or "-nan";
    }

    private static int[] Ints(Dictionary<string, string> tree, string key, int expected, int index)
    {
        if (!tree.TryGetValue(key, out var value)) Fail($"tree {index} has no {key}");
        var tokens = value!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length != expected) Fail($"tree {index} lists {tokens.Length} values of {key}, not {expected}");
        var result = new int[tokens.Length];
        for (var k = 0; k < tokens.Length; k++)
            if (!int.TryParse(tokens[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out result[k]))
                Fail($"tree {index} has a value '{Clip(tokens[k])}' in {key} that is not an integer");
        return result;
    }

    private static int TreeInt(Dictionary<string, string> tree, string key, int index, int min, int max)
    {
        if (!tree.TryGetValue(key, out var value) || !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            Fail($"tree {index} needs {key} between {min} and {max}");
        return int.Parse(tree[key], NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    private static int HeaderInt(Dictionary<string, string> header, string key, int min, int max)
    {
        if (!header.TryGetValue(key, out var value) || !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            Fail($"the header needs {key} between {min} and {max}");
        return int.Parse(header[key], NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Fail(string what) =>
        throw new LightGbmException($"LightGBM model text is malformed: {what}") { NativeMessage = $"malformed model text: {what}" };
}
