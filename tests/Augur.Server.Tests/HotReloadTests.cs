using Augur.Server.Http;

namespace Augur.Server.Tests;

/// <summary>Hot reload: new versions, changed files, broken files and partial writes, seen through the HTTP API.</summary>
public sealed class HotReloadTests
{
    private static ServerOptions Options(string root) => new()
    {
        ModelPath = root,
        ReloadDebounce = TimeSpan.FromMilliseconds(150),
        RescanInterval = TimeSpan.FromMilliseconds(400),
    };

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what, int seconds = 20) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } result) return result;
            await Task.Delay(50);
        }
        throw new TimeoutException("timed out waiting for " + what);
    }

    private static async Task<(string Version, string Revision, double Value)> Predict(HttpClient client, string path)
    {
        var r = await client.PostAsync(path, """{"inputs": [{"name": "x", "datatype": "FP64", "shape": [1, 3], "data": [1, 1, 1]}]}""");
        Assert.True(r.Status == 200, r.Body.ToString());
        return (r.Body.GetProperty("model_version").GetString()!, r.Response.Header(ServingHeaders.ModelRevision),
            r.Body.GetProperty("outputs")[0].GetProperty("data")[0].GetDouble());
    }

    [Fact]
    public async Task New_version_changed_file_broken_file_and_deletion()
    {
        using var folder = new ModelFolder();
        folder.Save("m", "1", LinearTestModel.Create(100));
        await using var server = await ServerHarness.StartAsync(HostKind.InMemory, Options(folder.Root));
        var client = server.Client;
        Assert.Equal(("1", 106.0), await Predict(client, "/v2/models/m/infer") is var p1 ? (p1.Version, p1.Value) : default);

        // A new version dropped into the folder becomes the latest.
        var rev2 = folder.Save("m", "2", LinearTestModel.Create(200));
        await Eventually(async () => (await client.GetAsync("/v2/models/m/versions/2/ready")).IsSuccessStatusCode ? "" : null, "version 2");
        var p2 = await Predict(client, "/v2/models/m/infer");
        Assert.Equal(("2", rev2, 206.0), (p2.Version, p2.Revision, p2.Value));
        Assert.Equal(106.0, (await Predict(client, "/v2/models/m/versions/1/infer")).Value);

        // A changed file is reloaded in place.
        var rev2b = folder.Save("m", "2", LinearTestModel.Create(250));
        await Eventually(async () => (await Predict(client, "/v2/models/m/versions/2/infer")).Revision == rev2b ? "" : null, "the changed file");
        Assert.Equal(256.0, (await Predict(client, "/v2/models/m/versions/2/infer")).Value);
        Assert.Contains(server.Logs.Lines, l => l.Contains("reloaded model m version 2", StringComparison.Ordinal));

        // A broken file is refused; the old version keeps serving.
        await File.WriteAllBytesAsync(folder.PathOf("m", "2"), [0x50, 0x4B, 3, 4, 1, 2, 3, 4, 5]);
        await Eventually(() => Task.FromResult(server.Logs.Contains("refused new file for model m version 2") ? "" : null), "the refusal");
        var still = await Predict(client, "/v2/models/m/versions/2/infer");
        Assert.Equal((rev2b, 256.0), (still.Revision, still.Value));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("augur_model_load_failures_total{model=\"m\"} 1", metrics);

        // A broken new version is refused without disturbing the others.
        Directory.CreateDirectory(Path.GetDirectoryName(folder.PathOf("m", "3"))!);
        await File.WriteAllTextAsync(folder.PathOf("m", "3"), "not a model");
        await Eventually(() => Task.FromResult(server.Logs.Contains("refused model m version 3") ? "" : null), "the refusal of version 3");
        Http.AssertError(await client.GetJsonAsync("/v2/models/m/versions/3"), 404, "no version '3'");
        Assert.Equal("2", (await Predict(client, "/v2/models/m/infer")).Version);

        // Fixing the file loads it.
        folder.Save("m", "3", LinearTestModel.Create(300));
        await Eventually(async () => (await Predict(client, "/v2/models/m/infer")).Version == "3" ? "" : null, "the repaired version 3");

        // Deleting a version unloads it.
        Directory.Delete(Path.GetDirectoryName(folder.PathOf("m", "3"))!, recursive: true);
        await Eventually(async () => (await client.GetAsync("/v2/models/m/versions/3")).StatusCode == System.Net.HttpStatusCode.NotFound ? "" : null, "the unload");
        Assert.Equal("2", (await Predict(client, "/v2/models/m/infer")).Version);

        // A whole new model appears.
        folder.Save("other", "7", LinearTestModel.Create(7));
        await Eventually(async () => (await client.GetAsync("/v2/models/other/ready")).IsSuccessStatusCode ? "" : null, "the new model");
        var index = await client.PostAsync("/v2/repository/index", "");
        Assert.Equal(["m/1", "m/2", "other/7"], index.Body.EnumerateArray().Select(e => e.GetProperty("name").GetString() + "/" + e.GetProperty("version").GetString()).ToArray());
    }

    [Fact]
    public async Task Partial_writes_are_debounced_and_completed_files_load()
    {
        using var folder = new ModelFolder();
        folder.Save("m", "1", LinearTestModel.Create(1));
        await using var server = await ServerHarness.StartAsync(HostKind.Kestrel, Options(folder.Root) with { ReloadDebounce = TimeSpan.FromMilliseconds(300) });
        var bytes = ModelFolder.Bytes(LinearTestModel.Create(2));
        var path = folder.PathOf("m", "2");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write the file slowly, in pieces, as a copy over a slow link would.
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            for (var offset = 0; offset < bytes.Length; offset += 97)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(97, bytes.Length - offset)));
                await stream.FlushAsync();
                await Task.Delay(10);
            }
        }
        var p = await Eventually(async () =>
        {
            var r = await Predict(server.Client, "/v2/models/m/infer");
            return r.Version == "2" ? r.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        }, "the completed file");
        Assert.Equal("8", p);
    }

    [Fact]
    public async Task Single_file_is_served_as_its_stem_version_1_and_reloads()
    {
        using var folder = new ModelFolder();
        var path = Path.Combine(folder.Root, "churn.augur");
        Augur.Serialization.ModelFile.Save(LinearTestModel.Create(5), path);
        await using var server = await ServerHarness.StartAsync(HostKind.InMemory, Options(path));
        var r = await Predict(server.Client, "/v2/models/churn/infer");
        Assert.Equal(("1", 11.0), (r.Version, r.Value));
        // MLflow needs no model name when one model is served.
        var m = await server.Client.PostAsync("/invocations", """{"instances": [[1, 1, 1]]}""");
        Assert.Equal(11.0, m.Body.GetProperty("predictions")[0].GetDouble());
        Augur.Serialization.ModelFile.Save(LinearTestModel.Create(50), path);
        await Eventually(async () => (await Predict(server.Client, "/v2/models/churn/infer")).Value == 56.0 ? "" : null, "the reload");
    }

    [Fact]
    public async Task Empty_folder_is_live_but_not_ready_until_a_model_arrives()
    {
        using var folder = new ModelFolder();
        await using var server = await ServerHarness.StartAsync(HostKind.InMemory, Options(folder.Root));
        Assert.Equal(200, (await server.Client.GetJsonAsync("/v2/health/live")).Status);
        Http.AssertError(await server.Client.GetJsonAsync("/v2/health/ready"), 503, "no model is loaded");
        Http.AssertError(await server.Client.PostAsync("/invocations", "{}"), 404, "no model is loaded");
        folder.Save("late", "1", LinearTestModel.Create(0));
        await Eventually(async () => (await server.Client.GetAsync("/v2/health/ready")).IsSuccessStatusCode ? "" : null, "readiness");
    }

    [Fact]
    public async Task A_broken_single_model_file_fails_at_start_with_a_clear_error()
    {
        using var folder = new ModelFolder();
        var path = Path.Combine(folder.Root, "bad.augur");
        await File.WriteAllTextAsync(path, "hello");
        var e = await Assert.ThrowsAsync<AugurException>(() => ServerHarness.StartAsync(HostKind.InMemory, Options(path)));
        Assert.Contains("not an Augur model file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transformers_are_refused()
    {
        using var folder = new ModelFolder();
        folder.Save("ok", "1", LinearTestModel.Create(0));
        var steps = Augur.Pipelines.PipelineModel.Create([new IdentityTransformer()]);
        folder.Save("t", "1", steps);
        await using var server = await ServerHarness.StartAsync(HostKind.InMemory, Options(folder.Root));
        Assert.Contains(server.Logs.Lines, l => l.Contains("refused model t version 1", StringComparison.Ordinal) && l.Contains("only models that predict", StringComparison.Ordinal));
        Http.AssertError(await server.Client.GetJsonAsync("/v2/models/t"), 404, "'t'");
    }
}
