namespace Augur.Data;

/// <summary>Detects the delimiter of a CSV text from its first lines.</summary>
internal static class CsvSniffer
{
    private static readonly char[] s_candidates = [',', ';', '\t', '|'];

    /// <summary>
    /// Counts comma, semicolon, tab and pipe outside quotes on each of the first lines of <paramref name="prefix"/>.
    /// The delimiter is the candidate that appears on the first line and the same number of times on every other
    /// complete line, the most frequent first; failing that, the most frequent on the first line; failing that, comma.
    /// </summary>
    public static char Detect(ReadOnlySpan<char> prefix, bool complete)
    {
        var lines = new List<int[]>();
        var counts = new int[s_candidates.Length];
        var inQuotes = false;
        var lineHasContent = false;
        var i = 0;
        for (; i < prefix.Length && lines.Count < 50; i++)
        {
            var c = prefix[i];
            if (c == '"') { inQuotes = !inQuotes; lineHasContent = true; continue; }
            if (inQuotes) continue;
            if (c == '\n' || c == '\r')
            {
                if (lineHasContent) lines.Add(counts);
                counts = new int[s_candidates.Length];
                lineHasContent = false;
                continue;
            }
            lineHasContent = true;
            var k = Array.IndexOf(s_candidates, c);
            if (k >= 0) counts[k]++;
        }
        // The last line counts only when the prefix holds the whole input (otherwise it may be cut short).
        if (lineHasContent && (lines.Count == 0 || (complete && i == prefix.Length))) lines.Add(counts);
        if (lines.Count == 0) return ',';
        var header = lines[0];
        var best = -1;
        for (var k = 0; k < s_candidates.Length; k++)
        {
            if (header[k] == 0) continue;
            var consistent = true;
            for (var l = 1; l < lines.Count && consistent; l++) consistent = lines[l][k] == header[k];
            if (consistent && (best < 0 || header[k] > header[best])) best = k;
        }
        if (best >= 0) return s_candidates[best];
        for (var k = 0; k < s_candidates.Length; k++)
            if (header[k] > 0 && (best < 0 || header[k] > header[best])) best = k;
        return best >= 0 ? s_candidates[best] : ',';
    }
}
