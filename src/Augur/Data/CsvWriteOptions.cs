namespace Augur.Data;

/// <summary>How <see cref="Frame.WriteCsv(string, CsvWriteOptions?)"/> writes a frame.</summary>
public sealed record CsvWriteOptions
{
    /// <summary>The field delimiter (default comma).</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>True (the default) to write the column names as the first line.</summary>
    public bool WriteHeader { get; init; } = true;

    /// <summary>The text written for a missing value (default: an empty field).</summary>
    public string MissingValue { get; init; } = "";

    /// <summary>The line ending (default <c>"\n"</c>).</summary>
    public string NewLine { get; init; } = "\n";
}
