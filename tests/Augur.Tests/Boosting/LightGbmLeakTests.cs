using System.Diagnostics;
using System.Runtime.InteropServices;
using Augur.Boosting;
using Augur.Boosting.Native;
using Augur.Data;

namespace Augur.Tests.Boosting;

/// <summary>Runs alone: it measures the whole process's memory.</summary>
[CollectionDefinition(nameof(LightGbmLeakTests), DisableParallelization = true)]
public sealed class LightGbmLeakCollection;

/// <summary>Thousands of native datasets, boosters and models come and go without the process growing.</summary>
[Collection(nameof(LightGbmLeakTests))]
public class LightGbmLeakTests
{
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
#pragma warning disable SYSLIB1054 // a struct return needs no marshalling; LibraryImport would need unsafe code in this project
    private static extern MallInfo2 NativeMallInfo2();
#pragma warning restore SYSLIB1054

    /// <summary>Bytes the C heap has handed out and not taken back (glibc's count over all arenas), or -1 where unknown.</summary>
    private static long NativeInUse()
    {
        try
        {
            var m = NativeMallInfo2();
            return (long)(m.Uordblks + m.Hblkhd);
        }
        catch (EntryPointNotFoundException)
        {
            return -1;
        }
        catch (DllNotFoundException)
        {
            return -1;
        }
    }

    private static (long Rss, long Native) Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, NativeInUse());
    }

    [Fact]
    public void ManyBoostersAndDatasets_DoNotLeak()
    {
        const int rows = 60, cols = 3;
        var x = new double[rows * cols];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            x[3 * i] = i;
            x[3 * i + 1] = i % 7;
            x[3 * i + 2] = (i * 13) % 11;
            y[i] = i % 3 == 0 ? 1 : 0;
        }
        var frame = Frame.FromMatrix(new Numerics.Matrix(rows, cols, x));
        var target = new Float64Column("y", y.Select(v => (double)v).ToArray());
        var output = new double[1];
        void Cycle(int count)
        {
            for (var k = 0; k < count; k++)
            {
                using (LightGbmThreads.EnterStrict(1))
                {
                    const string parameters = "objective=binary num_threads=1 verbosity=-1 min_data_in_leaf=5";
                    using var data = LightGbmDataset.FromDense(x, rows, cols, parameters);
                    data.SetField("label", y);
                    using var valid = LightGbmDataset.FromDense(x, rows, cols, parameters, data);
                    valid.SetField("label", y);
                    using var booster = LightGbmBooster.Create(data, parameters);
                    booster.AddValidData(valid);
                    booster.UpdateOneIter();
                    booster.UpdateOneIter();
                    booster.GetEval(1);
                    var text = booster.SaveModelToString();
                    using var loaded = LightGbmBooster.FromModelText(text);
                    loaded.PredictRow(x.AsSpan(0, cols), LightGbmApi.PredictNormal, output);
                    loaded.PredictRow(x.AsSpan(0, cols), LightGbmApi.PredictContrib, new double[cols + 1]);
                }
                // Models are not disposable: they free their native booster when collected.
                if (k % 10 == 0)
                {
                    var model = new GradientBoostingRegressor { NEstimators = 2, MinChildSamples = 5, NThreads = 1 }.Fit(frame, target);
                    model.Predict(frame.Head(2));
                    model.PredictContributions(frame.Head(1));
                }
            }
        }
        Cycle(300); // warm up: code, pools, allocator arenas
        // Three measured stretches. A leak of any native object grows the heap in every stretch by megabytes (a leaked
        // booster alone holds hundreds of KB); allocator noise (arenas, late finalizers) shows up in one stretch at most.
        var marks = new List<(long Rss, long Native)> { Settle() };
        for (var s = 0; s < 3; s++)
        {
            Cycle(700);
            marks.Add(Settle());
        }
        var nativeGrowth = Enumerable.Range(1, 3).Select(i => marks[i].Native - marks[i - 1].Native).ToArray();
        var rssGrowth = Enumerable.Range(1, 3).Select(i => marks[i].Rss - marks[i - 1].Rss).ToArray();
        if (marks[0].Native >= 0)
        {
            Assert.True(nativeGrowth.Min() < 3L << 20, $"the C heap grew in every stretch of 700 cycles: {string.Join(", ", nativeGrowth.Select(g => g / 1024))} KB");
            Assert.True(nativeGrowth.Sum() < 16L << 20, $"the C heap grew by {nativeGrowth.Sum() / 1024} KB over 2100 cycles");
        }
        var rss = rssGrowth.Min();
        Assert.True(rss < 48L << 20, $"the process grew by at least {rss >> 20} MB in every stretch of 700 cycles");
    }
}
