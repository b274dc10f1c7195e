namespace Augur.Tests.Abstractions;

public sealed class EstimatorParametersTests
{
    private enum Penalty { L1, L2, ElasticNet }

    private sealed record Options
    {
        public double Alpha { get; init; } = 1.0;
        public int MaxIter { get; init; } = 100;
        public int? MaxDepth { get; init; }
        public bool FitIntercept { get; init; } = true;
        public Penalty Penalty { get; init; } = Penalty.L2;
        public double C { get; init; } = 1.0;
    }

    [Fact]
    public void NamesAreSnakeCase()
    {
        Assert.Equal(["alpha", "max_iter", "max_depth", "fit_intercept", "penalty", "c"], EstimatorParameters.Describe(new Options()).Select(p => p.Name));
        Assert.Equal("elastic_net", EstimatorParameters.ToSnakeCase("ElasticNet"));
        Assert.Equal("n_estimators", EstimatorParameters.ToSnakeCase("NEstimators"));
    }

    [Fact]
    public void WithStringsParsesAndCopies()
    {
        var original = new Options();
        var changed = EstimatorParameters.WithStrings(original, new Dictionary<string, string>
        {
            ["alpha"] = "0.25", ["max-iter"] = "7", ["max_depth"] = "none", ["fit_intercept"] = "false", ["penalty"] = "elastic_net", ["C"] = "1e3",
        });
        Assert.Equal(new Options { Alpha = 0.25, MaxIter = 7, MaxDepth = null, FitIntercept = false, Penalty = Penalty.ElasticNet, C = 1000 }, changed);
        Assert.Equal(new Options(), original);
    }

    [Fact]
    public void UnknownNamesAndBadValuesAreClearErrors()
    {
        var e = Assert.Throws<UnknownParameterException>(() => EstimatorParameters.WithStrings(new Options(), [new("alhpa", "1")]));
        Assert.Contains("alpha", e.Message);
        Assert.Contains("expects a number", Assert.Throws<AugurException>(() => EstimatorParameters.WithStrings(new Options(), [new("alpha", "big")])).Message);
        Assert.Contains("l1, l2, elastic_net", Assert.Throws<AugurException>(() => EstimatorParameters.WithStrings(new Options(), [new("penalty", "l3")])).Message);
    }
}
