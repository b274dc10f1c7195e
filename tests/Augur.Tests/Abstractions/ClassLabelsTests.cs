using Augur.Data;

namespace Augur.Tests.Abstractions;

public sealed class ClassLabelsTests
{
    [Fact]
    public void LabelsSortLikeNumpyUnique()
    {
        Assert.Equal(["B", "a", "b"], ClassLabels.Of(new StringColumn("y", ["b", "a", "B", "a"])).Names);
        Assert.Equal(["-1", "2", "10"], ClassLabels.Of(new Int64Column("y", [10, -1, 2, 10])).Names);
        Assert.Equal(["false", "true"], ClassLabels.Of(new BoolColumn("y", [true, false])).Names);
        Assert.Equal(["0.5", "1.5"], ClassLabels.Of(new Float64Column("y", [1.5, 0.5])).Names);
    }

    [Fact]
    public void EncodeDecodeRoundTripsInTheTargetType()
    {
        var y = new Int64Column("y", [3, 1, 3, 2]);
        var classes = ClassLabels.Of(y);
        var codes = classes.Encode(y);
        Assert.Equal([2, 0, 2, 1], codes);
        var back = classes.Decode(codes);
        Assert.Equal(ColumnType.Int64, back.Type);
        Assert.Equal([3L, 1L, 3L, 2L], ((Int64Column)back).Values.ToArray());
        // Labels given as text or floats still match numeric classes.
        Assert.Equal([0, 1], classes.Encode(new StringColumn("y", ["1", "2"])));
        Assert.Equal([2], classes.Encode(new Float64Column("y", [3.0])));
    }

    [Fact]
    public void MissingAndUnknownLabelsAreClearErrors()
    {
        var classes = ClassLabels.Of(new StringColumn("y", ["a", "b"]));
        Assert.Contains("not one of the classes", Assert.Throws<AugurException>(() => classes.Encode(new StringColumn("y", ["c"]))).Message);
        Assert.Equal([-1], classes.Encode(new StringColumn("y", ["c"]), unknownAsMinusOne: true));
        Assert.Contains("missing", Assert.Throws<AugurException>(() => ClassLabels.Of(new StringColumn("y", ["a", null]))).Message);
    }
}
