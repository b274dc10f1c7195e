using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Augur.Serialization;
using Augur.Server.Monitoring;
using Microsoft.Extensions.Logging;

namespace Augur.Server.Models;

/// <summary>
/// Loads the served models and keeps them current. The model path is a single <c>.augur</c> file (served as name = file
/// stem, version 1) or a folder of <c>&lt;name&gt;/&lt;version&gt;/model.augur</c>. A file-system watcher, backed by a
/// periodic rescan, notices new and changed files; a file is loaded once it has stayed unchanged for the debounce
/// interval, then swapped in atomically. A file that does not load is refused with a log line and the version it would
/// have replaced keeps serving.
/// </summary>
public sealed partial class ModelRepository : IDisposable
{
    /// <summary>The file name expected in each version folder.</summary>
    public const string ModelFileName = "model.augur";

    private readonly ServerOptions _options;
    private readonly ILogger _logger;
    private readonly ServerMetrics _metrics;
    private readonly Dictionary<string, FileStamp> _failed = new(StringComparer.Ordinal);
    private readonly Lock _scanLock = new();
    private ModelSnapshot _snapshot = ModelSnapshot.Empty;
    private FileSystemWatcher? _watcher;
    private Timer? _debounceTimer;
    private Timer? _rescanTimer;
    private int _scanRequested;
    private string? _lastError;
    private bool _disposed;

    /// <summary>Creates the repository; nothing is loaded until <see cref="LoadInitial"/>.</summary>
    public ModelRepository(ServerOptions options, ILogger<ModelRepository> logger, ServerMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _metrics = metrics;
        RootPath = Path.GetFullPath(options.ModelPath);
        IsFolder = Directory.Exists(RootPath);
    }

    /// <summary>The model file or folder, as a full path.</summary>
    public string RootPath { get; }

    /// <summary>True when serving a folder of models, false for a single file.</summary>
    public bool IsFolder { get; }

    /// <summary>The models being served now.</summary>
    public ModelSnapshot Current => Volatile.Read(ref _snapshot);

    /// <summary>True once the first load has finished.</summary>
    public bool InitialLoadDone { get; private set; }

    /// <summary>Raised after a new snapshot has been swapped in.</summary>
    public event Action<ModelSnapshot>? Changed;

    /// <summary>
    /// Loads every model now. A single model file that does not load is an error (<see cref="AugurException"/>); in a
    /// folder, broken files are logged and skipped.
    /// </summary>
    public void LoadInitial()
    {
        if (!IsFolder && !File.Exists(RootPath))
            throw new AugurException($"'{RootPath}' is neither a model file nor a folder");
        Rescan(ignoreDebounce: true);
        if (!IsFolder && Current.All.Count == 0)
        {
            lock (_scanLock)
            {
                var error = _lastError ?? "it could not be read";
                throw new AugurException($"cannot serve '{RootPath}': {error}");
            }
        }
        InitialLoadDone = true;
        _logger.LogInformation("serving {Count} model version(s) from {Path}: {Models}", Current.All.Count, RootPath,
            string.Join(", ", Current.All.Select(m => $"{m.Name}/{m.Version}")));
    }

    /// <summary>Starts watching the model path (file-system events plus the periodic rescan).</summary>
    public void StartWatching()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _debounceTimer = new Timer(_ => RescanQuietly(), null, Timeout.Infinite, Timeout.Infinite);
        try
        {
            var watcher = IsFolder
                ? new FileSystemWatcher(RootPath) { IncludeSubdirectories = true }
                : new FileSystemWatcher(Path.GetDirectoryName(RootPath)!, Path.GetFileName(RootPath));
            watcher.NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime;
            watcher.Changed += (_, _) => Poke();
            watcher.Created += (_, _) => Poke();
            watcher.Deleted += (_, _) => Poke();
            watcher.Renamed += (_, _) => Poke();
            watcher.Error += (_, e) =>
            {
                _logger.LogWarning("file watcher error ({Message}); rescanning", e.GetException().Message);
                Poke();
            };
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // Out of inotify watches, for example: the periodic rescan still notices changes.
            _logger.LogWarning("cannot watch {Path} ({Message}); relying on the periodic rescan", RootPath, e.Message);
        }
        if (_options.RescanInterval > TimeSpan.Zero)
            _rescanTimer = new Timer(_ => RescanQuietly(), null, _options.RescanInterval, _options.RescanInterval);
    }

    /// <summary>Asks for a rescan after the debounce interval (called on every file-system event).</summary>
    private void Poke()
    {
        if (_disposed) return;
        try { _debounceTimer?.Change(_options.ReloadDebounce, Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { }
    }

    private void RescanQuietly()
    {
        try { Rescan(ignoreDebounce: false); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError(e, "model rescan failed");
        }
    }

    /// <summary>
    /// Scans the model path once: loads new and changed files that have been quiet for the debounce interval (all of
    /// them when <paramref name="ignoreDebounce"/>), drops versions whose files are gone, and swaps in the result.
    /// Returns true when the snapshot changed. Concurrent calls are serialized; one arriving during a scan makes that
    /// scan run again.
    /// </summary>
    public bool Rescan(bool ignoreDebounce = false)
    {
        Interlocked.Exchange(ref _scanRequested, 1);
        if (!_scanLock.TryEnter()) return false;
        var changed = false;
        try
        {
            while (Interlocked.Exchange(ref _scanRequested, 0) == 1 && !_disposed)
                changed |= ScanOnce(ignoreDebounce);
        }
        finally
        {
            _scanLock.Exit();
        }
        return changed;
    }

    private bool ScanOnce(bool ignoreDebounce)
    {
        var current = Current;
        var byPath = current.All.ToDictionary(m => m.Path, StringComparer.Ordinal);
        var result = new List<ServedModel>();
        var changed = false;
        var pending = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, version, path) in Candidates())
        {
            seen.Add(path);
            byPath.TryGetValue(path, out var existing);
            if (!FileStamp.TryRead(path, out var stamp))
            {
                if (existing is not null) result.Add(existing);
                continue;
            }
            if (existing is not null && existing.Stamp == stamp) { result.Add(existing); continue; }
            if (_failed.TryGetValue(path, out var failedStamp) && failedStamp == stamp)
            {
                if (existing is not null) result.Add(existing);
                continue;
            }
            if (!ignoreDebounce && DateTime.UtcNow - stamp.LastWriteUtc < _options.ReloadDebounce)
            {
                // Still being written (or just moved into place): look again once it has been quiet long enough.
                pending = true;
                if (existing is not null) result.Add(existing);
                continue;
            }
            var loaded = TryLoad(name, version, path, stamp, existing, ref pending);
            if (loaded is not null)
            {
                result.Add(loaded);
                changed = true;
            }
            else if (existing is not null) result.Add(existing);
        }
        foreach (var gone in current.All.Where(m => !seen.Contains(m.Path)))
        {
            _logger.LogInformation("model {Name} version {Version} unloaded: {Path} is gone", gone.Name, gone.Version, gone.Path);
            changed = true;
        }
        foreach (var path in _failed.Keys.Where(p => !seen.Contains(p)).ToArray()) _failed.Remove(path);
        if (changed)
        {
            var next = new ModelSnapshot(result, current.Generation + 1);
            Volatile.Write(ref _snapshot, next);
            _metrics.SetModels(next);
            Changed?.Invoke(next);
        }
        if (pending) Poke();
        return changed;
    }

    private ServedModel? TryLoad(string name, string version, string path, FileStamp stamp, ServedModel? existing, ref bool pending)
    {
        var sw = Stopwatch.StartNew();
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Locked or vanished mid-write: try again shortly.
            _logger.LogDebug("cannot read {Path} yet ({Message})", path, e.Message);
            pending = true;
            return null;
        }
        if (!FileStamp.TryRead(path, out var after) || after != stamp)
        {
            pending = true;
            return null;
        }
        try
        {
            var saved = ModelFile.Load(new MemoryStream(bytes, writable: false), path);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var served = new ServedModel(name, version, saved, path, sha, sw.Elapsed.TotalSeconds, DateTimeOffset.UtcNow) { Stamp = stamp };
            _failed.Remove(path);
            _metrics.ModelLoaded(served);
            if (existing is null)
                _logger.LogInformation("loaded model {Name} version {Version} ({Kind}, {Revision}) from {Path} in {Ms:F0} ms",
                    name, version, saved.Model.Kind, served.Revision, path, sw.Elapsed.TotalMilliseconds);
            else
                _logger.LogInformation("reloaded model {Name} version {Version}: {Old} -> {Revision} ({Kind}) in {Ms:F0} ms",
                    name, version, existing.Revision, served.Revision, saved.Model.Kind, sw.Elapsed.TotalMilliseconds);
            return served;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever a broken file makes the loader throw, the server refuses it and carries on.
            _failed[path] = stamp;
            _lastError = e.Message;
            _metrics.ModelLoadFailed(name);
            if (existing is null)
                _logger.LogWarning("refused model {Name} version {Version} from {Path}: {Reason}", name, version, path, e.Message);
            else
                _logger.LogWarning("refused new file for model {Name} version {Version} ({Path}): {Reason}; version {Revision} keeps serving",
                    name, version, path, e.Message, existing.Revision);
            return null;
        }
    }

    private IEnumerable<(string Name, string Version, string Path)> Candidates()
    {
        if (!IsFolder)
        {
            if (File.Exists(RootPath)) yield return (Path.GetFileNameWithoutExtension(RootPath), "1", RootPath);
            yield break;
        }
        IEnumerable<string> modelDirs;
        try { modelDirs = Directory.EnumerateDirectories(RootPath).ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("cannot list {Path}: {Message}", RootPath, e.Message);
            yield break;
        }
        foreach (var modelDir in modelDirs.Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(modelDir);
            if (!ValidName().IsMatch(name)) continue;
            string[] versionDirs;
            try { versionDirs = Directory.EnumerateDirectories(modelDir).ToArray(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (var versionDir in versionDirs.Order(StringComparer.Ordinal))
            {
                var version = Path.GetFileName(versionDir);
                if (!ValidName().IsMatch(version)) continue;
                var file = Path.Combine(versionDir, ModelFileName);
                if (File.Exists(file)) yield return (name, version, file);
            }
        }
    }

    /// <summary>Model and version folder names: letters, digits, dot, dash and underscore, not starting with a dot.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex ValidName();

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _watcher?.Dispose();
        _debounceTimer?.Dispose();
        _rescanTimer?.Dispose();
    }
}

/// <summary>What identifies one state of a file: its length and last write time.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
{
    public static bool TryRead(string path, out FileStamp stamp)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists)
            {
                stamp = new FileStamp(info.Length, info.LastWriteTimeUtc);
                return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        stamp = default;
        return false;
    }
}
