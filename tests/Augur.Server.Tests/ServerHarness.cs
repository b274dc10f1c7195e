using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Augur.Serialization;
using Augur.Server.Explanations;
using Augur.Server.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augur.Server.Tests;

/// <summary>Which server the tests talk to.</summary>
public enum HostKind
{
    /// <summary>The in-memory test host (TestServer).</summary>
    InMemory,
    /// <summary>Real Kestrel on a free loopback port.</summary>
    Kestrel,
}

/// <summary>A temporary folder of models laid out as &lt;name&gt;/&lt;version&gt;/model.augur.</summary>
internal sealed class ModelFolder : IDisposable
{
    public ModelFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "augur-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name, string version) => Path.Combine(Root, name, version, ModelRepository.ModelFileName);

    /// <summary>Saves a model (atomically, as ModelFile.Save does) and returns its revision (first 12 hex digits of the file's SHA-256).</summary>
    public string Save(string name, string version, IModel model)
    {
        var path = PathOf(name, version);
        ModelFile.Save(model, path);
        return Revision(path);
    }

    public static string Revision(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..12];

    public static byte[] Bytes(IModel model)
    {
        using var ms = new MemoryStream();
        ModelFile.Save(model, ms);
        return ms.ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Collects log lines so tests can check what the server said.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Collector(this);

    public void Dispose() { }

    public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    private sealed class Collector(LogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name)}");
    }
}

/// <summary>A running server (in memory or on loopback Kestrel) with a client.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private ServerHarness(WebApplication app, HttpClient client, LogCollector logs, HostKind kind)
    {
        App = app;
        Client = client;
        Logs = logs;
        Kind = kind;
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public LogCollector Logs { get; }
    public HostKind Kind { get; }
    public ModelRepository Repository => App.Services.GetRequiredService<ModelRepository>();

    public static async Task<ServerHarness> StartAsync(HostKind kind, ServerOptions options, IExplainerFactory? explainers = null)
    {
        options = options with { Host = "127.0.0.1", Port = 0 };
        var builder = AugurServer.CreateBuilder(options, explainers);
        var logs = new LogCollector();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        if (kind == HostKind.InMemory) builder.WebHost.UseTestServer();
        var app = AugurServer.Build(builder);
        await app.StartAsync();
        HttpClient client;
        if (kind == HostKind.InMemory) client = app.GetTestClient();
        else
        {
            var address = AugurServer.Addresses(app).Single();
            Assert.StartsWith("http://127.0.0.1:", address);
            client = new HttpClient { BaseAddress = new Uri(address) };
        }
        client.Timeout = TimeSpan.FromSeconds(60);
        return new ServerHarness(app, client, logs, kind);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>HTTP helpers.</summary>
internal static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(this HttpClient client, string path, string json, string contentType = "application/json")
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await client.PostAsync(path, content);
        return (((int)response.StatusCode), await ReadJson(response), response);
    }

    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return (((int)response.StatusCode), await ReadJson(response), response);
    }

    public static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return default;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new { raw = text }));
            return doc.RootElement.Clone();
        }
    }

    /// <summary>Asserts an error answer: the status, a JSON {"error": "..."} body mentioning every fragment, and no stack trace.</summary>
    public static void AssertError((int Status, JsonElement Body, HttpResponseMessage Response) r, int status, params string[] fragments)
    {
        Assert.True(r.Status == status, $"expected {status}, got {r.Status}: {r.Body}");
        Assert.Equal(JsonValueKind.Object, r.Body.ValueKind);
        Assert.True(r.Body.TryGetProperty("error", out var e), $"no 'error' in {r.Body}");
        var message = e.GetString()!;
        foreach (var f in fragments) Assert.Contains(f, message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.Equal("application/json", r.Response.Content.Headers.ContentType?.MediaType);
    }

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? v.Single() : throw new Xunit.Sdk.XunitException($"no header {name}");
}
