using Augur.Data;
using Augur.Serialization;

namespace Augur.Preprocessing;

/// <summary>A calendar part that <see cref="DateTimeFeatures"/> extracts.</summary>
public enum DateTimePart
{
    /// <summary>The year (for example 2024).</summary>
    Year,
    /// <summary>The month, 1 … 12.</summary>
    Month,
    /// <summary>The day of the month, 1 … 31.</summary>
    Day,
    /// <summary>The day of the week, Monday = 0 … Sunday = 6 (as pandas' <c>dayofweek</c>).</summary>
    DayOfWeek,
    /// <summary>The day of the year, 1 … 366.</summary>
    DayOfYear,
    /// <summary>The hour, 0 … 23.</summary>
    Hour,
    /// <summary>The minute, 0 … 59.</summary>
    Minute,
}

/// <summary>
/// Turns datetime columns into numeric calendar parts, one float64 column per part named <c>column_part</c>
/// (<c>when_year</c>, <c>when_month</c>, <c>when_day</c>, <c>when_dayofweek</c>, <c>when_dayofyear</c>, <c>when_hour</c>).
/// Missing dates give NaN in every part (follow with <see cref="SimpleImputer"/>). By default the parts are year, month,
/// day, day of week and day of year, plus the hour for columns that held times of day in training.
/// </summary>
public sealed record DateTimeFeatures : IEstimator<DateTimeFeaturesModel>
{
    /// <summary>The parts to extract; null (the default) chooses them from the training data as described above.</summary>
    public IReadOnlyList<DateTimePart>? Parts { get; init; }

    /// <inheritdoc />
    public DateTimeFeaturesModel Fit(Frame x, Column? y = null, double[]? sampleWeight = null)
    {
        TransformerSupport.RequireData(x, "DateTimeFeatures");
        var parts = new DateTimePart[x.ColumnCount][];
        for (var j = 0; j < parts.Length; j++)
        {
            if (x[j] is not DateTimeColumn d)
                throw new AugurException($"column '{x[j].Name}' holds {x[j].Type.ToName()} values but DateTimeFeatures needs datetime columns");
            if (Parts is not null)
            {
                if (Parts.Count == 0) throw new AugurException("DateTimeFeatures option 'parts' is empty; leave it unset to choose parts automatically");
                parts[j] = Parts.Distinct().ToArray();
                continue;
            }
            var hasTime = false;
            var ticks = d.Ticks;
            for (var i = 0; i < ticks.Length && !hasTime; i++)
                if (!d.IsMissing(i) && ticks[i] % TimeSpan.TicksPerDay != 0) hasTime = true;
            parts[j] = hasTime
                ? [DateTimePart.Year, DateTimePart.Month, DateTimePart.Day, DateTimePart.DayOfWeek, DateTimePart.DayOfYear, DateTimePart.Hour]
                : [DateTimePart.Year, DateTimePart.Month, DateTimePart.Day, DateTimePart.DayOfWeek, DateTimePart.DayOfYear];
        }
        return new DateTimeFeaturesModel(this, TransformerSupport.Signature(x, allowsMissing: true), parts);
    }
}

/// <summary>A fitted <see cref="DateTimeFeatures"/>.</summary>
public sealed class DateTimeFeaturesModel : ITransformerModel
{
    /// <summary>The model kind written in model files.</summary>
    public const string KindName = "datetime_features";

    private readonly DateTimePart[][] _parts;

    internal DateTimeFeaturesModel(DateTimeFeatures options, ModelSignature signature, DateTimePart[][] parts)
    {
        Options = options;
        Signature = signature;
        _parts = parts;
        var names = new List<string>();
        for (var j = 0; j < parts.Length; j++)
            foreach (var p in parts[j]) names.Add($"{signature.Inputs[j].Name}_{PartName(p)}");
        FeatureNamesOut = names.ToArray();
        TransformerSupport.RequireDistinct(FeatureNamesOut, "DateTimeFeatures");
    }

    private static string PartName(DateTimePart p) => p.ToString().ToLowerInvariant();

    /// <summary>The options the transformer was fitted with.</summary>
    public DateTimeFeatures Options { get; }

    /// <summary>The parts extracted from each input column.</summary>
    public IReadOnlyList<IReadOnlyList<DateTimePart>> Parts => _parts;

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public ModelSignature Signature { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> FeatureNamesOut { get; }

    /// <inheritdoc />
    public Frame Transform(Frame x)
    {
        var input = Signature.Conform(x, "DateTimeFeatures");
        var output = new List<Column>(FeatureNamesOut.Count);
        var k = 0;
        for (var j = 0; j < _parts.Length; j++)
        {
            var d = (DateTimeColumn)input[j];
            foreach (var part in _parts[j])
            {
                var v = new double[d.Length];
                for (var i = 0; i < v.Length; i++)
                {
                    if (d.IsMissing(i)) { v[i] = double.NaN; continue; }
                    var t = new DateTime(d.Ticks[i]);
                    v[i] = part switch
                    {
                        DateTimePart.Year => t.Year,
                        DateTimePart.Month => t.Month,
                        DateTimePart.Day => t.Day,
                        DateTimePart.DayOfWeek => ((int)t.DayOfWeek + 6) % 7,
                        DateTimePart.DayOfYear => t.DayOfYear,
                        DateTimePart.Hour => t.Hour,
                        _ => t.Minute,
                    };
                }
                output.Add(new Float64Column(FeatureNamesOut[k++], v));
            }
        }
        return new Frame(output);
    }

    /// <inheritdoc />
    public void Save(ModelWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteOptions(Options);
        writer.Write("signature", Signature);
        for (var j = 0; j < _parts.Length; j++) writer.Write($"parts{j}", _parts[j].Select(p => (int)p).ToArray().AsSpan());
    }

    /// <summary>Rebuilds the model from a model file.</summary>
    public static DateTimeFeaturesModel Load(ModelReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<DateTimeFeatures>();
        var signature = TransformerSupport.ReadSignature(reader);
        reader.Require(signature.Inputs.All(i => i.Type == ColumnType.DateTime), "signature", "DateTimeFeatures inputs must be datetime columns");
        var parts = new DateTimePart[signature.Inputs.Count][];
        for (var j = 0; j < parts.Length; j++)
        {
            var raw = reader.ReadInt32s($"parts{j}");
            reader.Require(raw.Length > 0 && raw.All(p => Enum.IsDefined((DateTimePart)p)), $"parts{j}", "unknown datetime part");
            parts[j] = raw.Select(p => (DateTimePart)p).ToArray();
        }
        return new DateTimeFeaturesModel(options, signature, parts);
    }
}
