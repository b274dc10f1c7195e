using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Augur.Serialization;

/// <summary>A model read back from a model file, with what the file says about it.</summary>
/// <param name="Model">The fitted model.</param>
/// <param name="Card">The model card (metrics, training-data fingerprint and profile, tags).</param>
/// <param name="FormatVersion">The file format version.</param>
public sealed record SavedModel(IModel Model, ModelCard Card, int FormatVersion)
{
    /// <summary>The model's signature.</summary>
    public ModelSignature Signature => Model.Signature;
}

/// <summary>
/// Saves and loads <c>.augur</c> model files: a zip container with <c>manifest.json</c> (format version, Augur
/// version, model kind and fitted state, signature, model card), its SHA-256 in <c>manifest.sha256</c>, and
/// checksummed binary payloads. Loading reads data only: a closed registry maps kinds to loaders; nothing in the
/// file names a .NET type or runs code. A foreign, truncated, corrupted or newer file gives one clear
/// <see cref="ModelFormatException"/>.
/// </summary>
public static class ModelFile
{
    /// <summary>The format version this Augur writes and the newest it reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The value of the manifest's <c>format</c> field.</summary>
    public const string FormatName = "augur-model";

    /// <summary>The largest manifest accepted (bytes).</summary>
    public const long MaxManifestBytes = 256L * 1024 * 1024;

    /// <summary>The largest single payload accepted (bytes).</summary>
    public const long MaxPayloadBytes = 2L * 1024 * 1024 * 1024 - 64;

    /// <summary>The Augur version that writes files.</summary>
    public static string AugurVersion { get; } =
        typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Saves <paramref name="model"/> to <paramref name="path"/> (written to a temporary file, then moved into place).</summary>
    public static void Save(IModel model, string path, ModelCard? card = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var temp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                Save(model, stream, card);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Saves <paramref name="model"/> into <paramref name="stream"/>.</summary>
    public static void Save(IModel model, Stream stream, ModelCard? card = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        var sink = new PayloadSink();
        var modelNode = ModelWriter.WriteModel(model, sink, "model");
        var signatureWriter = new ModelWriter("signature", sink, "signature");
        signatureWriter.Write("signature", model.Signature);
        card = (card ?? new ModelCard()) with { AugurVersion = AugurVersion };
        var manifest = new JsonObject
        {
            ["format"] = FormatName,
            ["format_version"] = FormatVersion,
            ["augur_version"] = AugurVersion,
            ["kind"] = model.Kind,
            ["signature"] = signatureWriter.ToNode()["fields"]!["signature"]!.DeepClone(),
            ["card"] = JsonSerializer.SerializeToNode(card, AugurJson.Options),
            ["model"] = modelNode,
        };
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString(AugurJson.Indented));
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        WriteEntry(zip, "manifest.json", manifestBytes, CompressionLevel.Optimal);
        WriteEntry(zip, "manifest.sha256", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA256.HashData(manifestBytes))), CompressionLevel.NoCompression);
        foreach (var (name, data) in sink.Entries) WriteEntry(zip, name, data, CompressionLevel.Fastest);
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] data, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var s = entry.Open();
        s.Write(data);
    }

    /// <summary>Loads a model file. Throws <see cref="ModelFormatException"/> when the file is not a readable Augur model.</summary>
    public static SavedModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new AugurException($"model file '{path}' does not exist");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Load(stream, path);
    }

    /// <summary>Loads a model from a seekable stream. <paramref name="name"/> is used in messages.</summary>
    public static SavedModel Load(Stream stream, string name = "model file")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        Span<byte> magic = stackalloc byte[4];
        var start = stream.Position;
        var got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = start;
        if (got < 4 || magic[0] != (byte)'P' || magic[1] != (byte)'K' || magic[2] != 3 || magic[3] != 4)
            throw new ModelFormatException($"'{name}' is not an Augur model file (it is not a zip container)");
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            return Read(zip, name);
        }
        catch (ModelFormatException) { throw; }
        catch (Exception e) when (e is InvalidDataException or IOException or EndOfStreamException or NotSupportedException or ArgumentException)
        {
            throw new ModelFormatException($"'{name}' is damaged or truncated and cannot be read as an Augur model file ({e.Message})", e);
        }
    }

    private static SavedModel Read(ZipArchive zip, string name)
    {
        var manifestEntry = zip.GetEntry("manifest.json")
            ?? throw new ModelFormatException($"'{name}' is a zip file but not an Augur model file (it has no manifest.json)");
        if (manifestEntry.Length > MaxManifestBytes || manifestEntry.Length <= 0)
            throw new ModelFormatException($"'{name}' has a manifest of impossible size ({manifestEntry.Length} bytes)");
        var manifestBytes = ReadEntryExactly(manifestEntry, (int)manifestEntry.Length);
        var hashEntry = zip.GetEntry("manifest.sha256")
            ?? throw new ModelFormatException($"'{name}' is damaged: its manifest checksum is missing");
        if (hashEntry.Length != 64) throw new ModelFormatException($"'{name}' is damaged: its manifest checksum has the wrong size");
        var expected = Encoding.ASCII.GetString(ReadEntryExactly(hashEntry, 64));

        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(manifestBytes, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }) as JsonObject
                ?? throw new ModelFormatException($"'{name}' has a manifest that is not a JSON object");
        }
        catch (JsonException e)
        {
            // A manifest that is not JSON at all is either damaged or foreign; the checksum tells which.
            if (Convert.ToHexStringLower(SHA256.HashData(manifestBytes)) != expected)
                throw new ModelFormatException($"'{name}' is damaged: its manifest does not match its checksum", e);
            throw new ModelFormatException($"'{name}' has a manifest that is not valid JSON ({e.Message})", e);
        }
        var format = manifest["format"] is JsonValue fv && fv.TryGetValue<string>(out var f) ? f : null;
        if (format != FormatName)
            throw new ModelFormatException($"'{name}' is not an Augur model file (its manifest does not say format '{FormatName}')");
        var version = manifest["format_version"] is JsonValue vv && vv.TryGetValue<int>(out var v) ? v : -1;
        var writtenBy = manifest["augur_version"] is JsonValue av && av.TryGetValue<string>(out var a) ? a : "an unknown version";
        if (version > FormatVersion)
            throw new ModelFormatException(
                $"'{name}' was written by Augur {writtenBy} in model format {version}; this Augur ({AugurVersion}) reads format {FormatVersion} and older — upgrade Augur to load it");
        if (Convert.ToHexStringLower(SHA256.HashData(manifestBytes)) != expected)
            throw new ModelFormatException($"'{name}' is damaged: its manifest does not match its checksum");
        if (version < 1) throw new ModelFormatException($"'{name}' has an invalid format version");

        var source = new PayloadSource(zip, MaxPayloadBytes);
        var model = ModelReader.ReadModel(manifest["model"], source, "model");
        ModelCard card;
        try
        {
            card = manifest["card"].Deserialize<ModelCard>(AugurJson.Options) ?? new ModelCard();
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"'{name}' has an unreadable model card ({e.Message})", e);
        }
        return new SavedModel(model, card, version);
    }

    internal static byte[] ReadEntryExactly(ZipArchiveEntry entry, int length)
    {
        var buffer = new byte[length];
        using var s = entry.Open();
        var read = s.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
        if (read != length) throw new ModelFormatException($"entry '{entry.FullName}' is truncated");
        // The entry must end exactly where its declared length says.
        Span<byte> one = stackalloc byte[1];
        if (s.Read(one) != 0) throw new ModelFormatException($"entry '{entry.FullName}' is longer than declared");
        return buffer;
    }
}
