using Augur.Data;
using Augur.Pipelines;
using Augur.Preprocessing;

namespace Augur.Explain;

/// <summary>
/// Where each feature a pipeline's final model sees comes from: the index of its source input column, read from the
/// fitted transformers (column transformers, the automatic preprocessor, one-hot encoders, nested pipelines, per-column
/// transformers that keep their column names), or, for other transformers, found by perturbing one input column at a
/// time on sample rows and seeing which outputs change.
/// </summary>
public sealed class FeatureMapping
{
    private FeatureMapping(IReadOnlyList<string> inputs, IReadOnlyList<string> features, int[] sources)
    {
        InputNames = inputs;
        FeatureNames = features;
        Sources = sources;
    }

    /// <summary>The pipeline's input columns.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The transformed features (what the final model sees).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>For each transformed feature, the index of its source in <see cref="InputNames"/>, or −1 when it depends on several inputs or none can be told.</summary>
    public IReadOnlyList<int> Sources { get; }

    /// <summary>
    /// The groups to fold an explanation of the transformed features into: every input column that feeds at least one
    /// feature, in input order, then each unmapped feature under its own name. Returns the group names and each feature's group.
    /// </summary>
    public (string[] Names, int[] Groups) FoldGroups()
    {
        var names = new List<string>();
        var groupOfInput = new int[InputNames.Count];
        Array.Fill(groupOfInput, -1);
        for (var i = 0; i < InputNames.Count; i++)
            if (Sources.Contains(i))
            {
                groupOfInput[i] = names.Count;
                names.Add(InputNames[i]);
            }
        var groups = new int[FeatureNames.Count];
        for (var f = 0; f < groups.Length; f++)
        {
            if (Sources[f] >= 0) groups[f] = groupOfInput[Sources[f]];
            else
            {
                groups[f] = names.Count;
                names.Add(FeatureNames[f]);
            }
        }
        return (names.ToArray(), groups);
    }

    /// <summary>Maps the final model's features of <paramref name="pipeline"/> back to its input columns.</summary>
    /// <param name="pipeline">A fitted pipeline.</param>
    /// <param name="sample">Rows of input data used to probe transformers of unknown structure; null leaves their outputs unmapped.</param>
    public static FeatureMapping Of(PipelineModel pipeline, Frame? sample = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var inputs = pipeline.Signature.InputNames;
        var current = Enumerable.Range(0, inputs.Count).ToArray();
        var names = inputs.ToArray();
        var frame = sample is null ? null : FrameMixer.Inputs(pipeline, sample, "FeatureMapping").Head(200);
        foreach (var t in pipeline.Transformers)
        {
            var step = Map(t, names, frame);
            current = step.Select(s => s >= 0 ? current[s] : -1).ToArray();
            names = t.FeatureNamesOut.ToArray();
            frame = frame is null ? null : t.Transform(frame);
        }
        return new FeatureMapping(inputs, pipeline.FinalFeatureNames.ToArray(), current);
    }

    /// <summary>For each output of <paramref name="t"/>, the index of its source in <paramref name="inputNames"/>, or −1.</summary>
    internal static int[] Map(ITransformerModel t, IReadOnlyList<string> inputNames, Frame? sample)
    {
        var outputs = t.FeatureNamesOut;
        int IndexOf(string name)
        {
            for (var i = 0; i < inputNames.Count; i++) if (inputNames[i] == name) return i;
            return -1;
        }
        switch (t)
        {
            case AutoPreprocessorModel auto:
                return Map(auto.Transformer, inputNames, sample);
            case ColumnTransformerModel ct:
            {
                var result = new List<int>(outputs.Count);
                foreach (var e in ct.Transformers)
                {
                    var sub = Map(e.Model, e.Columns, sample?.Select(e.Columns));
                    result.AddRange(sub.Select(s => s >= 0 ? IndexOf(e.Columns[s]) : -1));
                }
                if (result.Count == outputs.Count) return result.ToArray();
                break;
            }
            case OneHotEncoderModel oh:
            {
                var result = new List<int>(outputs.Count);
                var ins = oh.Signature.InputNames;
                for (var c = 0; c < ins.Count; c++)
                    for (var k = 0; k < oh.OutputCounts[c]; k++) result.Add(IndexOf(ins[c]));
                if (result.Count == outputs.Count) return result.ToArray();
                break;
            }
            case PipelineModel pm when pm is ITransformerModel:
            {
                var current = Enumerable.Range(0, inputNames.Count).ToArray();
                var names = inputNames.ToArray();
                var frame = sample;
                foreach (var step in pm.Steps.Cast<ITransformerModel>())
                {
                    var m = Map(step, names, frame);
                    current = m.Select(s => s >= 0 ? current[s] : -1).ToArray();
                    names = step.FeatureNamesOut.ToArray();
                    frame = frame is null ? null : step.Transform(frame);
                }
                return current;
            }
        }
        // Transformers that keep their columns' names (scalers, imputers, encoders of one value per column).
        var byName = outputs.Select(IndexOf).ToArray();
        if (byName.All(i => i >= 0)) return byName;
        return sample is null ? byName : Probe(t, inputNames, sample);
    }

    /// <summary>Finds each output's single source by changing one input column at a time (rotating its rows) on sample data.</summary>
    private static int[] Probe(ITransformerModel t, IReadOnlyList<string> inputNames, Frame sample)
    {
        var outputs = t.FeatureNamesOut.Count;
        var result = new int[outputs];
        Array.Fill(result, -1);
        if (sample.RowCount < 2) return result;
        var baseOut = t.Transform(sample);
        var hits = new int[outputs];
        var rotate = Enumerable.Range(0, sample.RowCount).Select(i => (i + 1) % sample.RowCount).ToArray();
        for (var i = 0; i < inputNames.Count; i++)
        {
            if (!sample.Contains(inputNames[i])) continue;
            var changed = sample.WithColumn(sample[inputNames[i]].Take(rotate));
            var o = t.Transform(changed);
            for (var f = 0; f < outputs; f++)
            {
                var a = baseOut[f];
                var b = o[f];
                for (var r = 0; r < a.Length; r++)
                    if (!FrameMixer.SameValue(a, r, b, r))
                    {
                        hits[f]++;
                        result[f] = hits[f] == 1 ? i : -1;
                        break;
                    }
            }
        }
        return result;
    }
}
