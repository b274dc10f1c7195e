using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Augur.Server.Tests;

/// <summary>Graceful shutdown drains requests in flight; readiness turns false first.</summary>
[Collection("slow model")]
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_drains_requests_in_flight_and_refuses_new_connections()
    {
        using var folder = new ModelFolder();
        folder.Save("slow", "1", new SlowTestModel());
        var server = await ServerHarness.StartAsync(HostKind.Kestrel, new ServerOptions { ModelPath = folder.Root, HotReload = false });
        var address = server.Client.BaseAddress!;
        SlowTestModel.Gate.Reset();
        try
        {
            while (SlowTestModel.Entered.CurrentCount > 0) await SlowTestModel.Entered.WaitAsync();
            var inFlight = server.Client.PostAsync("/v2/models/slow/infer", """{"inputs": [{"name": "x", "datatype": "FP64", "shape": [2], "data": [1.5, 4]}]}""");
            Assert.True(await SlowTestModel.Entered.WaitAsync(TimeSpan.FromSeconds(20)), "the request never reached the model");
            var stopping = server.App.StopAsync();
            await Task.Delay(300);
            Assert.False(stopping.IsCompleted, "the server stopped without waiting for the request in flight");
            using (var fresh = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) })
                await Assert.ThrowsAnyAsync<HttpRequestException>(() => fresh.GetAsync("/v2/health/live"));
            SlowTestModel.Gate.Set();
            var r = await inFlight;
            Assert.Equal(200, r.Status);
            Assert.Equal([3.0, 8.0], r.Body.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray());
            await stopping.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            SlowTestModel.Gate.Set();
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_request_in_flight_finishes_on_the_version_it_started_with()
    {
        using var folder = new ModelFolder();
        var oldRevision = folder.Save("m", "1", new SlowTestModel());
        await using var server = await ServerHarness.StartAsync(HostKind.Kestrel, new ServerOptions
        {
            ModelPath = folder.Root,
            ReloadDebounce = TimeSpan.FromMilliseconds(100),
            RescanInterval = TimeSpan.FromMilliseconds(300),
        });
        SlowTestModel.Gate.Reset();
        try
        {
            while (SlowTestModel.Entered.CurrentCount > 0) await SlowTestModel.Entered.WaitAsync();
            var inFlight = server.Client.PostAsync("/v2/models/m/infer", """{"inputs": [{"name": "x", "datatype": "FP64", "shape": [1], "data": [5]}]}""");
            Assert.True(await SlowTestModel.Entered.WaitAsync(TimeSpan.FromSeconds(20)), "the request never reached the model");
            // Replace the file under it with a different model over the same input.
            var replacement = new LinearTestModel(new ModelSignature { Inputs = [new InputColumn("x", Augur.Data.ColumnType.Float64, false)], Task = ModelTask.Regression }, [1.0], 1000);
            var newRevision = folder.Save("m", "1", replacement);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (server.Repository.Current.Find("m")?.Latest.Revision != newRevision)
            {
                Assert.True(DateTime.UtcNow < deadline, "the new file was never loaded");
                await Task.Delay(50);
            }
            var fresh = await server.Client.PostAsync("/v2/models/m/infer", """{"inputs": [{"name": "x", "datatype": "FP64", "shape": [1], "data": [5]}]}""");
            Assert.Equal((newRevision, 1005.0), (fresh.Response.Header(Augur.Server.Http.ServingHeaders.ModelRevision), fresh.Body.GetProperty("outputs")[0].GetProperty("data")[0].GetDouble()));
            SlowTestModel.Gate.Set();
            var old = await inFlight;
            Assert.Equal(200, old.Status);
            Assert.Equal((oldRevision, 10.0), (old.Response.Header(Augur.Server.Http.ServingHeaders.ModelRevision), old.Body.GetProperty("outputs")[0].GetProperty("data")[0].GetDouble()));
        }
        finally
        {
            SlowTestModel.Gate.Set();
        }
    }

    [Fact]
    public async Task Readiness_turns_false_when_shutdown_begins()
    {
        using var folder = new ModelFolder();
        folder.Save("m", "1", LinearTestModel.Create(0));
        await using var server = await ServerHarness.StartAsync(HostKind.InMemory, new ServerOptions { ModelPath = folder.Root, HotReload = false });
        Assert.Equal(200, (await server.Client.GetJsonAsync("/v2/health/ready")).Status);
        server.App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        Http.AssertError(await server.Client.GetJsonAsync("/v2/health/ready"), 503, "shutting down");
        Http.AssertError(await server.Client.GetJsonAsync("/ping"), 503, "shutting down");
        Assert.Equal(200, (await server.Client.GetJsonAsync("/v2/health/live")).Status);
        Assert.Equal(503, (await server.Client.GetJsonAsync("/v2/models/m/ready")).Status);
    }
}

/// <summary>API keys: Bearer or X-API-Key, compared in constant time; health probes and docs stay open.</summary>
public sealed class ApiKeyTests
{
    private const string Key1 = "k1-0123456789abcdef0123";
    private const string Key2 = "second-key-9876543210";

    [Theory]
    [InlineData(HostKind.InMemory)]
    [InlineData(HostKind.Kestrel)]
    public async Task Keys_guard_everything_but_probes_and_docs(HostKind kind)
    {
        using var folder = new ModelFolder();
        folder.Save("m", "1", LinearTestModel.Create(0));
        var keyFile = Path.Combine(folder.Root, "keys.txt");
        await File.WriteAllTextAsync(keyFile, $"# rotation\n{Key1}\n\n{Key2}\n");
        await using var server = await ServerHarness.StartAsync(kind, new ServerOptions { ModelPath = folder.Root, ApiKeys = ServerOptions.ReadApiKeyFile(keyFile), HotReload = false });
        var client = server.Client;
        foreach (var open in new[] { "/v2/health/live", "/v2/health/ready", "/ping", "/health", "/version", "/openapi.json", "/docs" })
            Assert.True((await client.GetAsync(open)).IsSuccessStatusCode, open);
        const string body = """{"inputs": [{"name": "m", "datatype": "FP64", "shape": [1, 3], "data": [1, 2, 3]}]}""";
        foreach (var path in new[] { "/v2", "/v2/models/m", "/metrics", "/v1/models/m" })
        {
            var r = await client.GetJsonAsync(path);
            Http.AssertError(r, 401, "API key");
            Assert.Equal("Bearer", r.Response.Headers.WwwAuthenticate.Single().Scheme);
        }
        Http.AssertError(await client.PostAsync("/v2/models/m/infer", body), 401, "API key");
        Http.AssertError(await client.PostAsync("/invocations", body), 401, "API key");

        async Task<HttpResponseMessage> Send(Action<HttpRequestHeaders> auth)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/m/infer") { Content = Http.Json(body) };
            auth(request.Headers);
            return await client.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.OK, (await Send(h => h.Authorization = new AuthenticationHeaderValue("Bearer", Key1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(h => h.Authorization = new AuthenticationHeaderValue("bearer", Key2))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(h => h.Add("X-API-Key", Key2))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(h => h.Add("X-API-Key", Key1 + "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(h => h.Authorization = new AuthenticationHeaderValue("Bearer", Key1[..^1]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(h => h.Authorization = new AuthenticationHeaderValue("Basic", Key1))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(h => h.Add("X-API-Key", ""))).StatusCode);
        var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        metrics.Headers.Add("X-API-Key", Key1);
        var text = await (await client.SendAsync(metrics)).Content.ReadAsStringAsync();
        Assert.Contains("status=\"401\"", text);
    }

    [Fact]
    public void Key_files_and_sizes_are_checked()
    {
        using var folder = new ModelFolder();
        var empty = Path.Combine(folder.Root, "empty.txt");
        File.WriteAllText(empty, "# nothing\n\n");
        Assert.Contains("holds no key", Assert.Throws<AugurException>(() => ServerOptions.ReadApiKeyFile(empty)).Message, StringComparison.Ordinal);
        var weak = Path.Combine(folder.Root, "weak.txt");
        File.WriteAllText(weak, "short\n");
        Assert.Contains("shorter than 16", Assert.Throws<AugurException>(() => ServerOptions.ReadApiKeyFile(weak)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<AugurException>(() => ServerOptions.ReadApiKeyFile(Path.Combine(folder.Root, "none"))).Message, StringComparison.Ordinal);
        Assert.Equal(8L * 1024 * 1024, ServerOptions.ParseSize("8MB"));
        Assert.Equal(512L * 1024, ServerOptions.ParseSize("512kb"));
        Assert.Equal(1536L * 1024, ServerOptions.ParseSize("1.5 MiB"));
        Assert.Equal(1048576L, ServerOptions.ParseSize("1048576"));
        Assert.Equal(2L << 30, ServerOptions.ParseSize("2G"));
        Assert.Throws<AugurException>(() => ServerOptions.ParseSize("8 parsecs"));
        Assert.Throws<AugurException>(() => ServerOptions.ParseSize("MB"));
        Assert.Throws<AugurException>(() => ServerOptions.ParseSize("0"));
        Assert.Throws<AugurException>(() => new ServerOptions { ModelPath = folder.Root, Port = 70000 }.Validate());
        Assert.Throws<AugurException>(() => new ServerOptions { ModelPath = folder.Root, MaxBatch = 0 }.Validate());
        Assert.Throws<AugurException>(() => new ServerOptions { ModelPath = Path.Combine(folder.Root, "missing") }.Validate());
        Assert.Contains("not an IP address", Assert.Throws<AugurException>(() =>
        {
            var app = AugurServer.Build(AugurServer.CreateBuilder(new ServerOptions { ModelPath = folder.Root, Host = "example.invalid", Port = 0 }));
            app.StartAsync().GetAwaiter().GetResult();
        }).Message, StringComparison.Ordinal);
    }
}
