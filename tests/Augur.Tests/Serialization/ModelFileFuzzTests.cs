using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Tests.Serialization;

/// <summary>
/// Damaged, foreign and newer model files must give one clear <see cref="ModelFormatException"/> — never another
/// exception type, a crash or a hang. Files that survive a mutation intact must still predict exactly the same.
/// </summary>
public sealed class ModelFileFuzzTests
{
    static ModelFileFuzzTests() => ProbeModel.EnsureRegistered();

    private static readonly (Frame X, ProbeModel Model, byte[] Bytes) s_original = Build();

    private static (Frame, ProbeModel, byte[]) Build()
    {
        ProbeModel.EnsureRegistered();
        var x = new Frame(new Float64Column("a", [1.0, 2.5, -3.0]), new Float64Column("b", [0.5, 0.25, 8.0]));
        var model = ProbeModel.Fit(x, new Float64Column("y", [1.0, 2.0, 3.0]));
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        return (x, model, ms.ToArray());
    }

    private static void LoadMustFailCleanlyOrPredictTheSame(byte[] bytes, string mutation)
    {
        SavedModel loaded;
        try
        {
            loaded = ModelFile.Load(new MemoryStream(bytes), "fuzzed.augur");
        }
        catch (ModelFormatException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.DoesNotContain("\n   at ", e.Message);
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"{mutation}: expected ModelFormatException, got {e.GetType().Name}: {e.Message}");
            return;
        }
        // The mutation hit bytes that do not carry data (for example a zip timestamp): the model must be intact.
        var model = Assert.IsType<ProbeModel>(loaded.Model);
        Assert.Equal(s_original.Model.PredictValues(s_original.X), model.PredictValues(s_original.X));
    }

    [Fact]
    public void TruncatedFilesFailCleanly()
    {
        var bytes = s_original.Bytes;
        for (var len = 0; len < bytes.Length; len += Math.Max(1, bytes.Length / 600))
            LoadMustFailCleanlyOrPredictTheSame(bytes[..len], $"truncated to {len}");
    }

    [Fact]
    public void BitFlippedFilesFailCleanlyOrLoadIntact()
    {
        var rng = new Rng(42);
        for (var trial = 0; trial < 3000; trial++)
        {
            var bytes = (byte[])s_original.Bytes.Clone();
            var flips = 1 + rng.NextInt(4);
            for (var f = 0; f < flips; f++)
            {
                var pos = rng.NextInt(bytes.Length);
                bytes[pos] ^= (byte)(1 << rng.NextInt(8));
            }
            LoadMustFailCleanlyOrPredictTheSame(bytes, $"trial {trial}");
        }
    }

    [Fact]
    public void SplicedAndOverwrittenFilesFailCleanly()
    {
        var rng = new Rng(7);
        for (var trial = 0; trial < 1000; trial++)
        {
            var bytes = s_original.Bytes.ToList();
            var pos = rng.NextInt(bytes.Count);
            var len = 1 + rng.NextInt(64);
            switch (trial % 3)
            {
                case 0: bytes.RemoveRange(pos, Math.Min(len, bytes.Count - pos)); break;
                case 1: bytes.InsertRange(pos, Enumerable.Range(0, len).Select(_ => (byte)rng.NextInt(256))); break;
                default:
                    for (var i = pos; i < Math.Min(bytes.Count, pos + len); i++) bytes[i] = (byte)rng.NextInt(256);
                    break;
            }
            LoadMustFailCleanlyOrPredictTheSame(bytes.ToArray(), $"splice {trial}");
        }
    }

    [Fact]
    public void RandomBytesAndForeignZipsAreNotModels()
    {
        var rng = new Rng(3);
        for (var trial = 0; trial < 300; trial++)
        {
            var bytes = new byte[rng.NextInt(2000)];
            for (var i = 0; i < bytes.Length; i++) bytes[i] = (byte)rng.NextInt(256);
            if (trial % 2 == 0 && bytes.Length >= 4) { bytes[0] = (byte)'P'; bytes[1] = (byte)'K'; bytes[2] = 3; bytes[3] = 4; }
            Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(bytes)));
        }
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = zip.CreateEntry("readme.txt").Open();
            s.Write("not a model"u8);
        }
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(ms.ToArray())));
        Assert.Contains("not an Augur model file", e.Message);
    }

    private static byte[] RewriteManifest(Func<JsonObject, JsonObject> change, bool fixChecksum = true)
    {
        using var input = new ZipArchive(new MemoryStream(s_original.Bytes), ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                using var src = entry.Open();
                var data = new MemoryStream();
                src.CopyTo(data);
                var bytes = data.ToArray();
                if (entry.FullName == "manifest.json")
                    bytes = Encoding.UTF8.GetBytes(change(JsonNode.Parse(bytes)!.AsObject()).ToJsonString());
                if (entry.FullName == "manifest.sha256" && fixChecksum) continue;
                using var dst = zip.CreateEntry(entry.FullName).Open();
                dst.Write(bytes);
            }
            if (fixChecksum)
            {
                using var src = input.GetEntry("manifest.json")!.Open();
                var data = new MemoryStream();
                src.CopyTo(data);
                var manifest = Encoding.UTF8.GetBytes(change(JsonNode.Parse(data.ToArray())!.AsObject()).ToJsonString());
                using var dst = zip.CreateEntry("manifest.sha256").Open();
                dst.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(manifest))));
            }
        }
        return output.ToArray();
    }

    [Fact]
    public void NewerFormatIsRefusedWithAnUpgradeHint()
    {
        var bytes = RewriteManifest(m => { m["format_version"] = ModelFile.FormatVersion + 1; m["augur_version"] = "9.9.9"; return m; });
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(bytes)));
        Assert.Contains("9.9.9", e.Message);
        Assert.Contains("upgrade", e.Message);
    }

    [Fact]
    public void UnknownKindIsRefused()
    {
        var bytes = RewriteManifest(m => { m["model"]!["kind"] = "System.Diagnostics.Process"; return m; });
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(bytes)));
        Assert.Contains("does not know", e.Message);
    }

    [Fact]
    public void TamperedManifestWithValidChecksumStillFailsCleanly()
    {
        // Someone edits the manifest and recomputes the checksum: structural checks must still catch nonsense.
        var cases = new Func<JsonObject, JsonObject>[]
        {
            m => { m["model"]!["fields"]!["coef"]!["length"] = 1_000_000_000; return m; },
            m => { m["model"]!["fields"]!["coef"]!["entry"] = "../../etc/passwd"; return m; },
            m => { m["model"]!["fields"]!["coef"]!["$array"] = "i64"; return m; },
            m => { m["model"]!["fields"]!.AsObject().Remove("intercept"); return m; },
            m => { m["model"]!["fields"]!["intercept"] = "not a number"; return m; },
            m => { m["model"]!["fields"]!["signature"] = 5; return m; },
            m => { m["model"] = new JsonArray(); return m; },
            m => { m["card"] = "x"; return m; },
        };
        foreach (var change in cases)
            Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(RewriteManifest(change))));
        // Without a recomputed checksum, any edit is damage.
        var damaged = RewriteManifest(m => { m["model"]!["fields"]!["intercept"] = 2.0; return m; }, fixChecksum: false);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(damaged)));
        Assert.Contains("checksum", e.Message);
    }
}
