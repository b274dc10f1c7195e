using Augur.Boosting.Native;
using Xunit.Abstractions;

namespace Augur.Tests.Boosting;

public class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Aliases()
    {
        output.WriteLine(string.Join(" ", LightGbmParameters.Canonical.Take(60).Select(kv => kv.Key + "->" + kv.Value)));
        output.WriteLine(LightGbmParameters.Canonical.Count.ToString());
        var x = new double[200 * 2]; var y = new float[200];
        for (int i = 0; i < 200; i++) { x[2*i] = i; x[2*i+1] = i % 7; y[i] = i % 2; }
        foreach (var prm in new[] { "num_leaves=abc", "num_leaves=1", "metric=foo", "foo=bar", "objective=binary metric=ndcg@5", "objective=bogus", "learning_rate=-1", "metric=auc,binary_logloss" })
        {
            try
            {
                using var ds = LightGbmDataset.FromDense(x, 200, 2, "verbosity=-1 " + prm);
                ds.SetField("label", y);
                using var b = LightGbmBooster.Create(ds, "verbosity=-1 objective=binary " + prm);
                b.UpdateOneIter();
                output.WriteLine($"{prm}: OK evalnames={string.Join(",", b.EvalNames())}");
            }
            catch (Exception e) { output.WriteLine($"{prm}: {e.Message}"); }
        }
    }
}
