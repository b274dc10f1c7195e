namespace Augur.Data;

/// <summary>The storage type of a <see cref="Column"/>.</summary>
public enum ColumnType
{
    /// <summary>64-bit floating point; missing values are NaN.</summary>
    Float64,
    /// <summary>64-bit signed integer with a missing-value mask.</summary>
    Int64,
    /// <summary>Boolean with a missing-value mask.</summary>
    Bool,
    /// <summary>Free text; missing values are null.</summary>
    String,
    /// <summary>Dictionary-encoded strings (a code per row into a list of categories); missing code is -1.</summary>
    Categorical,
    /// <summary>Date and time (as <see cref="System.DateTime"/> ticks) with a missing-value mask.</summary>
    DateTime,
    /// <summary>64-bit floating point stored sparsely (row indices and values, zero elsewhere); used for text features.</summary>
    Sparse,
}

/// <summary>Helpers on <see cref="ColumnType"/>.</summary>
public static class ColumnTypeExtensions
{
    /// <summary>True for the types a model can read as numbers: float64, int64, bool and sparse.</summary>
    public static bool IsNumeric(this ColumnType type) =>
        type is ColumnType.Float64 or ColumnType.Int64 or ColumnType.Bool or ColumnType.Sparse;

    /// <summary>The lower-case name used in files, messages and the CLI (<c>float64</c>, <c>categorical</c>, …).</summary>
    public static string ToName(this ColumnType type) => type switch
    {
        ColumnType.Float64 => "float64",
        ColumnType.Int64 => "int64",
        ColumnType.Bool => "bool",
        ColumnType.String => "string",
        ColumnType.Categorical => "categorical",
        ColumnType.DateTime => "datetime",
        ColumnType.Sparse => "sparse",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a name written by <see cref="ToName"/> (also accepts <c>float</c>, <c>double</c>, <c>int</c>, <c>boolean</c>, <c>text</c>, <c>category</c>, <c>date</c>).</summary>
    public static bool TryParse(string name, out ColumnType type)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "float64": case "float": case "double": case "number": type = ColumnType.Float64; return true;
            case "int64": case "int": case "integer": case "long": type = ColumnType.Int64; return true;
            case "bool": case "boolean": type = ColumnType.Bool; return true;
            case "string": case "text": case "str": type = ColumnType.String; return true;
            case "categorical": case "category": type = ColumnType.Categorical; return true;
            case "datetime": case "date": case "timestamp": type = ColumnType.DateTime; return true;
            case "sparse": type = ColumnType.Sparse; return true;
            default: type = default; return false;
        }
    }
}
