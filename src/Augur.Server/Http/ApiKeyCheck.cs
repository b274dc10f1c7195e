using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Augur.Server.Http;

/// <summary>
/// Checks API keys in constant time: both the presented key and each accepted key are hashed with SHA-256 and the
/// digests compared with <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither content nor length leaks
/// through timing.
/// </summary>
internal sealed class ApiKeyCheck
{
    private readonly byte[][] _digests;

    public ApiKeyCheck(IReadOnlyList<string> keys) =>
        _digests = keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    public bool Enabled => _digests.Length > 0;

    /// <summary>True when the request carries an accepted key (always true when no keys are configured).</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        if (!Enabled) return true;
        string? presented = null;
        var auth = request.Headers.Authorization;
        if (auth.Count > 0 && auth[0] is { } a && a.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = a[7..].Trim();
        else if (request.Headers.TryGetValue(ServingHeaders.ApiKey, out var k) && k.Count > 0) presented = k[0]?.Trim();
        if (string.IsNullOrEmpty(presented) || presented.Length > 4096) return false;
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        var ok = false;
        foreach (var d in _digests) ok |= CryptographicOperations.FixedTimeEquals(d, digest);
        return ok;
    }
}
