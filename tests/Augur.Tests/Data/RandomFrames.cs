using Augur.Data;
using CsCheck;

namespace Augur.Tests.Data;

/// <summary>Random frames with every storable column type, missing values, extreme numbers and awkward strings.</summary>
public static class RandomFrames
{
    private static readonly string[] s_pieces =
    [
        "", " ", "a", "Z", "NA", "null", "NaN", "?", "\"", "\"\"", ",", ";", "\t", "|", "\n", "\r\n", "\r", "é", "😀",
        "x\"y", " lead", "trail ", "1", "-0", "1.5", "1e5", "true", "FALSE", "2024-01-31", "#N/A", "None", "long text with spaces",
    ];

    private static readonly ColumnType[] s_types =
        [ColumnType.Float64, ColumnType.Int64, ColumnType.Bool, ColumnType.String, ColumnType.Categorical, ColumnType.DateTime];

    /// <summary>Frames of 0–40 rows and 1–7 columns.</summary>
    public static Gen<Frame> Any { get; } = Gen.Select(Gen.Int[0, 40], Gen.Int[1, 7], Gen.Int, (rows, cols, seed) => Make(rows, cols, seed, typeable: false));

    /// <summary>
    /// Frames whose column types can be inferred back from CSV: every column has a value, and text always starts
    /// with a letter that makes it plain text.
    /// </summary>
    public static Gen<Frame> Inferable { get; } = Gen.Select(Gen.Int[1, 40], Gen.Int[1, 7], Gen.Int, (rows, cols, seed) => Make(rows, cols, seed, typeable: true));

    /// <summary>The column types of <paramref name="frame"/>, as a CSV schema.</summary>
    public static Dictionary<string, ColumnType> Schema(Frame frame) => frame.Columns.ToDictionary(c => c.Name, c => c.Type);

    public static Frame Make(int rows, int cols, int seed, bool typeable)
    {
        var rng = new Random(seed);
        var offset = rng.Next(s_types.Length);
        var columns = new List<Column>();
        for (var j = 0; j < cols; j++)
        {
            var type = s_types[(offset + j) % s_types.Length];
            var name = typeable ? $"c{j}" : $"c{j}{s_pieces[rng.Next(s_pieces.Length)]}";
            var missing = new bool[rows];
            var missingRate = rng.Next(4) switch { 0 => 0.0, 1 => 0.1, 2 => 0.5, _ => 0.9 };
            for (var i = 0; i < rows; i++) missing[i] = rng.NextDouble() < missingRate;
            if (typeable && rows > 0) missing[rng.Next(rows)] = false;
            columns.Add(type switch
            {
                ColumnType.Float64 => new Float64Column(name, Enumerable.Range(0, rows).Select(i => missing[i] ? double.NaN : Double(rng)).ToArray()),
                ColumnType.Int64 => new Int64Column(name, Enumerable.Range(0, rows).Select(_ => Long(rng)).ToArray(), missing),
                ColumnType.Bool => new BoolColumn(name, Enumerable.Range(0, rows).Select(_ => rng.Next(2) == 1).ToArray(), missing),
                ColumnType.DateTime => new DateTimeColumn(name, Enumerable.Range(0, rows).Select(_ => Ticks(rng)).ToArray(), missing),
                ColumnType.String => new StringColumn(name, Enumerable.Range(0, rows).Select(i => missing[i] ? null : (typeable ? "s" : "") + Text(rng)).ToArray()),
                _ => Categorical(name, rows, missing, rng, typeable),
            });
        }
        return new Frame(columns);
    }

    private static double Double(Random rng) => rng.Next(12) switch
    {
        0 => double.PositiveInfinity,
        1 => double.NegativeInfinity,
        2 => -0.0,
        3 => 0.0,
        4 => double.MaxValue,
        5 => double.Epsilon,
        6 => rng.Next(-5, 5),
        7 => 0.1 * rng.Next(100),
        8 => -2.5e-300,
        _ => RandomBits(rng),
    };

    private static double RandomBits(Random rng)
    {
        while (true)
        {
            var d = BitConverter.Int64BitsToDouble(rng.NextInt64(long.MinValue, long.MaxValue));
            if (double.IsFinite(d)) return d;
        }
    }

    private static long Long(Random rng) => rng.Next(5) switch
    {
        0 => long.MinValue,
        1 => long.MaxValue,
        2 => 0,
        3 => rng.Next(-100, 100),
        _ => rng.NextInt64(long.MinValue, long.MaxValue),
    };

    private static long Ticks(Random rng) => rng.Next(3) switch
    {
        0 => new DateTime(rng.Next(1, 10000), rng.Next(1, 13), rng.Next(1, 29)).Ticks,
        1 => DateTime.MaxValue.Ticks - rng.Next(1000),
        _ => rng.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks),
    };

    private static string Text(Random rng)
    {
        var parts = rng.Next(4);
        var s = "";
        for (var k = 0; k < parts; k++) s += s_pieces[rng.Next(s_pieces.Length)];
        return s;
    }

    private static CategoricalColumn Categorical(string name, int rows, bool[] missing, Random rng, bool typeable)
    {
        var categories = Enumerable.Range(0, 1 + rng.Next(4)).Select(k => (typeable ? "k" : "") + Text(rng) + k).Distinct().ToArray();
        var codes = Enumerable.Range(0, rows).Select(i => missing[i] ? -1 : rng.Next(categories.Length)).ToArray();
        return new CategoricalColumn(name, codes, categories);
    }
}
