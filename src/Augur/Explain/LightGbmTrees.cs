using System.Globalization;

namespace Augur.Explain;

/// <summary>
/// Reads the trees of a LightGBM model text (as LightGBM's <c>save_model</c> writes it) for the tree explainers: split
/// features, thresholds, decision types (categorical bitsets, default direction and missing-value handling), children,
/// leaf values and the training counts of leaves and internal nodes (the covers of tree SHAP).
/// </summary>
internal static class LightGbmTrees
{
    public static ShapForest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        for (; i < lines.Length && !lines[i].StartsWith("Tree=", StringComparison.Ordinal); i++)
        {
            var eq = lines[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) header.TryAdd(lines[i][..eq], lines[i][(eq + 1)..]);
            else if (lines[i].Length > 0) header.TryAdd(lines[i].Trim(), "");
        }
        var perIteration = header.TryGetValue("num_tree_per_iteration", out var tpi) ? Int(tpi, "num_tree_per_iteration")
            : header.TryGetValue("num_class", out var nc) ? Int(nc, "num_class") : 1;
        if (!header.TryGetValue("max_feature_idx", out var mfi)) throw Bad("the header has no max_feature_idx");
        var features = Int(mfi, "max_feature_idx") + 1;
        if (perIteration < 1 || features < 1) throw Bad("the header's tree or feature counts are invalid");
        var trees = new List<ShapTree>();
        while (i < lines.Length && lines[i].StartsWith("Tree=", StringComparison.Ordinal))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            i++;
            for (; i < lines.Length && lines[i].Length > 0 && !lines[i].StartsWith("Tree=", StringComparison.Ordinal) && !lines[i].StartsWith("end of trees", StringComparison.Ordinal); i++)
            {
                var eq = lines[i].IndexOf('=', StringComparison.Ordinal);
                if (eq > 0) fields[lines[i][..eq]] = lines[i][(eq + 1)..];
            }
            while (i < lines.Length && lines[i].Length == 0) i++;
            trees.Add(ParseTree(fields, features, trees.Count % perIteration, trees.Count));
        }
        if (trees.Count == 0) throw Bad("it holds no trees");
        var average = header.ContainsKey("average_output");
        return new ShapForest
        {
            Trees = trees.ToArray(),
            Features = features,
            Outputs = perIteration,
            Scale = average ? perIteration / (double)trees.Count : 1.0,
            RoundToSingle = false,
        };
    }

    private static ShapTree ParseTree(Dictionary<string, string> f, int features, int output, int index)
    {
        string Field(string key) => f.TryGetValue(key, out var v) ? v : throw Bad($"tree {index} has no {key}");
        var leaves = Int(Field("num_leaves"), "num_leaves");
        if (leaves < 1) throw Bad($"tree {index} has {leaves} leaves");
        if (f.TryGetValue("is_linear", out var lin) && lin.Trim() == "1")
            throw new AugurException("tree SHAP cannot explain LightGBM models with linear trees; use kernel SHAP");
        var leafValue = Doubles(Field("leaf_value"));
        if (leafValue.Length != leaves) throw Bad($"tree {index} lists {leafValue.Length} leaf values for {leaves} leaves");
        var internals = leaves - 1;
        var n = internals + leaves;
        var left = new int[n];
        var right = new int[n];
        var feature = new int[n];
        var threshold = new double[n];
        var rule = new byte[n];
        var decision = new byte[n];
        var cover = new double[n];
        var values = new double[n];
        Array.Fill(left, -1);
        Array.Fill(right, -1);
        Array.Fill(feature, -2);
        for (var l = 0; l < leaves; l++) values[internals + l] = leafValue[l];
        int[] catBoundaries = [];
        uint[] catBits = [];
        if (internals > 0)
        {
            var split = Ints(Field("split_feature"));
            var thr = Doubles(Field("threshold"));
            var dec = Ints(Field("decision_type"));
            var lc = Ints(Field("left_child"));
            var rc = Ints(Field("right_child"));
            var leafCount = Doubles(Field("leaf_count"));
            var internalCount = Doubles(Field("internal_count"));
            if (split.Length != internals || thr.Length != internals || dec.Length != internals || lc.Length != internals || rc.Length != internals
                || internalCount.Length != internals || leafCount.Length != leaves)
                throw Bad($"tree {index}'s node arrays do not match its {leaves} leaves");
            var numCat = f.TryGetValue("num_cat", out var ncs) ? Int(ncs, "num_cat") : 0;
            if (numCat > 0)
            {
                catBoundaries = Ints(Field("cat_boundaries"));
                catBits = Field("cat_threshold").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(s => uint.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
                if (catBoundaries.Length != numCat + 1 || catBoundaries[0] != 0 || catBoundaries[^1] != catBits.Length)
                    throw Bad($"tree {index}'s category sets are inconsistent");
                for (var c = 0; c < numCat; c++)
                    if (catBoundaries[c + 1] < catBoundaries[c]) throw Bad($"tree {index}'s category sets are inconsistent");
            }
            int Node(int child) => child >= 0 ? child : internals + ~child;
            for (var k = 0; k < internals; k++)
            {
                if ((uint)split[k] >= (uint)features) throw Bad($"tree {index} splits on feature {split[k]}, outside 0…{features - 1}");
                if (lc[k] >= internals || rc[k] >= internals || ~lc[k] >= leaves || ~rc[k] >= leaves || (lc[k] >= 0 && lc[k] <= k) || (rc[k] >= 0 && rc[k] <= k))
                    throw Bad($"tree {index} node {k} has invalid children");
                left[k] = Node(lc[k]);
                right[k] = Node(rc[k]);
                feature[k] = split[k];
                threshold[k] = thr[k];
                decision[k] = (byte)dec[k];
                var categorical = (dec[k] & 1) != 0;
                rule[k] = categorical ? ShapTree.LightGbmCategorical : ShapTree.LightGbmNumerical;
                if (categorical && (thr[k] < 0 || (int)thr[k] >= numCat)) throw Bad($"tree {index} node {k} names a missing category set");
                cover[k] = internalCount[k];
            }
            for (var l = 0; l < leaves; l++) cover[internals + l] = leafCount[l];
        }
        else cover[0] = 1;
        return new ShapTree
        {
            Left = left,
            Right = right,
            Feature = feature,
            Threshold = threshold,
            Rule = rule,
            Decision = decision,
            Cover = cover,
            Values = values,
            Width = 1,
            Output = output,
            CatBoundaries = catBoundaries,
            CatBits = catBits,
        }.Finish();
    }

    private static int Int(string s, string what) =>
        int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw Bad($"{what} is not a whole number");

    private static int[] Ints(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => Int(t, "a node index")).ToArray();

    private static double[] Doubles(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : t is "inf" or "+inf" ? double.PositiveInfinity : t == "-inf" ? double.NegativeInfinity : throw Bad($"'{t}' is not a number")).ToArray();

    private static AugurException Bad(string what) => new($"cannot read the LightGBM model text for tree SHAP: {what}");
}
