namespace Augur.Data;

/// <summary>
/// A CSV file could not be read as a table: a row with too few or too many fields, a quote that is never closed or
/// is misplaced, a value that does not fit the type given for its column, or a bad header. The message and the
/// properties name the 1-based physical line where the offending record starts and the column concerned.
/// </summary>
public sealed class CsvFormatException : AugurException
{
    /// <summary>Creates the exception for <paramref name="lineNumber"/> and <paramref name="columnName"/>; <paramref name="problem"/> says what is wrong.</summary>
    public CsvFormatException(int lineNumber, string? columnName, string problem)
        : base(BuildMessage(lineNumber, columnName, problem))
    {
        LineNumber = lineNumber;
        ColumnName = columnName;
        Problem = problem;
    }

    /// <summary>The 1-based line of the file where the offending record (or the header) starts.</summary>
    public int LineNumber { get; }

    /// <summary>The column concerned, or null when the problem is not about one column.</summary>
    public string? ColumnName { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    private static string BuildMessage(int lineNumber, string? columnName, string problem) =>
        columnName is null
            ? $"CSV line {lineNumber}: {problem}"
            : $"CSV line {lineNumber}, column '{columnName}': {problem}";
}
