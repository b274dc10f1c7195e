using Augur.Data;

namespace Augur.Tests.Data;

public sealed class FrameTests
{
    private static Frame Sample() => new(
        new Float64Column("x", [1.0, double.NaN, 3.0, 4.0]),
        new Int64Column("n", [10, 20, 30, 40], [false, false, true, false]),
        new BoolColumn("b", [true, false, true, false]),
        new StringColumn("s", ["a", null, "c", "d"]),
        new CategoricalColumn("c", [0, 1, 0, -1], ["lo", "hi"]),
        new DateTimeColumn("d", [new DateTime(2020, 1, 2), null, new DateTime(2021, 3, 4, 5, 6, 7), new DateTime(2022, 1, 1)]));

    [Fact]
    public void SelectDropAndIndexByName()
    {
        var f = Sample();
        Assert.Equal(4, f.RowCount);
        Assert.Equal(["s", "x"], f.Select("s", "x").ColumnNames);
        Assert.Equal(["x", "n", "b", "c", "d"], f.Drop("s").ColumnNames);
        Assert.Same(f["x"], f.Select("x")["x"]);
        var e = Assert.Throws<ColumnNotFoundException>(() => f["sx"]);
        Assert.Contains("did you mean", e.Message);
        Assert.Throws<ColumnNotFoundException>(() => f.Drop("nope"));
    }

    [Fact]
    public void MissingValuesAreTrackedPerType()
    {
        var f = Sample();
        Assert.Equal([1, 1, 0, 1, 1, 1], f.Columns.Select(c => c.MissingCount).ToArray());
        Assert.True(f["n"].IsMissing(2));
        Assert.True(double.IsNaN(f["n"].GetDouble(2)));
        Assert.Null(f["c"].GetValue(3));
    }

    [Fact]
    public void TakeFilterHeadAndConcatKeepTypesAndMissingness()
    {
        var f = Sample();
        var t = f.Take([3, 0, 2]);
        Assert.Equal(4.0, t["x"].GetDouble(0));
        Assert.True(t["n"].IsMissing(2));
        Assert.Equal("lo", ((CategoricalColumn)t["c"])[1]);
        var filtered = f.Filter([true, false, false, true]);
        Assert.Equal(2, filtered.RowCount);
        Assert.Equal("d", filtered["s"].GetValue(1));
        Assert.Equal(2, f.Head(2).RowCount);
        var both = f.Concat(f.Tail(1));
        Assert.Equal(5, both.RowCount);
        Assert.True(both["c"].IsMissing(4));
        Assert.Equal(ColumnType.DateTime, both["d"].Type);
    }

    [Fact]
    public void CategoricalAppendUnionsCategories()
    {
        var a = new CategoricalColumn("c", [0, 1], ["x", "y"]);
        var b = new CategoricalColumn("c", [0, 1, -1], ["z", "x"]);
        var ab = (CategoricalColumn)a.Append(b);
        Assert.Equal(["x", "y", "z"], ab.Categories);
        Assert.Equal(new string?[] { "x", "y", "z", "x", null }, Enumerable.Range(0, 5).Select(i => ab[i]).ToList());
    }

    [Fact]
    public void WithColumnAddsOrReplacesInPlace()
    {
        var f = Sample();
        var replaced = f.WithColumn(new Float64Column("n", [1, 2, 3, 4]));
        Assert.Equal(f.ColumnNames, replaced.ColumnNames);
        Assert.Equal(ColumnType.Float64, replaced["n"].Type);
        var added = f.WithColumn(new Float64Column("z", [1, 2, 3, 4]));
        Assert.Equal("z", added.ColumnNames[^1]);
        Assert.Throws<AugurException>(() => f.WithColumn(new Float64Column("z", [1, 2])));
    }

    [Fact]
    public void ConstructorRejectsDuplicateNamesAndRaggedColumns()
    {
        Assert.Throws<AugurException>(() => new Frame(new Float64Column("a", [1.0]), new Float64Column("a", [2.0])));
        Assert.Throws<AugurException>(() => new Frame(new Float64Column("a", [1.0]), new Float64Column("b", [2.0, 3.0])));
    }

    [Fact]
    public void ToMatrixIsRowMajorAndRejectsTextAndMissingValues()
    {
        var f = new Frame(new Float64Column("a", [1, 2]), new Int64Column("b", [3, 4]), new BoolColumn("c", [true, false]),
            new SparseColumn("s", 2, [1], [5.0]));
        var m = f.ToMatrix();
        Assert.Equal([1.0, 3.0, 1.0, 0.0, 2.0, 4.0, 0.0, 5.0], m.Data);
        var csr = f.ToCsr();
        Assert.Equal(m.Data, csr.ToDense().Data);
        var text = Assert.Throws<AugurException>(() => Sample().Select("s").ToMatrix(consumer: "Ridge"));
        Assert.Contains("column 's' holds string values but Ridge needs numbers", text.Message);
        var missing = Assert.Throws<AugurException>(() => Sample().Select("x").ToMatrix(consumer: "Ridge"));
        Assert.Contains("missing", missing.Message);
        Assert.Contains("Ridge", missing.Message);
        Assert.True(double.IsNaN(Sample().Select("x").ToMatrix(allowMissing: true)[1, 0]));
    }

    [Fact]
    public void FrameIsUnchangedByOperations()
    {
        var f = Sample();
        _ = f.Take([0, 0]).Drop("x").WithColumn(new Float64Column("q", [1, 2]));
        Assert.Equal(6, f.ColumnCount);
        Assert.Equal(4, f.RowCount);
    }
}
