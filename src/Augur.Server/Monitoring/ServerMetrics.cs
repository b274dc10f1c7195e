using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Augur.Server.Models;

namespace Augur.Server.Monitoring;

/// <summary>
/// The server's Prometheus metrics, kept with lock-free counters and written in the text exposition format (version
/// 0.0.4): requests by model, version, endpoint and status; latency histograms; rows predicted; requests in flight;
/// model load time, load failures and the number of loaded models.
/// </summary>
public sealed class ServerMetrics
{
    /// <summary>The upper bounds (seconds) of the latency histogram buckets.</summary>
    public static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string Endpoint, string Model, string Version), RequestStats> _requests = new();
    private readonly ConcurrentDictionary<(string Model, string Version), StrongBox> _rows = new();
    private readonly ConcurrentDictionary<string, StrongBox> _loadFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox> _loads = new(StringComparer.Ordinal);
    private volatile ModelSnapshot _models = ModelSnapshot.Empty;
    private long _inFlight;
    private readonly long _startTicks = DateTime.UtcNow.Ticks;

    private sealed class StrongBox
    {
        public long Value;
    }

    private sealed class RequestStats
    {
        public readonly long[] Status = new long[600];
        public readonly long[] Buckets = new long[LatencyBuckets.Length + 1];
        public long Count;
        public long SumNanos;
    }

    /// <summary>Requests being handled now.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Counts a request as started.</summary>
    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    /// <summary>Counts a request as finished.</summary>
    public void RequestFinished() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Records one answered request. <paramref name="model"/> and <paramref name="version"/> are empty when no model was resolved.</summary>
    public void Record(string endpoint, string model, string version, int status, double seconds)
    {
        var stats = _requests.GetOrAdd((endpoint, model, version), static _ => new RequestStats());
        Interlocked.Increment(ref stats.Status[Math.Clamp(status, 0, 599)]);
        var b = 0;
        while (b < LatencyBuckets.Length && seconds > LatencyBuckets[b]) b++;
        Interlocked.Increment(ref stats.Buckets[b]);
        Interlocked.Increment(ref stats.Count);
        Interlocked.Add(ref stats.SumNanos, (long)(seconds * 1e9));
    }

    /// <summary>Counts rows predicted by a model version.</summary>
    public void RowsPredicted(string model, string version, int rows) =>
        Interlocked.Add(ref _rows.GetOrAdd((model, version), static _ => new StrongBox()).Value, rows);

    /// <summary>Notes a successful model load.</summary>
    public void ModelLoaded(ServedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Interlocked.Increment(ref _loads.GetOrAdd(model.Name, static _ => new StrongBox()).Value);
    }

    /// <summary>Notes a model file that was refused.</summary>
    public void ModelLoadFailed(string model) =>
        Interlocked.Increment(ref _loadFailures.GetOrAdd(model, static _ => new StrongBox()).Value);

    /// <summary>Sets the loaded models (called after every swap).</summary>
    public void SetModels(ModelSnapshot snapshot) => _models = snapshot;

    /// <summary>The exposition, as text.</summary>
    public string Render()
    {
        var sb = new StringBuilder(4096);
        var inv = CultureInfo.InvariantCulture;

        sb.Append("# HELP augur_requests_total Requests answered, by endpoint, model, version and HTTP status.\n");
        sb.Append("# TYPE augur_requests_total counter\n");
        var requests = _requests.ToArray().OrderBy(k => k.Key.Endpoint, StringComparer.Ordinal)
            .ThenBy(k => k.Key.Model, StringComparer.Ordinal).ThenBy(k => k.Key.Version, StringComparer.Ordinal).ToArray();
        foreach (var (key, stats) in requests)
            for (var s = 0; s < stats.Status.Length; s++)
            {
                var n = Interlocked.Read(ref stats.Status[s]);
                if (n == 0) continue;
                sb.Append("augur_requests_total{");
                Labels(sb, key.Endpoint, key.Model, key.Version);
                sb.Append(",status=\"").Append(s.ToString(inv)).Append("\"} ").Append(n.ToString(inv)).Append('\n');
            }

        sb.Append("# HELP augur_request_duration_seconds Time to answer a request, by endpoint, model and version.\n");
        sb.Append("# TYPE augur_request_duration_seconds histogram\n");
        foreach (var (key, stats) in requests)
        {
            long cumulative = 0;
            for (var b = 0; b <= LatencyBuckets.Length; b++)
            {
                cumulative += Interlocked.Read(ref stats.Buckets[b]);
                sb.Append("augur_request_duration_seconds_bucket{");
                Labels(sb, key.Endpoint, key.Model, key.Version);
                sb.Append(",le=\"").Append(b < LatencyBuckets.Length ? LatencyBuckets[b].ToString("R", inv) : "+Inf").Append("\"} ")
                  .Append(cumulative.ToString(inv)).Append('\n');
            }
            sb.Append("augur_request_duration_seconds_sum{");
            Labels(sb, key.Endpoint, key.Model, key.Version);
            sb.Append("} ").Append((Interlocked.Read(ref stats.SumNanos) / 1e9).ToString("R", inv)).Append('\n');
            sb.Append("augur_request_duration_seconds_count{");
            Labels(sb, key.Endpoint, key.Model, key.Version);
            sb.Append("} ").Append(cumulative.ToString(inv)).Append('\n');
        }

        sb.Append("# HELP augur_rows_predicted_total Rows predicted, by model and version.\n");
        sb.Append("# TYPE augur_rows_predicted_total counter\n");
        foreach (var (key, box) in _rows.ToArray().OrderBy(k => k.Key.Model, StringComparer.Ordinal).ThenBy(k => k.Key.Version, StringComparer.Ordinal))
        {
            sb.Append("augur_rows_predicted_total{model=\"").Append(Escape(key.Model)).Append("\",version=\"").Append(Escape(key.Version)).Append("\"} ")
              .Append(Interlocked.Read(ref box.Value).ToString(inv)).Append('\n');
        }

        sb.Append("# HELP augur_requests_in_flight Requests being handled now.\n");
        sb.Append("# TYPE augur_requests_in_flight gauge\n");
        sb.Append("augur_requests_in_flight ").Append(InFlight.ToString(inv)).Append('\n');

        var models = _models;
        sb.Append("# HELP augur_models_loaded Model versions being served.\n");
        sb.Append("# TYPE augur_models_loaded gauge\n");
        sb.Append("augur_models_loaded ").Append(models.All.Count.ToString(inv)).Append('\n');

        sb.Append("# HELP augur_model_load_seconds Time it took to load each served model version.\n");
        sb.Append("# TYPE augur_model_load_seconds gauge\n");
        foreach (var m in models.All)
            sb.Append("augur_model_load_seconds{model=\"").Append(Escape(m.Name)).Append("\",version=\"").Append(Escape(m.Version)).Append("\"} ")
              .Append(m.LoadSeconds.ToString("R", inv)).Append('\n');

        sb.Append("# HELP augur_model_info The served model versions (value 1) with their kind and file revision.\n");
        sb.Append("# TYPE augur_model_info gauge\n");
        foreach (var m in models.All)
            sb.Append("augur_model_info{model=\"").Append(Escape(m.Name)).Append("\",version=\"").Append(Escape(m.Version))
              .Append("\",kind=\"").Append(Escape(m.Saved.Model.Kind)).Append("\",revision=\"").Append(m.Revision).Append("\"} 1\n");

        sb.Append("# HELP augur_model_loads_total Model files loaded (first loads and reloads), by model.\n");
        sb.Append("# TYPE augur_model_loads_total counter\n");
        foreach (var (name, box) in _loads.ToArray().OrderBy(k => k.Key, StringComparer.Ordinal))
            sb.Append("augur_model_loads_total{model=\"").Append(Escape(name)).Append("\"} ").Append(Interlocked.Read(ref box.Value).ToString(inv)).Append('\n');

        sb.Append("# HELP augur_model_load_failures_total Model files refused because they did not load, by model.\n");
        sb.Append("# TYPE augur_model_load_failures_total counter\n");
        foreach (var (name, box) in _loadFailures.ToArray().OrderBy(k => k.Key, StringComparer.Ordinal))
            sb.Append("augur_model_load_failures_total{model=\"").Append(Escape(name)).Append("\"} ").Append(Interlocked.Read(ref box.Value).ToString(inv)).Append('\n');

        sb.Append("# HELP augur_uptime_seconds Seconds since the server started.\n");
        sb.Append("# TYPE augur_uptime_seconds gauge\n");
        sb.Append("augur_uptime_seconds ").Append(((DateTime.UtcNow.Ticks - _startTicks) / 1e7).ToString("R", inv)).Append('\n');
        return sb.ToString();
    }

    private static void Labels(StringBuilder sb, string endpoint, string model, string version) =>
        sb.Append("endpoint=\"").Append(Escape(endpoint)).Append("\",model=\"").Append(Escape(model)).Append("\",version=\"").Append(Escape(version)).Append('"');

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0) return value;
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
