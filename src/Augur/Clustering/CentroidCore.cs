using Augur.Data;
using Augur.Numerics;
using Augur.Serialization;

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

    /// <summary>Minus the (weighted) inertia of <paramref name="x"/> (scikit-learn's <c>score</c>).</summary>
    public double Score(Matrix x, double[]? sampleWeight) => -Inertia(x, ModelInputs.CheckSampleWeight(sampleWeight, x.Rows));

    /// <summary>Writes what every k-means model file holds: signature, options, centres, training labels, inertia and iterations.</summary>
    public void Save<TOptions>(ModelWriter writer, ModelSignature signature, TOptions options, int[] labels, double inertia, int nIter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("signature", signature);
        writer.WriteOptions(options);
        writer.Write("cluster_centers", CentersMatrix);
        writer.Write("labels", labels);
        writer.Write("inertia", inertia);
        writer.Write("n_iter", nIter);
    }

    /// <summary>Reads what <see cref="Save"/> wrote, checking the centres' width and the labels' range.</summary>
    public static (ModelSignature Signature, TOptions Options, Matrix Centers, int[] Labels, double Inertia, int NIter) Load<TOptions>(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var signature = reader.ReadSignature("signature");
        var options = reader.ReadOptions<TOptions>();
        var centers = reader.ReadMatrix("cluster_centers", cols: signature.Inputs.Count);
        reader.Require(centers.Rows >= 1, "cluster_centers", "a k-means model needs at least one centre");
        var labels = reader.ReadInt32s("labels");
        reader.Require(labels.All(l => l >= 0 && l < centers.Rows), "labels", "a label is out of range");
        var inertia = reader.ReadDouble("inertia");
        return (signature, options, centers, labels, inertia, reader.ReadInt32("n_iter", 0, int.MaxValue));
    }
}
