using Augur.Data;

namespace Augur;

/// <summary>One input column a model expects.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">The type seen in training.</param>
/// <param name="AllowsMissing">Whether the model accepts missing values in this column.</param>
/// <param name="Categories">For categorical columns, the categories seen in training; otherwise null.</param>
public sealed record InputColumn(string Name, ColumnType Type, bool AllowsMissing, IReadOnlyList<string>? Categories = null);

/// <summary>
/// What a model takes and gives: its input columns (names, types, whether missing values are accepted,
/// categories seen), what it predicts, the target name and the class labels. Serving validates requests
/// against it; every model carries one.
/// </summary>
public sealed record ModelSignature
{
    /// <summary>The input columns, in the order the model was trained on.</summary>
    public required IReadOnlyList<InputColumn> Inputs { get; init; }

    /// <summary>What the model predicts.</summary>
    public required ModelTask Task { get; init; }

    /// <summary>The name of the training target, when there was one.</summary>
    public string? Target { get; init; }

    /// <summary>The class labels, for classifiers.</summary>
    public ClassLabels? Classes { get; init; }

    /// <summary>The input column names, in order.</summary>
    public IReadOnlyList<string> InputNames => Inputs.Select(i => i.Name).ToArray();

    /// <summary>
    /// Describes the columns of <paramref name="x"/> as a model's inputs. Categories are recorded for categorical columns.
    /// </summary>
    /// <param name="x">The training features.</param>
    /// <param name="task">What the model predicts.</param>
    /// <param name="allowsMissing">Whether the model accepts missing values.</param>
    /// <param name="target">The training target, if any (only its name is kept).</param>
    /// <param name="classes">The class labels, for classifiers.</param>
    public static ModelSignature Infer(Frame x, ModelTask task, bool allowsMissing, Column? target = null, ClassLabels? classes = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var inputs = x.Columns
            .Select(c => new InputColumn(c.Name, c.Type, allowsMissing, c is CategoricalColumn cat ? cat.Categories.ToArray() : null))
            .ToArray();
        return new ModelSignature { Inputs = inputs, Task = task, Target = target?.Name, Classes = classes };
    }

    /// <summary>
    /// Selects this signature's input columns from <paramref name="x"/>, in training order, checking that each exists
    /// and holds a compatible type (any numeric type for numeric inputs; string or categorical for text and
    /// categorical inputs; datetime for datetime inputs) and, where the model does not accept them, no missing values.
    /// Extra columns are ignored. Throws <see cref="AugurException"/> naming the column otherwise.
    /// </summary>
    public Frame Conform(Frame x, string? modelName = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var columns = new Column[Inputs.Count];
        for (var i = 0; i < Inputs.Count; i++)
        {
            var input = Inputs[i];
            if (!x.TryGetColumn(input.Name, out var c))
                throw new AugurException($"input column '{input.Name}' is missing; {modelName ?? "the model"} needs: {string.Join(", ", InputNames)}");
            if (!Compatible(input.Type, c.Type))
                throw new AugurException($"column '{input.Name}' holds {c.Type.ToName()} values but {modelName ?? "the model"} was trained on {input.Type.ToName()}");
            if (!input.AllowsMissing && c.MissingCount > 0)
                throw new AugurException($"column '{input.Name}' has {c.MissingCount} missing values, which {modelName ?? "the model"} does not accept; impute them first (for example with SimpleImputer)");
            columns[i] = c;
        }
        return new Frame(columns);
    }

    /// <summary>True when a column of type <paramref name="given"/> can feed an input trained on <paramref name="expected"/>.</summary>
    public static bool Compatible(ColumnType expected, ColumnType given)
    {
        if (expected == given) return true;
        if (expected.IsNumeric() && given.IsNumeric()) return true;
        var textual = expected is ColumnType.String or ColumnType.Categorical;
        return textual && given is ColumnType.String or ColumnType.Categorical;
    }
}
