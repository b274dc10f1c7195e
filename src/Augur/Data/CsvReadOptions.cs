namespace Augur.Data;

/// <summary>
/// How <see cref="Frame.ReadCsv(string, CsvReadOptions?)"/> reads a CSV file. Numbers are always read with the
/// invariant culture (a dot as decimal separator, no thousands separators).
/// </summary>
public sealed record CsvReadOptions
{
    /// <summary>The default missing-value tokens: those of pandas (<c>NA</c>, <c>N/A</c>, <c>NaN</c>, <c>nan</c>, <c>NULL</c>, <c>null</c>, <c>None</c>, <c>#N/A</c>, …) plus the empty field and <c>?</c>.</summary>
    public static IReadOnlyList<string> DefaultNaTokens { get; } =
    [
        "", "?", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "NULL", "null", "Null", "None", "<NA>",
        "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN",
    ];

    /// <summary>The field delimiter, or null (the default) to detect it among comma, semicolon, tab and pipe from the first lines.</summary>
    public char? Delimiter { get; init; }

    /// <summary>True (the default) when the first record holds the column names; otherwise columns are named <c>x0</c>, <c>x1</c>, ….</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>
    /// Unquoted fields equal to one of these (case-sensitive) are missing values. A quoted field is always a value,
    /// except that a quoted empty field is missing in a numeric, boolean or date-time column.
    /// </summary>
    public IReadOnlyCollection<string> NaTokens { get; init; } = DefaultNaTokens;

    /// <summary>
    /// Column types that override inference, by column name. Naming a column that the file does not have is an
    /// error; a value that does not parse as the given type is a <see cref="CsvFormatException"/>.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnType>? Schema { get; init; }

    /// <summary>
    /// A text column becomes categorical when its number of distinct values is at most this fraction of its
    /// non-missing values (default 0.5); 0 keeps every inferred text column as plain strings.
    /// </summary>
    public double CategoricalThreshold { get; init; } = 0.5;

    /// <summary>
    /// The number of threads that parse the file: 1 reads sequentially; a positive number uses up to that many
    /// threads; -1 (the default) uses every core for inputs of a few megabytes or more and one thread otherwise.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Rows per parsing page, for tests that stress page reuse (0: chosen from the column count).</summary>
    internal int PageRows { get; init; }
}
