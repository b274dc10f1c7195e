using Augur.Boosting;
using Augur.Data;
using Augur.Serialization;
using CsCheck;

namespace Augur.Tests.Boosting;

/// <summary>Model text from outside is checked before LightGBM's parser (which can abort the process) sees it.</summary>
public class LightGbmModelTextTests
{
    private static readonly Lazy<(string Text, Frame X, ModelSignature Signature)> s_model = new(() =>
    {
        var (x, y) = BoostingTestData.Mixed(1500, seed: 8);
        var model = new GradientBoostingClassifier { NEstimators = 6, NumLeaves = 7 }.Fit(x, y);
        Assert.Matches("num_cat=[1-9]", model.LightGbmModelText);
        return (model.LightGbmModelText, x, model.Signature);
    });

    private static string Replace(string text, string key, Func<string, string> change, int tree = 0)
    {
        var start = text.IndexOf($"Tree={tree}\n", StringComparison.Ordinal);
        var at = text.IndexOf($"\n{key}=", start, StringComparison.Ordinal) + 1;
        var end = text.IndexOf('\n', at);
        var value = text[(at + key.Length + 1)..end];
        return text[..at] + key + "=" + change(value) + text[end..];
    }

    [Theory]
    [InlineData("left_child", "child link")]
    [InlineData("split_feature", "feature")]
    [InlineData("leaf_value", "leaf_value")]
    [InlineData("num_leaves", "not 9")]
    public void CorruptTrees_AreRejectedWithAReason(string key, string reason)
    {
        var (text, _, _) = s_model.Value;
        var broken = key switch
        {
            "left_child" => Replace(text, key, v => "5 " + string.Join(' ', v.Split(' ').Skip(1))),
            "split_feature" => Replace(text, key, v => "99 " + string.Join(' ', v.Split(' ').Skip(1))),
            "leaf_value" => Replace(text, key, v => v + " 0.5"),
            _ => Replace(text, key, _ => "9"),
        };
        var e = Assert.Throws<ModelFormatException>(() => GradientBoosting.FromLightGbmModelText(broken));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedOrReshapedText_IsRejected()
    {
        var (text, _, _) = s_model.Value;
        Assert.Throws<ModelFormatException>(() => GradientBoosting.FromLightGbmModelText(text[..(text.Length / 2)]));
        var noEnd = text[..text.IndexOf("end of trees", StringComparison.Ordinal)].TrimEnd('\n') + "\n";
        Assert.Throws<ModelFormatException>(() => GradientBoosting.FromLightGbmModelText(noEnd));
        Assert.Throws<ModelFormatException>(() => GradientBoosting.FromLightGbmModelText(text.Replace("num_class=1", "num_class=3", StringComparison.Ordinal)));
        Assert.Throws<ModelFormatException>(() => GradientBoosting.FromLightGbmModelText(text.Replace("max_feature_idx=6", "max_feature_idx=9", StringComparison.Ordinal)));
        Assert.Throws<ModelFormatException>(() => GradientBoosting.FromLightGbmModelText(""));
    }

    [Fact]
    public void RandomDamage_NeverCrashes_AndIntactTextStillPredicts() =>
        Gen.Select(Gen.Int[0, 100_000], Gen.Int[0, 3], Gen.Int[-40, 40]).Sample((position, kind, number) =>
        {
            var (text, x, signature) = s_model.Value;
            var lines = text.Split('\n').ToList();
            var line = position % lines.Count;
            switch (kind)
            {
                case 0: lines.RemoveAt(line); break;
                case 1: lines.Insert(line, lines[(line * 7 + 3) % lines.Count]); break;
                case 2:
                {
                    var tokens = lines[line].Split(' ');
                    var t = Math.Abs(number) % tokens.Length;
                    var eq = tokens[t].IndexOf('=', StringComparison.Ordinal);
                    tokens[t] = (eq >= 0 ? tokens[t][..(eq + 1)] : "") + number;
                    lines[line] = string.Join(' ', tokens);
                    break;
                }
                default: lines[line] = lines[line][..(lines[line].Length / 2)]; break;
            }
            var damaged = string.Join('\n', lines);
            try
            {
                var model = GradientBoosting.FromLightGbmModelText(damaged, signature);
                var p = ((GradientBoostingClassifierModel)model).PredictProba(x.Head(20));
                Assert.Equal(20, p.Rows);
            }
            catch (AugurException)
            {
                // A clear refusal is fine; a crash is not.
            }
        }, iter: 300, threads: 1);
}
