using Augur.Data;
using Augur.Numerics;

namespace Augur.Clustering;

/// <summary>Prediction with fixed centres, shared by the k-means models: nearest centre, distances, inertia.</summary>
internal sealed class CentroidCore
{
    private readonly double[] _centers;
    private readonly CenterTable _table;

    public CentroidCore(Matrix centers)
    {
        K = centers.Rows;
        D = centers.Cols;
        _centers = (double[])centers.Data.Clone();
        _table = new CenterTable(_centers, K, D);
    }

    public int K { get; }
    public int D { get; }
    public ReadOnlySpan<double> Centers => _centers;
    public Matrix CentersMatrix => new(K, D, (double[])_centers.Clone());

    /// <summary>The nearest centre of every row (the first on ties).</summary>
    public int[] Nearest(Matrix x)
    {
        var labels = new int[x.Rows];
        var chunks = new RowChunks(x.Rows, 1);
        chunks.For(KMeansCore.IsLarge(x.Rows, K, D), c =>
        {
            var scratch = new double[_table.KPad];
            for (var i = chunks.Start(c); i < chunks.End(c); i++) labels[i] = _table.Nearest(x.Row(i), scratch, out _);
        });
        return labels;
    }

    /// <summary>Euclidean distances from every row to every centre.</summary>
    public Matrix Distances(Matrix x)
    {
        var result = new Matrix(x.Rows, K);
        var chunks = new RowChunks(x.Rows, 1);
        chunks.For(KMeansCore.IsLarge(x.Rows, K, D), c =>
        {
            for (var i = chunks.Start(c); i < chunks.End(c); i++)
            {
                var row = x.Row(i);
                var o = result.Row(i);
                for (var k = 0; k < K; k++) o[k] = KMeansCore.Distance(row, _centers.AsSpan(k * D, D));
            }
        });
        return result;
    }

    /// <summary>The weighted sum of squared distances of rows to their nearest centre.</summary>
    public double Inertia(Matrix x, double[]? w)
    {
        var labels = Nearest(x);
        return KMeansCore.Inertia(x, w, _centers, labels);
    }

    /// <summary>Distances as a frame with columns <c>{prefix}0</c>, <c>{prefix}1</c>, ….</summary>
    public Frame DistanceFrame(Matrix x, IReadOnlyList<string> names) => Frame.FromMatrix(Distances(x), names);

    public static string[] FeatureNames(string prefix, int k) => Enumerable.Range(0, k).Select(i => prefix + i).ToArray();
}
