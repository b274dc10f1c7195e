using Augur.Data;
using Augur.Numerics;

namespace Augur.Boosting;

/// <summary>The features of some rows as LightGBM reads them: dense row-major (NaN = missing) or CSR.</summary>
internal sealed class EncodedFeatures
{
    public EncodedFeatures(int rows, int cols, double[] dense)
    {
        Rows = rows;
        Cols = cols;
        Dense = dense;
    }

    public EncodedFeatures(CsrMatrix sparse)
    {
        Rows = sparse.Rows;
        Cols = sparse.Cols;
        Sparse = sparse;
    }

    public int Rows { get; }
    public int Cols { get; }
    public double[]? Dense { get; }
    public CsrMatrix? Sparse { get; }
}

/// <summary>
/// Turns frames into LightGBM feature matrices. Numeric columns (float64, int64, bool, sparse) pass as numbers with NaN
/// for missing values. Categorical and string columns become LightGBM categorical features: each value is replaced by
/// its position in the category list seen in training; missing values and categories not seen in training become NaN,
/// which LightGBM sends down the same "other" branch of every categorical split.
/// </summary>
internal sealed class FeatureCodec
{
    private const int RowBlock = 1024;
    private readonly Dictionary<string, int>?[] _lookup;

    private FeatureCodec(ModelSignature signature, string[] lightGbmNames)
    {
        Signature = signature;
        LightGbmNames = lightGbmNames;
        _lookup = new Dictionary<string, int>?[signature.Inputs.Count];
        var cats = new List<int>();
        for (var j = 0; j < signature.Inputs.Count; j++)
        {
            var input = signature.Inputs[j];
            if (!IsCategorical(input)) continue;
            cats.Add(j);
            var d = new Dictionary<string, int>(input.Categories!.Count, StringComparer.Ordinal);
            for (var k = 0; k < input.Categories.Count; k++) d.TryAdd(input.Categories[k], k);
            _lookup[j] = d;
        }
        CategoricalIndices = cats.ToArray();
    }

    /// <summary>The model's inputs.</summary>
    public ModelSignature Signature { get; }

    /// <summary>The feature names given to LightGBM (the input names, made safe for LightGBM's model text).</summary>
    public string[] LightGbmNames { get; }

    /// <summary>The positions of the categorical features.</summary>
    public int[] CategoricalIndices { get; }

    /// <summary>The number of features.</summary>
    public int Count => Signature.Inputs.Count;

    private static bool IsCategorical(InputColumn input) =>
        input.Type is ColumnType.Categorical or ColumnType.String && input.Categories is not null;

    /// <summary>Builds the codec and the signature from the training features.</summary>
    public static FeatureCodec FromTraining(Frame x, ModelTask task, Column? target, ClassLabels? classes, string consumer)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.ColumnCount == 0) throw new AugurException($"{consumer} needs at least one feature column");
        if (x.RowCount == 0) throw new AugurException($"{consumer} needs at least one row to fit");
        var inputs = new InputColumn[x.ColumnCount];
        for (var j = 0; j < inputs.Length; j++)
        {
            var c = x[j];
            inputs[j] = c switch
            {
                CategoricalColumn cat => new InputColumn(c.Name, c.Type, true, cat.Categories.ToArray()),
                StringColumn s => new InputColumn(c.Name, c.Type, true, DistinctSorted(s)),
                _ when c.IsNumeric => new InputColumn(c.Name, c.Type, true),
                _ => throw new AugurException(
                    $"column '{c.Name}' holds {c.Type.ToName()} values, which {consumer} cannot use; turn it into numbers first (for example year, month and day columns)"),
            };
        }
        var signature = new ModelSignature { Inputs = inputs, Task = task, Target = target?.Name, Classes = classes };
        return new FeatureCodec(signature, SafeNames(x.ColumnNames));
    }

    /// <summary>Builds the codec for a signature read back from a file or given for an imported model.</summary>
    public static FeatureCodec FromSignature(ModelSignature signature, IReadOnlyList<string>? lightGbmNames = null) =>
        new(signature, lightGbmNames?.ToArray() ?? SafeNames(signature.InputNames));

    private static string[] DistinctSorted(StringColumn s)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var v in s.Values) if (v is not null) set.Add(v);
        return set.ToArray();
    }

    /// <summary>
    /// LightGBM refuses feature names with JSON punctuation and replaces blanks; this gives each feature a name it keeps
    /// as is (other characters become '_'), unique.
    /// </summary>
    public static string[] SafeNames(IReadOnlyList<string> names)
    {
        var result = new string[names.Count];
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < names.Count; j++)
        {
            var chars = names[j].Select(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or ',' or ':' or '[' or ']' or '{' or '}' or '=' ? '_' : c).ToArray();
            var name = chars.Length == 0 ? $"feature_{j}" : new string(chars);
            if (!used.Add(name))
            {
                var k = j;
                while (!used.Add($"{name}_{k}")) k++;
                name = $"{name}_{k}";
            }
            result[j] = name;
        }
        return result;
    }

    /// <summary>
    /// The columns of <paramref name="x"/> this model reads (by name, type-checked) as a LightGBM matrix: CSR when any is
    /// stored sparsely, dense row-major otherwise.
    /// </summary>
    public EncodedFeatures Encode(Frame x, string consumer)
    {
        var frame = Signature.Conform(x, consumer);
        return frame.HasSparseColumns ? new EncodedFeatures(EncodeCsr(frame)) : new EncodedFeatures(frame.RowCount, Count, EncodeDense(frame));
    }

    /// <summary>
    /// The columns of <paramref name="x"/> this model reads, one array of numbers per feature: float64 columns as they
    /// are (no copy), others converted. Null when a column is stored sparsely.
    /// </summary>
    public double[][]? EncodeColumns(Frame x, string consumer)
    {
        var frame = Signature.Conform(x, consumer);
        if (frame.HasSparseColumns) return null;
        var n = frame.RowCount;
        var result = new double[Count][];
        for (var j = 0; j < result.Length; j++)
        {
            if (frame[j] is Float64Column f && _lookup[j] is null)
            {
                result[j] = f.UnsafeArray;
                continue;
            }
            var values = GC.AllocateUninitializedArray<double>(n);
            ColumnEncoder.Create(frame[j], _lookup[j]).Fill(values, 1, 0, 0, n);
            result[j] = values;
        }
        return result;
    }

    private double[] EncodeDense(Frame frame)
    {
        var n = frame.RowCount;
        var p = Count;
        var data = GC.AllocateUninitializedArray<double>(checked(n * p));
        var encoders = new ColumnEncoder[p];
        for (var j = 0; j < p; j++) encoders[j] = ColumnEncoder.Create(frame[j], _lookup[j]);
        var blocks = (n + RowBlock - 1) / RowBlock;
        void Block(int b)
        {
            var start = b * RowBlock;
            var end = Math.Min(n, start + RowBlock);
            for (var j = 0; j < p; j++) encoders[j].Fill(data, p, j, start, end);
        }
        if (blocks <= 1 || (long)n * p < DenseOps.ParallelThreshold) for (var b = 0; b < blocks; b++) Block(b);
        else Parallel.For(0, blocks, Block);
        return data;
    }

    private CsrMatrix EncodeCsr(Frame frame)
    {
        var n = frame.RowCount;
        var p = Count;
        var counts = new int[n + 1];
        var columns = new double[p][];
        var sparse = new SparseColumn?[p];
        for (var j = 0; j < p; j++)
        {
            if (frame[j] is SparseColumn s)
            {
                sparse[j] = s;
                foreach (var r in s.Rows) counts[r + 1]++;
                continue;
            }
            var values = new double[n];
            ColumnEncoder.Create(frame[j], _lookup[j]).Fill(values, 1, 0, 0, n);
            columns[j] = values;
            for (var i = 0; i < n; i++) if (values[i] != 0) counts[i + 1]++; // NaN != 0: missing values are stored
        }
        for (var i = 0; i < n; i++) counts[i + 1] += counts[i];
        var next = (int[])counts.Clone();
        var idx = new int[counts[n]];
        var val = new double[counts[n]];
        for (var j = 0; j < p; j++)
        {
            if (sparse[j] is { } s)
            {
                var rows = s.Rows;
                var vals = s.StoredValues;
                for (var k = 0; k < rows.Length; k++)
                {
                    var pos = next[rows[k]]++;
                    idx[pos] = j;
                    val[pos] = vals[k];
                }
                continue;
            }
            var values = columns[j];
            for (var i = 0; i < n; i++)
            {
                if (values[i] == 0) continue;
                var pos = next[i]++;
                idx[pos] = j;
                val[pos] = values[i];
            }
        }
        return new CsrMatrix(n, p, counts, idx, val);
    }

    /// <summary>Writes one column's values into a row-major buffer.</summary>
    private abstract class ColumnEncoder
    {
        public abstract void Fill(double[] data, int stride, int col, int start, int end);

        public static ColumnEncoder Create(Column c, Dictionary<string, int>? lookup) => c switch
        {
            _ when lookup is not null && c is CategoricalColumn cat => new CategoricalEncoder(cat, lookup),
            _ when lookup is not null => new TextEncoder(c, lookup),
            Float64Column f => new Float64Encoder(f),
            Int64Column i => new Int64Encoder(i),
            BoolColumn b => new BoolEncoder(b),
            _ => new GenericEncoder(c),
        };
    }

    private sealed class Float64Encoder(Float64Column c) : ColumnEncoder
    {
        public override void Fill(double[] data, int stride, int col, int start, int end)
        {
            var v = c.Values;
            for (var i = start; i < end; i++) data[i * stride + col] = v[i];
        }
    }

    private sealed class Int64Encoder(Int64Column c) : ColumnEncoder
    {
        public override void Fill(double[] data, int stride, int col, int start, int end)
        {
            var v = c.Values;
            var m = c.Missing;
            for (var i = start; i < end; i++) data[i * stride + col] = m.Length > 0 && m[i] ? double.NaN : v[i];
        }
    }

    private sealed class BoolEncoder(BoolColumn c) : ColumnEncoder
    {
        public override void Fill(double[] data, int stride, int col, int start, int end)
        {
            var v = c.Values;
            var m = c.Missing;
            for (var i = start; i < end; i++) data[i * stride + col] = m.Length > 0 && m[i] ? double.NaN : v[i] ? 1.0 : 0.0;
        }
    }

    private sealed class GenericEncoder(Column c) : ColumnEncoder
    {
        public override void Fill(double[] data, int stride, int col, int start, int end)
        {
            for (var i = start; i < end; i++) data[i * stride + col] = c.GetDouble(i);
        }
    }

    /// <summary>Categorical column: its codes remapped (once per column) to the training category positions.</summary>
    private sealed class CategoricalEncoder : ColumnEncoder
    {
        private readonly CategoricalColumn _c;
        private readonly double[] _map;

        public CategoricalEncoder(CategoricalColumn c, Dictionary<string, int> lookup)
        {
            _c = c;
            _map = new double[c.Categories.Count];
            for (var k = 0; k < _map.Length; k++) _map[k] = lookup.TryGetValue(c.Categories[k], out var code) ? code : double.NaN;
        }

        public override void Fill(double[] data, int stride, int col, int start, int end)
        {
            var codes = _c.Codes;
            for (var i = start; i < end; i++)
            {
                var k = codes[i];
                data[i * stride + col] = k < 0 ? double.NaN : _map[k];
            }
        }
    }

    /// <summary>String column read as categories: each value looked up among the training categories.</summary>
    private sealed class TextEncoder(Column c, Dictionary<string, int> lookup) : ColumnEncoder
    {
        public override void Fill(double[] data, int stride, int col, int start, int end)
        {
            for (var i = start; i < end; i++)
                data[i * stride + col] = c.IsMissing(i) ? double.NaN : lookup.TryGetValue(c.Format(i), out var code) ? code : double.NaN;
        }
    }
}
