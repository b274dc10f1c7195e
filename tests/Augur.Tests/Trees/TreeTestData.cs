using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Trees;

/// <summary>Reproducible synthetic data and model-file helpers for the tree and forest tests.</summary>
internal static class TreeTestData
{
    /// <summary>
    /// A classification problem: <paramref name="p"/> features (some rounded to few distinct values, to exercise ties),
    /// labels from a noisy linear rule over <paramref name="k"/> classes.
    /// </summary>
    public static (Frame X, Column Y) Classification(int n, int p, int k, int seed, bool stringLabels = false)
    {
        var rng = new Rng(seed);
        var cols = new double[p][];
        for (var j = 0; j < p; j++)
        {
            cols[j] = new double[n];
            for (var i = 0; i < n; i++) cols[j][i] = j % 3 == 2 ? Math.Round(rng.NextGaussian() * 2) : rng.NextGaussian();
        }
        var labels = new string[n];
        var numeric = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = 0.0;
            for (var j = 0; j < p; j++) s += (j + 1) * cols[j][i] / p;
            s += 0.5 * rng.NextGaussian();
            var c = (int)Math.Clamp(Math.Floor((s + 1.5) / 3.0 * k), 0, k - 1);
            numeric[i] = c;
            labels[i] = "c" + c;
        }
        var frame = new Frame(Enumerable.Range(0, p).Select(j => (Column)new Float64Column($"f{j}", cols[j])));
        return (frame, stringLabels ? new StringColumn("y", labels) : new Float64Column("y", numeric));
    }

    /// <summary>A regression problem: a nonlinear function of the features plus noise.</summary>
    public static (Frame X, Column Y) Regression(int n, int p, int seed)
    {
        var rng = new Rng(seed);
        var cols = new double[p][];
        for (var j = 0; j < p; j++)
        {
            cols[j] = new double[n];
            for (var i = 0; i < n; i++) cols[j][i] = j % 3 == 2 ? Math.Round(rng.NextGaussian() * 2) : rng.NextGaussian();
        }
        var y = new double[n];
        for (var i = 0; i < n; i++)
            y[i] = 3 * Math.Sin(cols[0][i]) + (p > 1 ? cols[1][i] * cols[1][i] : 0) + 0.3 * rng.NextGaussian();
        return (new Frame(Enumerable.Range(0, p).Select(j => (Column)new Float64Column($"f{j}", cols[j]))), new Float64Column("y", y));
    }

    /// <summary>Saves to memory and loads back.</summary>
    public static IModel RoundTrip(IModel model)
    {
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        ms.Position = 0;
        return ModelFile.Load(ms).Model;
    }

    /// <summary>The saved bytes of <paramref name="model"/>.</summary>
    public static byte[] Save(IModel model)
    {
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        return ms.ToArray();
    }

    /// <summary>
    /// Rewrites the i32 array field <paramref name="key"/> of the top-level model in a saved file, fixing checksums, so that
    /// only the loader's own checks can catch the damage.
    /// </summary>
    public static byte[] TamperInt32s(byte[] file, string key, Func<int[], int[]> change)
    {
        using var input = new MemoryStream(file);
        using var zipIn = new ZipArchive(input, ZipArchiveMode.Read);
        var manifest = JsonNode.Parse(Read(zipIn.GetEntry("manifest.json")!))!.AsObject();
        var field = manifest["model"]!["fields"]![key]!.AsObject();
        var entryName = field["entry"]!.GetValue<string>();
        var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(Read(zipIn.GetEntry(entryName)!)).ToArray();
        var changed = change(ints);
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(changed.AsSpan()).ToArray();
        field["length"] = changed.Length;
        field["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        using var output = new MemoryStream();
        using (var zipOut = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in zipIn.Entries)
            {
                var data = e.FullName switch
                {
                    "manifest.json" => manifestBytes,
                    "manifest.sha256" => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(manifestBytes))),
                    _ when e.FullName == entryName => bytes,
                    _ => Read(e),
                };
                using var s = zipOut.CreateEntry(e.FullName).Open();
                s.Write(data);
            }
        }
        return output.ToArray();
    }

    private static byte[] Read(ZipArchiveEntry e)
    {
        using var s = e.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>Loads saved bytes.</summary>
    public static IModel Load(byte[] file) => ModelFile.Load(new MemoryStream(file)).Model;

    /// <summary>Bit patterns of doubles, for bit-for-bit comparisons.</summary>
    public static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (var i = 0; i < bits.Length; i++) bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        return bits;
    }

    /// <summary>Bit patterns of a matrix.</summary>
    public static long[] Bits(Matrix m) => Bits(m.Data);
}
