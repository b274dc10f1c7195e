namespace Augur;

/// <summary>
/// An error caused by the user's input (data, options, files) rather than by a bug in Augur.
/// The message is one readable sentence that names what was wrong and, where possible, how to fix it;
/// the command-line tool prints it on one line and exits with code 1.
/// </summary>
public class AugurException : Exception
{
    /// <summary>Creates the exception with a readable message.</summary>
    public AugurException(string message) : base(message) { }

    /// <summary>Creates the exception with a readable message and the underlying cause.</summary>
    public AugurException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>A column that was asked for by name does not exist.</summary>
public sealed class ColumnNotFoundException : AugurException
{
    /// <summary>Creates the exception for <paramref name="column"/>, listing the columns that do exist.</summary>
    public ColumnNotFoundException(string column, IReadOnlyList<string> available)
        : base(BuildMessage(column, available))
    {
        Column = column;
    }

    /// <summary>The name that was asked for.</summary>
    public string Column { get; }

    private static string BuildMessage(string column, IReadOnlyList<string> available)
    {
        var closest = available
            .Select(a => (name: a, distance: Levenshtein(a.ToLowerInvariant(), column.ToLowerInvariant())))
            .Where(t => t.distance <= Math.Max(2, column.Length / 3))
            .OrderBy(t => t.distance)
            .Select(t => t.name)
            .FirstOrDefault();
        var list = available.Count <= 12
            ? string.Join(", ", available)
            : string.Join(", ", available.Take(12)) + $", … ({available.Count} in all)";
        return closest is null
            ? $"unknown column '{column}'; the columns are: {list}"
            : $"unknown column '{column}' (did you mean '{closest}'?); the columns are: {list}";
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
