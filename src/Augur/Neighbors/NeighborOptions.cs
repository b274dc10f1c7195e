namespace Augur.Neighbors;

/// <summary>How the neighbours' votes (or values) are weighted.</summary>
public enum NeighborWeights
{
    /// <summary>Every neighbour counts the same.</summary>
    Uniform,
    /// <summary>Neighbours weigh 1 / distance; when some neighbours are at distance zero, only they count (equally).</summary>
    Distance,
}

/// <summary>How neighbours are searched. Results are the same for every choice.</summary>
public enum NeighborAlgorithm
{
    /// <summary>A KD-tree for few features (at most 15) and few neighbours, brute force otherwise (scikit-learn's rule).</summary>
    Auto,
    /// <summary>Blocked, vectorised distance computation against every training row, parallel over queries.</summary>
    Brute,
    /// <summary>A KD-tree built once at fit (not for the cosine metric).</summary>
    KdTree,
}

/// <summary>The distance between rows.</summary>
public enum NeighborMetric
{
    /// <summary>Minkowski distance of power <c>P</c> (P = 1 is Manhattan, P = 2 Euclidean, P = ∞ Chebyshev).</summary>
    Minkowski,
    /// <summary>Euclidean (L2) distance.</summary>
    Euclidean,
    /// <summary>Manhattan (L1, city-block) distance.</summary>
    Manhattan,
    /// <summary>Chebyshev (L∞) distance: the largest coordinate difference.</summary>
    Chebyshev,
    /// <summary>Cosine distance, 1 − cos(angle), in [0, 2].</summary>
    Cosine,
}

/// <summary>The k nearest training rows of each query row, nearest first.</summary>
public sealed class NeighborQueryResult
{
    internal NeighborQueryResult(int rows, int k, double[] distances, int[] indices)
    {
        Rows = rows;
        K = k;
        Distances = new Numerics.Matrix(rows, k, distances);
        Indices = indices;
    }

    /// <summary>The number of query rows.</summary>
    public int Rows { get; }

    /// <summary>The number of neighbours per row.</summary>
    public int K { get; }

    /// <summary>Distances (rows × k), ascending along each row.</summary>
    public Numerics.Matrix Distances { get; }

    /// <summary>Training row indices, row-major (rows × k), aligned with <see cref="Distances"/>.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>The training index of neighbour <paramref name="j"/> of query row <paramref name="row"/>.</summary>
    public int Index(int row, int j) => Indices[row * K + j];
}
