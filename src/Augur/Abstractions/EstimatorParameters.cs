using System.Globalization;
using System.Reflection;
using System.Text;

namespace Augur;

/// <summary>One settable option of an estimator.</summary>
/// <param name="Name">The option's snake_case name (as used by <c>--set</c>, search spaces and model cards).</param>
/// <param name="Type">The .NET type of the option.</param>
/// <param name="Value">Its current value.</param>
public sealed record EstimatorParameter(string Name, Type Type, object? Value);

/// <summary>An option name that the estimator does not have.</summary>
public sealed class UnknownParameterException : AugurException
{
    /// <summary>Creates the exception listing the valid names.</summary>
    public UnknownParameterException(string estimator, string name, IEnumerable<string> valid)
        : base($"{estimator} has no option '{name}'; valid options: {string.Join(", ", valid)}") { }
}

/// <summary>
/// Reads and changes estimator options by their snake_case names. Estimators are immutable records: changing options
/// returns a copy (like a record <c>with</c> expression), so the original is never touched.
/// </summary>
public static class EstimatorParameters
{
    /// <summary>The settable options of <paramref name="estimator"/> (public properties with an init or set accessor).</summary>
    public static IReadOnlyList<EstimatorParameter> Describe(object estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return Settable(estimator.GetType()).Select(p => new EstimatorParameter(ToSnakeCase(p.Name), p.PropertyType, p.GetValue(estimator))).ToArray();
    }

    /// <summary>The options as snake_case name → value.</summary>
    public static IReadOnlyDictionary<string, object?> Get(object estimator) =>
        Describe(estimator).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    /// <summary>The options rendered as invariant strings, for display and model cards.</summary>
    public static IReadOnlyDictionary<string, string> Format(object estimator) =>
        Describe(estimator).ToDictionary(p => p.Name, p => FormatValue(p.Value), StringComparer.Ordinal);

    /// <summary>Renders one option value the way <see cref="WithStrings{T}"/> parses it.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        Enum e => ToSnakeCase(e.ToString()),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list when value is not string => "[" + string.Join(", ", list.Cast<object?>().Select(FormatValue)) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>A copy of <paramref name="estimator"/> with the given options changed (values must already have the right types).</summary>
    public static T With<T>(T estimator, IReadOnlyDictionary<string, object?> values) where T : class
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(values);
        var copy = Clone(estimator);
        var props = Settable(estimator.GetType()).ToDictionary(p => ToSnakeCase(p.Name), StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            var key = Normalize(name);
            if (!props.TryGetValue(key, out var prop)) throw new UnknownParameterException(estimator.GetType().Name, name, props.Keys);
            prop.SetValue(copy, ConvertValue(value, prop.PropertyType, estimator.GetType().Name, key));
        }
        return copy;
    }

    /// <summary>
    /// A copy of <paramref name="estimator"/> with options parsed from strings (<c>alpha=0.1</c>, <c>fit_intercept=false</c>,
    /// <c>penalty=l1</c>, <c>max_depth=none</c>). Unknown names and unparsable values are errors that list what is valid.
    /// </summary>
    public static T WithStrings<T>(T estimator, IEnumerable<KeyValuePair<string, string>> values) where T : class
    {
        ArgumentNullException.ThrowIfNull(estimator);
        var props = Settable(estimator.GetType()).ToDictionary(p => ToSnakeCase(p.Name), StringComparer.Ordinal);
        var parsed = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, text) in values)
        {
            var key = Normalize(name);
            if (!props.TryGetValue(key, out var prop)) throw new UnknownParameterException(estimator.GetType().Name, name, props.Keys);
            parsed[key] = Parse(text, prop.PropertyType, estimator.GetType().Name, key);
        }
        return With(estimator, parsed);
    }

    /// <summary>Parses a string into a value of <paramref name="type"/> (numbers invariant; enums by snake_case or .NET name; <c>none</c> for null).</summary>
    public static object? Parse(string text, Type type, string estimator = "estimator", string name = "option")
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var underlying = Nullable.GetUnderlyingType(type);
        if (t is "none" or "None" or "null")
        {
            if (underlying is not null || !type.IsValueType) return null;
            throw new AugurException($"{estimator} option '{name}' cannot be none");
        }
        var target = underlying ?? type;
        try
        {
            if (target == typeof(string)) return t;
            if (target == typeof(double)) return double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (target == typeof(float)) return float.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (target == typeof(int)) return int.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (target == typeof(long)) return long.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (target == typeof(bool))
                return t.ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" => true,
                    "false" or "0" or "no" => false,
                    _ => throw new FormatException(),
                };
            if (target.IsEnum)
            {
                foreach (var n in Enum.GetNames(target))
                    if (string.Equals(n, t, StringComparison.OrdinalIgnoreCase) || ToSnakeCase(n) == t.ToLowerInvariant().Replace('-', '_'))
                        return Enum.Parse(target, n);
                throw new AugurException($"{estimator} option '{name}' must be one of: {string.Join(", ", Enum.GetNames(target).Select(ToSnakeCase))}");
            }
            if (target == typeof(double[]) || target == typeof(IReadOnlyList<double>))
                return t.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            if (target == typeof(int[]) || target == typeof(IReadOnlyList<int>))
                return t.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
            // Option types with their own text form (IParsable<T>, for example ClassWeight) parse themselves.
            var parse = target.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider)]);
            if (parse is not null && parse.ReturnType == target &&
                target.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>)))
            {
                try
                {
                    return parse.Invoke(null, [t, CultureInfo.InvariantCulture]);
                }
                catch (TargetInvocationException e) when (e.InnerException is FormatException or AugurException)
                {
                    throw new AugurException($"{estimator} option '{name}': {e.InnerException.Message}");
                }
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new AugurException($"{estimator} option '{name}' expects {Describe(target)}, not '{text}'");
        }
        throw new AugurException($"{estimator} option '{name}' of type {target.Name} cannot be set from text");
    }

    private static string Describe(Type t) =>
        t == typeof(int) || t == typeof(long) ? "an integer" :
        t == typeof(double) || t == typeof(float) ? "a number" :
        t == typeof(bool) ? "true or false" : t.Name;

    private static object? ConvertValue(object? value, Type type, string estimator, string name)
    {
        if (value is null)
        {
            if (Nullable.GetUnderlyingType(type) is not null || !type.IsValueType) return null;
            throw new AugurException($"{estimator} option '{name}' cannot be none");
        }
        if (type.IsInstanceOfType(value)) return value;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (value is string s) return Parse(s, type, estimator, name);
        try
        {
            if (target.IsEnum) return Enum.ToObject(target, value);
            return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new AugurException($"{estimator} option '{name}' expects {Describe(target)}, not '{value}'");
        }
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken);

    private static T Clone<T>(T estimator) where T : class
    {
        var clone = estimator.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{estimator.GetType().Name} is not a record; estimators must be records");
        return (T)clone.Invoke(estimator, null)!;
    }

    private static string Normalize(string name) => ToSnakeCase(name.Trim().Replace('-', '_'));

    /// <summary>Converts <c>PascalCase</c> or <c>camelCase</c> to <c>snake_case</c> (already snake_case names stay as they are).</summary>
    public static string ToSnakeCase(string name)
    {
        if (name.Length == 0) return name;
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                if (i > 0 && name[i - 1] != '_' && (prevLowerOrDigit || nextLower)) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
