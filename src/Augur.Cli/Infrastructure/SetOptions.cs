namespace Augur.Cli.Infrastructure;

/// <summary>Parses repeated <c>--set key=value</c> options.</summary>
public static class SetOptions
{
    /// <summary>The pairs, in order; a malformed entry is a usage error.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(IEnumerable<string>? values)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var v in values ?? [])
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == v.Length - 1)
                throw new UsageException($"--set expects key=value, got '{v}'");
            result.Add(new(v[..eq].Trim(), v[(eq + 1)..].Trim()));
        }
        return result;
    }
}
