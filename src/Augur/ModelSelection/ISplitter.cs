using Augur.Data;

namespace Augur.ModelSelection;

/// <summary>One train/test split of row indices.</summary>
/// <param name="Train">Rows to fit on, ascending unless the splitter documents otherwise.</param>
/// <param name="Test">Rows to evaluate on.</param>
public sealed record Fold(int[] Train, int[] Test);

/// <summary>
/// Splits rows into train/test folds (scikit-learn's cross-validation splitters). Deterministic splitters give the
/// same folds as scikit-learn; shuffling ones are reproducible from their seed.
/// </summary>
public interface ISplitter
{
    /// <summary>The number of folds <see cref="Split"/> yields for this data.</summary>
    int SplitCount(int rowCount, Column? y = null, Column? groups = null);

    /// <summary>Yields the folds. <paramref name="y"/> is needed by stratified splitters, <paramref name="groups"/> by group splitters.</summary>
    IEnumerable<Fold> Split(int rowCount, Column? y = null, Column? groups = null);
}
