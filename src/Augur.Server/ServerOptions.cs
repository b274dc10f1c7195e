using System.Globalization;

namespace Augur.Server;

/// <summary>
/// How <c>augur serve</c> runs: what to serve, where to listen, and the limits on requests. Immutable; the defaults
/// bind to loopback only.
/// </summary>
public sealed record ServerOptions
{
    /// <summary>A single <c>.augur</c> file (served as name = file stem, version 1) or a folder of <c>&lt;name&gt;/&lt;version&gt;/model.augur</c>.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The address to bind (default <c>127.0.0.1</c>; <c>0.0.0.0</c> or <c>*</c> for every interface, <c>localhost</c>, or an IP address).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port (default 8080; 0 picks a free one).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>
    /// The accepted API keys. Empty means no authentication. With keys, every endpoint except the health probes needs
    /// <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-API-Key: &lt;key&gt;</c>.
    /// </summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>The most rows one request may hold (default 10,000).</summary>
    public int MaxBatch { get; init; } = 10_000;

    /// <summary>The largest request body in bytes (default 8 MiB); a larger one is answered 413.</summary>
    public long MaxBodyBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>How long a changed model file must stay unchanged before it is loaded (default 500 ms).</summary>
    public TimeSpan ReloadDebounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the model folder is rescanned when no file-system event arrives (default 10 s; zero turns rescans off).</summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether to watch the model path for changes and reload models in the background (default true).</summary>
    public bool HotReload { get; init; } = true;

    /// <summary>How long a shutdown waits for requests in flight to finish (default 30 s).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads API keys from a file: one key a line; blank lines and lines starting with <c>#</c> are skipped.</summary>
    public static IReadOnlyList<string> ReadApiKeyFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new AugurException($"API key file '{path}' does not exist");
        var keys = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();
        if (keys.Length == 0) throw new AugurException($"API key file '{path}' holds no key");
        if (keys.Any(k => k.Length < 16))
            throw new AugurException($"API key file '{path}' holds a key shorter than 16 characters; use long random keys");
        return keys;
    }

    /// <summary>
    /// Parses a size such as <c>8MB</c>, <c>512KB</c>, <c>1.5MiB</c> or <c>1048576</c> (bytes). KB, MB and GB are taken
    /// as powers of 1024, like KiB, MiB and GiB.
    /// </summary>
    public static long ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        var i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !double.TryParse(s.AsSpan(0, i), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            throw new AugurException($"'{text}' is not a size; write for example 8MB, 512KB or 1048576");
        var unit = s[i..].Trim().ToUpperInvariant();
        long factor = unit switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1024,
            "M" or "MB" or "MIB" => 1024 * 1024,
            "G" or "GB" or "GIB" => 1024L * 1024 * 1024,
            _ => throw new AugurException($"'{text}' has an unknown size unit '{s[i..].Trim()}'; use B, KB, MB or GB"),
        };
        var bytes = number * factor;
        if (bytes < 1 || bytes > long.MaxValue / 2) throw new AugurException($"size '{text}' is out of range");
        return (long)bytes;
    }

    /// <summary>Checks the options; throws <see cref="AugurException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath)) throw new AugurException("no model file or folder was given");
        if (!File.Exists(ModelPath) && !Directory.Exists(ModelPath))
            throw new AugurException($"'{ModelPath}' is neither a model file nor a folder");
        if (Port is < 0 or > 65535) throw new AugurException($"port {Port} is out of range (0-65535)");
        if (MaxBatch < 1) throw new AugurException($"--max-batch must be at least 1, not {MaxBatch}");
        if (MaxBodyBytes < 1024) throw new AugurException($"--max-body must be at least 1KB, not {MaxBodyBytes} bytes");
        if (string.IsNullOrWhiteSpace(Host)) throw new AugurException("--host is empty");
    }
}
