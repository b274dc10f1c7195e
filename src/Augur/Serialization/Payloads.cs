using System.IO.Compression;
using System.Security.Cryptography;

namespace Augur.Serialization;

/// <summary>Collects the binary payloads of a model while it is being written.</summary>
internal sealed class PayloadSink
{
    private readonly List<(string Name, byte[] Data)> _entries = [];

    public IReadOnlyList<(string Name, byte[] Data)> Entries => _entries;

    public (string Name, string Sha256) Add(ReadOnlySpan<byte> data)
    {
        var name = $"payloads/{_entries.Count:D6}.bin";
        var bytes = data.ToArray();
        _entries.Add((name, bytes));
        return (name, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}

/// <summary>Reads payloads back, checking size and checksum before handing out a byte.</summary>
internal sealed class PayloadSource
{
    private readonly ZipArchive _archive;
    private readonly long _maxBytes;

    public PayloadSource(ZipArchive archive, long maxBytes)
    {
        _archive = archive;
        _maxBytes = maxBytes;
    }

    public byte[] Read(string entryName, long expectedBytes, string expectedSha256, string field)
    {
        if (expectedBytes < 0 || expectedBytes > _maxBytes || expectedBytes > Array.MaxLength)
            throw new ModelFormatException($"corrupt model file: field '{field}' declares an impossible size ({expectedBytes} bytes)");
        if (!entryName.StartsWith("payloads/", StringComparison.Ordinal))
            throw new ModelFormatException($"corrupt model file: field '{field}' points outside the payload folder");
        var entry = _archive.GetEntry(entryName)
            ?? throw new ModelFormatException($"corrupt model file: payload '{entryName}' of field '{field}' is missing");
        if (entry.Length != expectedBytes)
            throw new ModelFormatException($"corrupt model file: payload '{entryName}' of field '{field}' has {entry.Length} bytes, expected {expectedBytes}");
        var bytes = ModelFile.ReadEntryExactly(entry, (int)expectedBytes);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, expectedSha256, StringComparison.Ordinal))
            throw new ModelFormatException($"corrupt model file: checksum of payload '{entryName}' (field '{field}') does not match; the file was damaged");
        return bytes;
    }
}
