using System.Globalization;
using System.Text.Json;
using Augur.Data;
using Augur.Numerics;
using Augur.Trees;

namespace Augur.Tests.Trees;

/// <summary>
/// Single trees against scikit-learn 1.2.1 (Fixtures/trees/tree_cases.json, made by generate.py). "Exact" cases use a
/// scikit-learn seed whose random feature order breaks every tied split towards the lowest feature index, Augur's rule,
/// so the whole tree must match bit for bit; the other cases are compared node by node accepting any tied feature.
/// </summary>
public sealed class TreeParityTests
{
    private static readonly JsonElement s_cases = Fixture.Load("trees", "tree_cases.json").GetProperty("cases");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in s_cases.EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    private static JsonElement Case(string name) => s_cases.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    internal sealed record Fitted(TreeStructure Tree, IReadOnlyList<double> Importances, Func<Frame, Matrix> Proba, Func<Frame, int[]> Apply, Func<Frame, string[]> Predict);

    internal static (Frame X, Column Y) Data(JsonElement c) => TestData.LoadXy(c.GetProperty("data").GetString()!, c.GetProperty("target").GetString()!);

    private static Dictionary<string, string> Params(JsonElement c, int seed)
    {
        var p = new Dictionary<string, string> { ["random_state"] = seed.ToString(CultureInfo.InvariantCulture) };
        foreach (var kv in c.GetProperty("params").EnumerateObject())
            p[kv.Name] = kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString()! : kv.Value.GetRawText();
        return p;
    }

    internal static Fitted Fit(JsonElement c, int seed = 0)
    {
        var (x, y) = Data(c);
        var weights = c.GetProperty("weights").ValueKind == JsonValueKind.Null ? null : c.GetProperty("weights").Doubles();
        if (c.GetProperty("classifier").GetBoolean())
        {
            var est = EstimatorParameters.WithStrings(new DecisionTreeClassifier(), Params(c, seed));
            var m = est.Fit(x, y, weights);
            return new Fitted(m.Tree, m.FeatureImportances, m.PredictProba, m.Apply, f => Strings(m.Predict(f)));
        }
        var r = EstimatorParameters.WithStrings(new DecisionTreeRegressor(), Params(c, seed));
        var rm = r.Fit(x, y, weights);
        return new Fitted(rm.Tree, rm.FeatureImportances, f => new Matrix(f.RowCount, 1, rm.PredictValues(f)), rm.Apply,
            f => rm.PredictValues(f).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray());
    }

    private static string[] Strings(Column c) => Enumerable.Range(0, c.Length).Select(c.Format).ToArray();

    internal static Frame Probe(JsonElement c, Frame x) => Frame.FromMatrix(c.GetProperty("probe").Matrix(), x.ColumnNames);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScikitLearn(string name)
    {
        var c = Case(name);
        var fitted = Fit(c);
        var tree = fitted.Tree;
        var sk = c.GetProperty("tree");
        if (c.GetProperty("exact").GetBoolean())
        {
            Assert.Equal(sk.GetProperty("children_left").Ints(), tree.LeftChildren.ToArray());
            Assert.Equal(sk.GetProperty("children_right").Ints(), tree.RightChildren.ToArray());
            Assert.Equal(sk.GetProperty("feature").Ints(), tree.Features.ToArray());
            Assert.Equal(sk.GetProperty("threshold").Doubles(), tree.Thresholds.ToArray());
            Assert.Equal(sk.GetProperty("n_node_samples").Ints(), tree.NodeSampleCounts.ToArray());
            Close.Equal(sk.GetProperty("weighted_n_node_samples").Doubles(), tree.WeightedNodeSampleCounts, 1e-12, 0, "weighted_n_node_samples");
            Close.Equal(sk.GetProperty("impurity").Doubles(), tree.Impurities, 1e-10, 1e-12, "impurity");
            Close.Equal(sk.GetProperty("value").Matrix().Data, tree.Values, 1e-12, 1e-12, "value");
            Assert.Equal(c.GetProperty("max_depth").GetInt32(), tree.MaxDepth);
            Assert.Equal(c.GetProperty("n_leaves").GetInt32(), tree.LeafCount);
            Close.Equal(c.GetProperty("feature_importances").Doubles(), fitted.Importances.ToArray(), 1e-9, 1e-12, "feature_importances");

            var (x, _) = Data(c);
            var probe = Probe(c, x);
            Assert.Equal(c.GetProperty("apply_train").Ints(), fitted.Apply(x));
            Assert.Equal(c.GetProperty("apply_probe").Ints(), fitted.Apply(probe));
            if (c.GetProperty("classifier").GetBoolean())
            {
                Close.Equal(c.GetProperty("proba_train").Matrix(), fitted.Proba(x), 1e-12, 1e-15, "proba_train");
                Close.Equal(c.GetProperty("proba_probe").Matrix(), fitted.Proba(probe), 1e-12, 1e-15, "proba_probe");
                var expected = c.GetProperty("predict_probe").Strings();
                var classes = c.GetProperty("classes").Strings();
                var actual = fitted.Predict(probe);
                // Labels are compared through the class index (numeric labels print as 0 or 0.0 depending on the reader).
                Assert.Equal(expected.Select(e => Array.IndexOf(classes, e)), actual.Select(a => Array.IndexOf(classes, Normalize(a, classes))));
            }
            else
            {
                Close.Equal(c.GetProperty("predict_train").Doubles(), fitted.Proba(x).Data, 1e-12, 1e-12, "predict_train");
                Close.Equal(c.GetProperty("predict_probe").Doubles(), fitted.Proba(probe).Data, 1e-12, 1e-12, "predict_probe");
            }
        }
        else
        {
            var (x, _) = Data(c);
            var stats = new TieAwareStats
            {
                OurRows = RowsPerNode(tree.LeftChildren.ToArray(), tree.RightChildren.ToArray(), fitted.Apply(x)),
                TheirRows = RowsPerNode(sk.GetProperty("children_left").Ints(), sk.GetProperty("children_right").Ints(), c.GetProperty("apply_train").Ints()),
            };
            CompareNode(c, tree, sk, 0, 0, stats);
            var total = sk.GetProperty("children_left").GetArrayLength();
            Assert.True(stats.Compared * 2 >= total, $"only {stats.Compared} of {total} nodes could be compared ({stats.Deviations} tie deviations)");
        }
    }

    /// <summary>The training rows reaching each node, from the leaf of every row.</summary>
    private static string[] RowsPerNode(int[] left, int[] right, int[] leafOfRow)
    {
        var rows = new List<int>[left.Length];
        for (var i = 0; i < rows.Length; i++) rows[i] = [];
        for (var r = 0; r < leafOfRow.Length; r++) rows[leafOfRow[r]].Add(r);
        // Children have larger indices than their parents in both trees, so one backward pass collects every subtree.
        for (var i = left.Length - 1; i >= 0; i--)
            if (left[i] != -1)
            {
                rows[i].AddRange(rows[left[i]]);
                rows[i].AddRange(rows[right[i]]);
            }
        return rows.Select(l => string.Join(",", l.Order())).ToArray();
    }
    private static string Normalize(string label, string?[] classes)
    {
        if (Array.IndexOf(classes, label) >= 0) return label;
        return double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? classes.FirstOrDefault(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) && e == d) ?? label
            : label;
    }

    private sealed class TieAwareStats
    {
        public int Compared;
        public int Deviations;
        public string[] OurRows = [];
        public string[] TheirRows = [];
    }

    private static void CompareNode(JsonElement c, TreeStructure ours, JsonElement sk, int a, int b, TieAwareStats stats)
    {
        string Where() => $"{c.GetProperty("name").GetString()} node {a} (scikit-learn node {b})";
        Assert.True(sk.GetProperty("n_node_samples")[b].GetInt32() == ours.NodeSampleCounts[a], $"{Where()}: sample counts differ");
        Assert.True(stats.OurRows[a] == stats.TheirRows[b], $"{Where()}: different training rows");
        Close.Equal(sk.GetProperty("weighted_n_node_samples")[b].GetDouble(), ours.WeightedNodeSampleCounts[a], 1e-12, 0, Where());
        Close.Equal(sk.GetProperty("impurity")[b].GetDouble(), ours.Impurities[a], 1e-10, 1e-12, Where());
        Close.Equal(sk.GetProperty("value")[b].Doubles(), ours.NodeValue(a), 1e-12, 1e-12, Where());
        stats.Compared++;
        var skLeft = sk.GetProperty("children_left")[b].GetInt32();
        var skRight = sk.GetProperty("children_right")[b].GetInt32();
        Assert.True((skLeft == -1) == ours.IsLeaf(a), $"{Where()}: leaf in one tree only");
        if (skLeft == -1) return;
        var skFeature = sk.GetProperty("feature")[b].GetInt32();
        if (skFeature == ours.Features[a])
        {
            Assert.True(sk.GetProperty("threshold")[b].GetDouble() == ours.Thresholds[a], $"{Where()}: thresholds differ");
        }
        else
        {
            var tied = c.GetProperty("ties")[b].Ints();
            Assert.True(tied.Contains(ours.Features[a]), $"{Where()}: split on feature {ours.Features[a]}, scikit-learn on {skFeature}, tied set [{string.Join(",", tied)}]");
            stats.Deviations++;
            // A tied feature that sends the same rows left keeps both subtrees comparable; otherwise stop here.
            if (stats.OurRows[ours.LeftChildren[a]] != stats.TheirRows[skLeft]) return;
        }
        CompareNode(c, ours, sk, ours.LeftChildren[a], skLeft, stats);
        CompareNode(c, ours, sk, ours.RightChildren[a], skRight, stats);
    }
}
