using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

namespace Augur.Neighbors;

/// <summary>Option checks, index building and weighting shared by the neighbours estimators.</summary>
internal static class NeighborsCore
{
    public static (ReducedMetric Metric, double P) Resolve(NeighborMetric metric, double p, string model)
    {
        switch (metric)
        {
            case NeighborMetric.Euclidean: return (ReducedMetric.SquaredEuclidean, 2);
            case NeighborMetric.Manhattan: return (ReducedMetric.Manhattan, 1);
            case NeighborMetric.Chebyshev: return (ReducedMetric.Chebyshev, double.PositiveInfinity);
            case NeighborMetric.Cosine: return (ReducedMetric.Cosine, 2);
            case NeighborMetric.Minkowski:
                if (double.IsNaN(p) || p < 1) throw new AugurException($"{model} option 'p' must be at least 1 (1 = Manhattan, 2 = Euclidean), not {p}");
                if (p == 1) return (ReducedMetric.Manhattan, 1);
                if (p == 2) return (ReducedMetric.SquaredEuclidean, 2);
                if (double.IsPositiveInfinity(p)) return (ReducedMetric.Chebyshev, p);
                return (ReducedMetric.Minkowski, p);
            default:
                throw new AugurException($"{model} option 'metric' has an unknown value {metric}");
        }
    }

    public static NeighborIndex BuildIndex(Matrix data, int nNeighbors, NeighborAlgorithm algorithm, NeighborMetric metric, double p, int leafSize, string model)
    {
        var (reduced, power) = Resolve(metric, p, model);
        if (leafSize < 1) throw new AugurException($"{model} option 'leaf_size' must be at least 1, not {leafSize}");
        if (algorithm == NeighborAlgorithm.KdTree && reduced == ReducedMetric.Cosine)
            throw new AugurException($"{model} cannot use algorithm=kd_tree with the cosine metric; use brute or auto");
        var useTree = algorithm switch
        {
            NeighborAlgorithm.KdTree => true,
            NeighborAlgorithm.Brute => false,
            _ => reduced != ReducedMetric.Cosine && data.Cols <= 15 && nNeighbors < data.Rows / 2,
        };
        return new NeighborIndex(data, reduced, power, useTree, leafSize);
    }

    public static void CheckNeighbors(int k, int rows, string model)
    {
        if (k < 1) throw new AugurException($"{model} option 'n_neighbors' must be at least 1, not {k}");
        if (k > rows) throw new AugurException($"{model} asks for {k} neighbours but was fitted on only {rows} rows; lower n_neighbors");
    }

    public static Matrix ReadTraining(Frame x, string model)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.RowCount == 0) throw new AugurException($"{model} needs at least one row to fit");
        return x.ToMatrix(false, model);
    }

    /// <summary>Queries the index and converts reduced distances to distances.</summary>
    public static NeighborQueryResult Kneighbors(NeighborIndex index, Matrix queries, int k)
    {
        var (reduced, idx) = index.Query(queries, k);
        for (var i = 0; i < reduced.Length; i++) reduced[i] = index.ToDistance(reduced[i]);
        return new NeighborQueryResult(queries.Rows, k, reduced, idx);
    }

    /// <summary>
    /// Neighbour weights for one query row: 1/d, or — when any neighbour is at distance zero — 1 for those and 0 for the rest.
    /// </summary>
    public static void DistanceWeights(ReadOnlySpan<double> dist, Span<double> w)
    {
        var anyZero = false;
        for (var j = 0; j < dist.Length; j++)
        {
            w[j] = 1.0 / dist[j];
            if (double.IsInfinity(w[j])) anyZero = true;
        }
        if (!anyZero) return;
        for (var j = 0; j < dist.Length; j++) w[j] = double.IsInfinity(w[j]) ? 1.0 : 0.0;
    }

    /// <summary>
    /// The <paramref name="k"/> nearest training rows of every row of <paramref name="x"/>: <paramref name="k"/> is checked
    /// against the training rows first, then <paramref name="x"/> is read through the model's signature.
    /// </summary>
    public static NeighborQueryResult Kneighbors(NeighborIndex index, ModelSignature signature, Frame x, int k, string model)
    {
        CheckNeighbors(k, index.Rows, model);
        return Kneighbors(index, signature.Features(x, model), k);
    }

    /// <summary>Writes what every neighbours model file starts with: the options, the signature and the training rows.</summary>
    public static void SaveTraining<TOptions>(ModelWriter writer, TOptions options, ModelSignature signature, Matrix data)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(options);
        writer.Write("signature", signature);
        writer.Write("fit_x", data);
    }

    /// <summary>Reads what <see cref="SaveTraining"/> wrote.</summary>
    public static (TOptions Options, ModelSignature Signature, Matrix Data) ReadTraining<TOptions>(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<TOptions>();
        var signature = reader.ReadSignature("signature");
        return (options, signature, reader.ReadMatrix("fit_x", cols: signature.Inputs.Count));
    }

    /// <summary>Checks that a loaded model's <c>n_neighbors</c> fits its training rows.</summary>
    public static void RequireNeighbors(ModelReader reader, int nNeighbors, int rows) =>
        reader.Require(nNeighbors >= 1 && nNeighbors <= rows, "options", "n_neighbors does not fit the training rows");
}
