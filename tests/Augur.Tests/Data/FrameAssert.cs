using Augur.Data;

namespace Augur.Tests.Data;

/// <summary>Exact comparison of frames: names, types, missing flags and values (doubles bit for bit).</summary>
public static class FrameAssert
{
    /// <summary>Asserts that two frames hold the same data. With <paramref name="textEquivalent"/>, string and categorical columns compare by value only.</summary>
    public static void Equal(Frame expected, Frame actual, bool textEquivalent = false)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (var j = 0; j < expected.ColumnCount; j++)
        {
            var e = expected[j];
            var a = actual[j];
            var text = e.Type is ColumnType.String or ColumnType.Categorical;
            if (!(textEquivalent && text && a.Type is ColumnType.String or ColumnType.Categorical))
                Assert.True(e.Type == a.Type, $"column '{e.Name}': expected type {e.Type}, got {a.Type}");
            for (var i = 0; i < e.Length; i++)
            {
                Assert.True(e.IsMissing(i) == a.IsMissing(i), $"column '{e.Name}' row {i}: missing {e.IsMissing(i)} vs {a.IsMissing(i)}");
                if (e.IsMissing(i)) continue;
                var ev = e.GetValue(i);
                var av = a.GetValue(i);
                if (ev is double ed && av is double ad)
                    Assert.True(BitConverter.DoubleToInt64Bits(ed) == BitConverter.DoubleToInt64Bits(ad),
                        $"column '{e.Name}' row {i}: expected {ed:R}, got {ad:R}");
                else
                    Assert.True(Equals(ev, av), $"column '{e.Name}' row {i}: expected '{ev}', got '{av}'");
            }
        }
    }
}
