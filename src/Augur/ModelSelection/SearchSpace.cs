using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Numerics;

namespace Augur.ModelSelection;

/// <summary>The values one tuned option can take.</summary>
public abstract record ParameterDistribution
{
    private protected ParameterDistribution() { }

    /// <summary>Draws a value.</summary>
    public abstract object? Sample(Rng rng);

    /// <summary>A short description (<c>float [0.01, 0.3] log</c>).</summary>
    public abstract string Describe();

    /// <summary>Up to <paramref name="points"/> values spread over the range (every value of a categorical), for grids.</summary>
    public abstract IReadOnlyList<object?> GridValues(int points);
}

/// <summary>Real values in [<see cref="Low"/>, <see cref="High"/>], uniform or log-uniform, optionally on a step.</summary>
/// <param name="Low">The smallest value.</param>
/// <param name="High">The largest value.</param>
/// <param name="Log">Draw uniformly in log space (both bounds must be positive).</param>
/// <param name="Step">When given, values are <c>Low + k·Step</c> (not with <paramref name="Log"/>).</param>
public sealed record FloatDistribution(double Low, double High, bool Log = false, double? Step = null) : ParameterDistribution
{
    /// <inheritdoc />
    public override object? Sample(Rng rng)
    {
        if (Log) return Math.Clamp(Math.Exp(rng.NextDouble(Math.Log(Low), Math.Log(High))), Low, High);
        var v = rng.NextDouble(Low, High);
        return Step is { } s ? Snap(v, s) : v;
    }

    internal double Snap(double v, double s) => Math.Clamp(Low + Math.Round((v - Low) / s) * s, Low, High);

    /// <inheritdoc />
    public override string Describe() =>
        FormattableString.Invariant($"float [{Low}, {High}]{(Log ? " log" : "")}{(Step is { } s ? $" step {s}" : "")}");

    /// <inheritdoc />
    public override IReadOnlyList<object?> GridValues(int points)
    {
        if (Step is { } s)
        {
            var count = (int)Math.Floor((High - Low) / s + 1e-9) + 1;
            if (count <= points) return Enumerable.Range(0, count).Select(k => (object?)(Low + k * s)).ToArray();
        }
        if (points == 1 || Low == High) return [Log ? Math.Sqrt(Low * High) : (Low + High) / 2];
        return Enumerable.Range(0, points).Select(k =>
        {
            var t = (double)k / (points - 1);
            var v = Log ? Math.Exp(Math.Log(Low) + t * (Math.Log(High) - Math.Log(Low))) : Low + t * (High - Low);
            if (k == points - 1) v = High;
            return (object?)(Step is { } st ? Snap(v, st) : v);
        }).Distinct().ToArray();
    }
}

/// <summary>Whole numbers in [<see cref="Low"/>, <see cref="High"/>], uniform or log-uniform, on a step.</summary>
/// <param name="Low">The smallest value.</param>
/// <param name="High">The largest value.</param>
/// <param name="Log">Draw uniformly in log space (both bounds must be positive).</param>
/// <param name="Step">Values are <c>Low + k·Step</c> (not with <paramref name="Log"/>).</param>
public sealed record IntDistribution(int Low, int High, bool Log = false, int Step = 1) : ParameterDistribution
{
    /// <inheritdoc />
    public override object? Sample(Rng rng)
    {
        if (Log)
        {
            var v = Math.Exp(rng.NextDouble(Math.Log(Low - 0.5), Math.Log(High + 0.5)));
            return (int)Math.Clamp(Math.Round(v), Low, High);
        }
        return Low + Step * rng.NextInt((High - Low) / Step + 1);
    }

    /// <summary>The nearest allowed value.</summary>
    internal int Snap(double v)
    {
        var r = Log ? Math.Round(v) : Low + Math.Round((v - Low) / Step) * Step;
        var top = Low + (High - Low) / Step * Step;
        return (int)Math.Clamp(r, Low, top);
    }

    /// <inheritdoc />
    public override string Describe() =>
        FormattableString.Invariant($"int [{Low}, {High}]{(Log ? " log" : "")}{(Step != 1 ? $" step {Step}" : "")}");

    /// <inheritdoc />
    public override IReadOnlyList<object?> GridValues(int points)
    {
        var count = (High - Low) / Step + 1;
        if (count <= points) return Enumerable.Range(0, count).Select(k => (object?)(Low + k * Step)).ToArray();
        return Enumerable.Range(0, points).Select(k =>
        {
            var t = (double)k / (points - 1);
            var v = Log ? Math.Exp(Math.Log(Low) + t * (Math.Log(High) - Math.Log(Low))) : Low + t * (High - Low);
            return Snap(v);
        }).Distinct().Select(v => (object?)v).ToArray();
    }
}

/// <summary>One of a list of values (strings, numbers, booleans, enum members, or null for "none").</summary>
/// <param name="Choices">The values.</param>
public sealed record CategoricalDistribution(IReadOnlyList<object?> Choices) : ParameterDistribution
{
    /// <inheritdoc />
    public override object? Sample(Rng rng) => Choices[rng.NextInt(Choices.Count)];

    /// <summary>The index of <paramref name="value"/> among the choices (matched as option values are), or -1.</summary>
    public int IndexOf(object? value)
    {
        for (var i = 0; i < Choices.Count; i++) if (SearchSpace.SameValue(Choices[i], value)) return i;
        return -1;
    }

    /// <inheritdoc />
    public override string Describe() => "one of " + string.Join(", ", Choices.Select(EstimatorParameters.FormatValue));

    /// <inheritdoc />
    public override IReadOnlyList<object?> GridValues(int points) => Choices;

    /// <inheritdoc />
    public bool Equals(CategoricalDistribution? other) =>
        other is not null && Choices.Count == other.Choices.Count && Choices.Zip(other.Choices).All(p => SearchSpace.SameValue(p.First, p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => Choices.Count;
}

/// <summary>A parameter is active only when <see cref="Parent"/> is active and has one of <see cref="Values"/>.</summary>
/// <param name="Parent">The option this one depends on (declared before it).</param>
/// <param name="Values">The parent's values that switch this option on.</param>
public sealed record ParameterCondition(string Parent, IReadOnlyList<object?> Values)
{
    /// <summary>True when <paramref name="value"/> is one of <see cref="Values"/>.</summary>
    public bool Matches(object? value) => Values.Any(v => SearchSpace.SameValue(v, value));

    /// <inheritdoc />
    public bool Equals(ParameterCondition? other) =>
        other is not null && Parent == other.Parent && Values.Count == other.Values.Count && Values.Zip(other.Values).All(p => SearchSpace.SameValue(p.First, p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Parent, Values.Count);
}

/// <summary>One tuned option.</summary>
/// <param name="Name">The snake_case option name; <c>step__option</c> for a named pipeline step.</param>
/// <param name="Distribution">Its values.</param>
/// <param name="Condition">When it is active (null: always).</param>
public sealed record SearchParameter(string Name, ParameterDistribution Distribution, ParameterCondition? Condition = null);

/// <summary>
/// The options a search tunes and the values each may take, possibly conditional on another option's value. Immutable:
/// every method returns a new space. Build one by name (<c>SearchSpace.Empty.Float("alpha", 1e-3, 10, log: true)</c>),
/// typed over an options record (<see cref="For{T}"/>), or from JSON (<see cref="FromJson"/>; schema in <see cref="ToJson"/>).
/// </summary>
public class SearchSpace
{
    private protected readonly SearchParameter[] _parameters;

    private protected SearchSpace(SearchParameter[] parameters) => _parameters = parameters;

    /// <summary>A space with no parameters.</summary>
    public static SearchSpace Empty { get; } = new([]);

    /// <summary>An empty space typed over the options record <typeparamref name="T"/>, whose options are named by lambdas.</summary>
    public static SearchSpace<T> For<T>() where T : class => new([]);

    /// <summary>The parameters, each after the parameter its condition names.</summary>
    public IReadOnlyList<SearchParameter> Parameters => _parameters;

    /// <summary>The number of parameters.</summary>
    public int Count => _parameters.Length;

    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    public SearchParameter? this[string name] => Array.Find(_parameters, p => p.Name == name);

    /// <summary>Adds a parameter (its condition's parent must already be in the space; a name may appear once).</summary>
    public SearchSpace Add(SearchParameter parameter) => new(Append(parameter));

    private protected SearchParameter[] Append(SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Check(parameter);
        if (Array.Exists(_parameters, p => p.Name == parameter.Name))
            throw new AugurException($"the search space already has a parameter '{parameter.Name}'");
        if (parameter.Condition is { } c && !Array.Exists(_parameters, p => p.Name == c.Parent))
            throw new AugurException($"parameter '{parameter.Name}' depends on '{c.Parent}', which must be declared before it");
        return [.. _parameters, parameter];
    }

    private static void Check(SearchParameter p)
    {
        if (string.IsNullOrWhiteSpace(p.Name)) throw new AugurException("a search parameter needs a name");
        switch (p.Distribution)
        {
            case FloatDistribution f:
                if (!double.IsFinite(f.Low) || !double.IsFinite(f.High) || f.Low > f.High)
                    throw new AugurException($"parameter '{p.Name}': low ({f.Low}) must not exceed high ({f.High})");
                if (f.Log && f.Low <= 0) throw new AugurException($"parameter '{p.Name}': a log scale needs low > 0, not {f.Low}");
                if (f.Step is { } s && (s <= 0 || f.Log)) throw new AugurException($"parameter '{p.Name}': step must be positive and cannot be combined with log");
                break;
            case IntDistribution i:
                if (i.Low > i.High) throw new AugurException($"parameter '{p.Name}': low ({i.Low}) must not exceed high ({i.High})");
                if (i.Log && i.Low <= 0) throw new AugurException($"parameter '{p.Name}': a log scale needs low ≥ 1, not {i.Low}");
                if (i.Step < 1 || (i.Log && i.Step != 1)) throw new AugurException($"parameter '{p.Name}': step must be at least 1 and cannot be combined with log");
                break;
            case CategoricalDistribution c:
                if (c.Choices.Count == 0) throw new AugurException($"parameter '{p.Name}' needs at least one choice");
                break;
        }
    }

    /// <summary>Adds a real-valued parameter.</summary>
    public SearchSpace Float(string name, double low, double high, bool log = false, double? step = null) =>
        Add(new SearchParameter(name, new FloatDistribution(low, high, log, step)));

    /// <summary>Adds an integer parameter.</summary>
    public SearchSpace Int(string name, int low, int high, bool log = false, int step = 1) =>
        Add(new SearchParameter(name, new IntDistribution(low, high, log, step)));

    /// <summary>Adds a parameter that takes one of <paramref name="choices"/>.</summary>
    public SearchSpace Categorical(string name, params object?[] choices) =>
        Add(new SearchParameter(name, new CategoricalDistribution(choices.ToArray())));

    /// <summary>Adds the parameters built by <paramref name="body"/>, active only when <paramref name="parent"/> is one of <paramref name="values"/>.</summary>
    public SearchSpace When(string parent, object?[] values, Func<SearchSpace, SearchSpace> body) =>
        new(Conditional(parent, values, body(Empty).Parameters));

    /// <summary>Adds the parameters built by <paramref name="body"/>, active only when <paramref name="parent"/> equals <paramref name="value"/>.</summary>
    public SearchSpace When(string parent, object? value, Func<SearchSpace, SearchSpace> body) => When(parent, [value], body);

    private protected SearchParameter[] Conditional(string parent, object?[] values, IReadOnlyList<SearchParameter> inner)
    {
        if (!Array.Exists(_parameters, p => p.Name == parent))
            throw new AugurException($"the condition names '{parent}', which must be declared before the parameters that depend on it");
        var result = _parameters;
        var local = new HashSet<string>(inner.Select(p => p.Name));
        foreach (var p in inner)
        {
            var withCondition = p.Condition is { } c && local.Contains(c.Parent) ? p : p with { Condition = new ParameterCondition(parent, values) };
            result = new SearchSpace(result).Append(withCondition);
        }
        return result;
    }

    /// <summary>Checks that every parameter names an option of <paramref name="estimator"/> (pipelines: final step or <c>step__option</c>).</summary>
    public void Validate(IEstimator<IModel> estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        var sample = Sample(new Rng(0), allActive: true);
        ParameterSetter.With(estimator, sample);
    }

    /// <summary>True when <paramref name="p"/> is active given the values chosen so far.</summary>
    public static bool IsActive(SearchParameter p, IReadOnlyDictionary<string, object?> chosen) =>
        p.Condition is not { } c || (chosen.TryGetValue(c.Parent, out var v) && c.Matches(v));

    /// <summary>Draws one value for every active parameter.</summary>
    public IReadOnlyDictionary<string, object?> Sample(Rng rng) => Sample(rng, false);

    private Dictionary<string, object?> Sample(Rng rng, bool allActive)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in _parameters)
            if (allActive || IsActive(p, d)) d[p.Name] = p.Distribution.Sample(rng);
        return d;
    }

    /// <summary>
    /// Every combination of grid values (<see cref="ParameterDistribution.GridValues"/>), respecting conditions (an inactive
    /// parameter is left out). The last parameter varies fastest.
    /// </summary>
    /// <param name="pointsPerRange">Values per real or integer range (all integers when there are at most this many).</param>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Grid(int pointsPerRange = 5)
    {
        if (pointsPerRange < 1) throw new AugurException("a grid needs at least one point per range");
        var result = new List<IReadOnlyDictionary<string, object?>>();
        var values = _parameters.Select(p => p.Distribution.GridValues(pointsPerRange)).ToArray();
        void Walk(int i, Dictionary<string, object?> chosen)
        {
            if (i == _parameters.Length)
            {
                result.Add(new Dictionary<string, object?>(chosen, StringComparer.Ordinal));
                return;
            }
            if (!IsActive(_parameters[i], chosen))
            {
                Walk(i + 1, chosen);
                return;
            }
            foreach (var v in values[i])
            {
                chosen[_parameters[i].Name] = v;
                Walk(i + 1, chosen);
                chosen.Remove(_parameters[i].Name);
            }
        }
        Walk(0, new Dictionary<string, object?>(StringComparer.Ordinal));
        return result;
    }

    /// <summary>
    /// Parses a space from JSON. Schema: one object whose keys are option names (snake_case; <c>step__option</c> for a
    /// pipeline step) and whose values are
    /// <c>{"type": "float", "low": 0.01, "high": 0.3, "log": true, "step": 0.01}</c>,
    /// <c>{"type": "int", "low": 2, "high": 12, "log": false, "step": 1}</c> or
    /// <c>{"type": "categorical", "choices": ["l1", "l2", null]}</c>; any of them may add
    /// <c>"condition": {"penalty": "elasticnet"}</c> (or a list of values) to be active only when that option has that value.
    /// <c>log</c> and <c>step</c> are optional. Order does not matter: parents are placed before the options that depend on them.
    /// </summary>
    public static SearchSpace FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new AugurException($"the search space is not valid JSON: {e.Message}");
        }
        if (root is not JsonObject obj) throw new AugurException("the search space must be a JSON object of option name → distribution");
        var pending = new List<SearchParameter>();
        foreach (var (name, node) in obj)
        {
            if (node is not JsonObject spec) throw new AugurException($"search space entry '{name}' must be an object with a \"type\"");
            pending.Add(ParseParameter(name, spec));
        }
        var space = Empty;
        while (pending.Count > 0)
        {
            var ready = pending.FindIndex(p => p.Condition is null || space[p.Condition.Parent] is not null);
            if (ready < 0)
            {
                var p = pending[0];
                throw new AugurException(pending.Any(q => q.Name == p.Condition!.Parent)
                    ? $"search space conditions form a cycle involving '{p.Name}'"
                    : $"search space entry '{p.Name}' has a condition on '{p.Condition!.Parent}', which is not in the space");
            }
            space = space.Add(pending[ready]);
            pending.RemoveAt(ready);
        }
        return space;
    }

    private static SearchParameter ParseParameter(string name, JsonObject spec)
    {
        string Where() => $"search space entry '{name}'";
        double Number(string key, bool required = true)
        {
            var n = spec[key];
            if (n is null)
            {
                if (required) throw new AugurException($"{Where()} needs \"{key}\"");
                return double.NaN;
            }
            try { return n.GetValue<double>(); }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new AugurException($"{Where()}: \"{key}\" must be a number, not {n.ToJsonString()}");
            }
        }
        bool Flag(string key)
        {
            var n = spec[key];
            if (n is null) return false;
            try { return n.GetValue<bool>(); }
            catch (InvalidOperationException) { throw new AugurException($"{Where()}: \"{key}\" must be true or false"); }
        }
        var known = new HashSet<string> { "type", "low", "high", "log", "step", "choices", "condition" };
        foreach (var (key, _) in spec)
            if (!known.Contains(key)) throw new AugurException($"{Where()} has an unknown key \"{key}\"; keys are: {string.Join(", ", known)}");
        var type = spec["type"]?.GetValue<string>()?.ToLowerInvariant()
            ?? throw new AugurException($"{Where()} needs \"type\": \"float\", \"int\" or \"categorical\"");
        ParameterDistribution distribution = type switch
        {
            "float" or "uniform" or "loguniform" => new FloatDistribution(Number("low"), Number("high"), Flag("log") || type == "loguniform",
                double.IsNaN(Number("step", false)) ? null : Number("step")),
            "int" or "integer" => new IntDistribution(WholeNumber(Number("low"), "low"), WholeNumber(Number("high"), "high"), Flag("log"),
                double.IsNaN(Number("step", false)) ? 1 : WholeNumber(Number("step"), "step")),
            "categorical" or "choice" => new CategoricalDistribution(
                (spec["choices"] as JsonArray ?? throw new AugurException($"{Where()} needs \"choices\": [...]")).Select(JsonValue).ToArray()),
            _ => throw new AugurException($"{Where()} has type \"{type}\"; use \"float\", \"int\" or \"categorical\""),
        };
        ParameterCondition? condition = null;
        if (spec["condition"] is { } cnode)
        {
            if (cnode is not JsonObject cobj || cobj.Count != 1)
                throw new AugurException($"{Where()}: \"condition\" must be an object with one entry, like {{\"penalty\": \"elasticnet\"}}");
            var (parent, value) = cobj.First();
            var values = value is JsonArray arr ? arr.Select(JsonValue).ToArray() : [JsonValue(value)];
            condition = new ParameterCondition(parent, values);
        }
        return new SearchParameter(name, distribution, condition);

        int WholeNumber(double v, string key) => v == Math.Floor(v) && Math.Abs(v) <= int.MaxValue
            ? (int)v : throw new AugurException($"{Where()}: \"{key}\" must be a whole number, not {v}");
    }

    private static object? JsonValue(JsonNode? node)
    {
        if (node is null) return null;
        var element = node.GetValue<JsonElement>();
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => element.TryGetInt32(out var i) ? i : element.GetDouble(),
            JsonValueKind.Null => null,
            _ => throw new AugurException($"a search space choice must be a string, number, boolean or null, not {node.ToJsonString()}"),
        };
    }

    /// <summary>Writes the space in the JSON schema <see cref="FromJson"/> reads.</summary>
    public string ToJson()
    {
        var root = new JsonObject();
        foreach (var p in _parameters)
        {
            var o = new JsonObject();
            switch (p.Distribution)
            {
                case FloatDistribution f:
                    o["type"] = "float";
                    o["low"] = f.Low;
                    o["high"] = f.High;
                    if (f.Log) o["log"] = true;
                    if (f.Step is { } s) o["step"] = s;
                    break;
                case IntDistribution i:
                    o["type"] = "int";
                    o["low"] = i.Low;
                    o["high"] = i.High;
                    if (i.Log) o["log"] = true;
                    if (i.Step != 1) o["step"] = i.Step;
                    break;
                case CategoricalDistribution c:
                    o["type"] = "categorical";
                    o["choices"] = new JsonArray(c.Choices.Select(ToNode).ToArray());
                    break;
            }
            if (p.Condition is { } cond)
                o["condition"] = new JsonObject { [cond.Parent] = cond.Values.Count == 1 ? ToNode(cond.Values[0]) : new JsonArray(cond.Values.Select(ToNode).ToArray()) };
            root[p.Name] = o;
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A value as a JSON node (numbers and booleans as themselves, enums and other values by their option text).</summary>
    internal static JsonNode? ToNode(object? v) => v switch
    {
        null => null,
        bool b => System.Text.Json.Nodes.JsonValue.Create(b),
        int i => System.Text.Json.Nodes.JsonValue.Create(i),
        long l => System.Text.Json.Nodes.JsonValue.Create(l),
        double d when double.IsFinite(d) => System.Text.Json.Nodes.JsonValue.Create(d),
        float f when float.IsFinite(f) => System.Text.Json.Nodes.JsonValue.Create((double)f),
        _ => System.Text.Json.Nodes.JsonValue.Create(EstimatorParameters.FormatValue(v)),
    };

    /// <summary>Whether two option values are the same: numbers by value, the rest by their option text ignoring case, '_' and '-'.</summary>
    public static bool SameValue(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null || IsNoneText(a ?? b);
        if (IsNumber(a) && IsNumber(b)) return Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
        return Normalize(EstimatorParameters.FormatValue(a)) == Normalize(EstimatorParameters.FormatValue(b));
    }

    private static bool IsNoneText(object? v) => v is string s && s.Trim().ToLowerInvariant() is "none" or "null";

    private static bool IsNumber(object v) => v is int or long or double or float or short or byte or decimal;

    private static string Normalize(string s) => s.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <inheritdoc />
    public override string ToString() => string.Join("; ", _parameters.Select(p =>
        $"{p.Name}: {p.Distribution.Describe()}{(p.Condition is { } c ? $" when {c.Parent} = {string.Join("|", c.Values.Select(EstimatorParameters.FormatValue))}" : "")}"));
}

/// <summary>
/// A search space typed over the options record <typeparamref name="T"/>: options are named by lambdas
/// (<c>SearchSpace.For&lt;Ridge&gt;().Float(e =&gt; e.Alpha, 1e-3, 100, log: true)</c>), so a renamed or mistyped option is a
/// compile error. Names become the options' snake_case names.
/// </summary>
/// <typeparam name="T">The estimator (options record) whose options are tuned.</typeparam>
public sealed class SearchSpace<T> : SearchSpace where T : class
{
    internal SearchSpace(SearchParameter[] parameters) : base(parameters) { }

    /// <summary>Adds a parameter.</summary>
    public new SearchSpace<T> Add(SearchParameter parameter) => new(Append(parameter));

    /// <summary>Adds a real-valued option.</summary>
    public SearchSpace<T> Float(Expression<Func<T, double>> option, double low, double high, bool log = false, double? step = null) =>
        Add(new SearchParameter(NameOf(option), new FloatDistribution(low, high, log, step)));

    /// <summary>Adds a nullable real-valued option (values drawn are never null).</summary>
    public SearchSpace<T> Float(Expression<Func<T, double?>> option, double low, double high, bool log = false, double? step = null) =>
        Add(new SearchParameter(NameOf(option), new FloatDistribution(low, high, log, step)));

    /// <summary>Adds an integer option.</summary>
    public SearchSpace<T> Int(Expression<Func<T, int>> option, int low, int high, bool log = false, int step = 1) =>
        Add(new SearchParameter(NameOf(option), new IntDistribution(low, high, log, step)));

    /// <summary>Adds a nullable integer option (values drawn are never null; use <see cref="Categorical{TValue}"/> to include null).</summary>
    public SearchSpace<T> Int(Expression<Func<T, int?>> option, int low, int high, bool log = false, int step = 1) =>
        Add(new SearchParameter(NameOf(option), new IntDistribution(low, high, log, step)));

    /// <summary>Adds an option that takes one of <paramref name="choices"/> (enum members, booleans, numbers, strings, null).</summary>
    public SearchSpace<T> Categorical<TValue>(Expression<Func<T, TValue>> option, params TValue[] choices) =>
        Add(new SearchParameter(NameOf(option), new CategoricalDistribution(choices.Select(c => (object?)c).ToArray())));

    /// <summary>Adds the options built by <paramref name="body"/>, active only when <paramref name="option"/> equals <paramref name="value"/>.</summary>
    public SearchSpace<T> When<TValue>(Expression<Func<T, TValue>> option, TValue value, Func<SearchSpace<T>, SearchSpace<T>> body) =>
        new(Conditional(NameOf(option), [value], body(new SearchSpace<T>([])).Parameters));

    /// <summary>Adds the options built by <paramref name="body"/>, active only when <paramref name="option"/> is one of <paramref name="values"/>.</summary>
    public SearchSpace<T> When<TValue>(Expression<Func<T, TValue>> option, TValue[] values, Func<SearchSpace<T>, SearchSpace<T>> body) =>
        new(Conditional(NameOf(option), values.Select(v => (object?)v).ToArray(), body(new SearchSpace<T>([])).Parameters));

    /// <summary>The snake_case option name of a property lambda (<c>e =&gt; e.LearningRate</c> → <c>learning_rate</c>).</summary>
    public static string NameOf<TValue>(Expression<Func<T, TValue>> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        var body = option.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } u) body = u.Operand;
        if (body is MemberExpression { Member: System.Reflection.PropertyInfo prop } m && m.Expression == option.Parameters[0])
            return EstimatorParameters.ToSnakeCase(prop.Name);
        throw new AugurException($"a search space option must be a property of {typeof(T).Name}, like e => e.Alpha; not {option.Body}");
    }
}
