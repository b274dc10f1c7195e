using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Augur.Server.Http;

namespace Augur.Server.Tests;

/// <summary>1,000 mixed requests in parallel across models, versions and protocols while new versions and changed files are swapped in.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Every_answer_is_correct_and_attributable_to_one_version_during_a_hot_reload()
    {
        using var folder = new ModelFolder();
        // revision -> (model, version, intercept): every file that can ever answer.
        var files = new ConcurrentDictionary<string, (string Model, string Version, double Intercept)>();
        void Saved(string model, string version, double intercept, string revision) => files[revision] = (model, version, intercept);
        Saved("a", "1", 1000, folder.Save("a", "1", LinearTestModel.Create(1000)));
        Saved("a", "2", 2000, folder.Save("a", "2", LinearTestModel.Create(2000)));
        Saved("b", "1", 3000, folder.Save("b", "1", LinearTestModel.Create(3000)));
        var a3 = ModelFolder.Bytes(LinearTestModel.Create(4000));
        var b1 = ModelFolder.Bytes(LinearTestModel.Create(5000));
        Saved("a", "3", 4000, Convert.ToHexStringLower(SHA256.HashData(a3))[..12]);
        Saved("b", "1", 5000, Convert.ToHexStringLower(SHA256.HashData(b1))[..12]);

        await using var server = await ServerHarness.StartAsync(HostKind.Kestrel, new ServerOptions
        {
            ModelPath = folder.Root,
            ReloadDebounce = TimeSpan.FromMilliseconds(100),
            RescanInterval = TimeSpan.FromMilliseconds(300),
        });
        var generation = server.Repository.Current.Generation;
        var reloaded = new TaskCompletionSource();
        server.Repository.Changed += s =>
        {
            if (s.Find("a")?.Find("3") is not null && s.Find("b")?.Latest.Intercept() == 5000) reloaded.TrySetResult();
        };

        const int total = 1000;
        var completed = 0;
        var throttle = new SemaphoreSlim(48);
        var wrote = new TaskCompletionSource();
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, int>();

        async Task One(int i)
        {
            // The last fifth waits for the swap, so answers come from before, across and after it.
            if (i >= total * 4 / 5) await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await throttle.WaitAsync();
            try
            {
                var kind = i % 6;
                var x = i % 97;
                var (path, body, model, version) = kind switch
                {
                    0 => ("/v2/models/a/infer", Oip(x), "a", (string?)null),
                    1 => ("/v2/models/a/versions/1/infer", Oip(x), "a", "1"),
                    2 => ("/v2/models/b/infer", Oip(x), "b", "1"),
                    3 => ("/v1/models/a/versions/2:predict", $$"""{"instances": [[{{x}}, {{2 * x}}, {{3 * x}}]]}""", "a", "2"),
                    4 => ("/invocations?model=b", $$$"""{"dataframe_records": [{"x1": {{{x}}}, "x2": {{{2 * x}}}, "x3": {{{3 * x}}}}]}""", "b", "1"),
                    _ => ("/v1/models/a:predict", $$$"""{"inputs": {"x1": [{{{x}}}], "x2": [{{{2 * x}}}], "x3": [{{{3 * x}}}]}}""", "a", null),
                };
                var r = await server.Client.PostAsync(path, body);
                if (r.Status != 200) { failures.Enqueue($"{path}: {r.Status} {r.Body}"); return; }
                var name = r.Response.Header(ServingHeaders.ModelName);
                var ver = r.Response.Header(ServingHeaders.ModelVersion);
                var rev = r.Response.Header(ServingHeaders.ModelRevision);
                if (!files.TryGetValue(rev, out var file)) { failures.Enqueue($"{path}: unknown revision {rev}"); return; }
                if (file.Model != name || file.Version != ver || name != model) failures.Enqueue($"{path}: revision {rev} is {file.Model}/{file.Version} but headers say {name}/{ver}");
                if (version is not null && ver != version) failures.Enqueue($"{path}: answered by version {ver}");
                if (version is null && model == "a" && ver is not ("2" or "3")) failures.Enqueue($"{path}: latest was version {ver}");
                var value = kind switch
                {
                    0 or 1 or 2 => r.Body.GetProperty("outputs")[0].GetProperty("data")[0].GetDouble(),
                    5 => r.Body.GetProperty("outputs")[0].GetDouble(),
                    _ => r.Body.GetProperty("predictions")[0].GetDouble(),
                };
                if (kind is 0 or 1 or 2 && r.Body.GetProperty("model_version").GetString() != ver) failures.Enqueue($"{path}: body and header versions differ");
                var expected = file.Intercept + 14 * x;
                if (value != expected) failures.Enqueue($"{path}: {value} from {name}/{ver}@{rev}, expected {expected}");
                seen.AddOrUpdate($"{name}/{ver}/{file.Intercept.ToString(CultureInfo.InvariantCulture)}", 1, (_, n) => n + 1);
            }
            finally
            {
                throttle.Release();
                if (Interlocked.Increment(ref completed) == total / 5)
                {
                    // Drop a new version of a and overwrite b's only version, mid-flight.
                    Directory.CreateDirectory(Path.GetDirectoryName(folder.PathOf("a", "3"))!);
                    await File.WriteAllBytesAsync(folder.PathOf("a", "3") + ".part", a3);
                    File.Move(folder.PathOf("a", "3") + ".part", folder.PathOf("a", "3"));
                    await File.WriteAllBytesAsync(folder.PathOf("b", "1") + ".part", b1);
                    File.Move(folder.PathOf("b", "1") + ".part", folder.PathOf("b", "1"), overwrite: true);
                    wrote.TrySetResult();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, total).Select(i => Task.Run(() => One(i))));
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.True(server.Repository.Current.Generation > generation);
        // Both the old and the new files answered.
        Assert.Contains("b/1/3000", seen.Keys);
        Assert.Contains("b/1/5000", seen.Keys);
        Assert.Contains("a/3/4000", seen.Keys);
        Assert.Contains("a/2/2000", seen.Keys);
        Assert.Equal(total, seen.Values.Sum());
    }

    private static string Oip(int x) =>
        $$"""{"inputs": [{"name": "x1", "datatype": "FP64", "shape": [1], "data": [{{x}}]}, {"name": "x2", "datatype": "FP64", "shape": [1], "data": [{{2 * x}}]}, {"name": "x3", "datatype": "FP64", "shape": [1], "data": [{{3 * x}}]}]}""";
}

internal static class ServedModelTestExtensions
{
    public static double Intercept(this Models.ServedModel model) => ((LinearTestModel)model.Saved.Model).Intercept;
}
