using System.Collections.Concurrent;
using System.Security.Cryptography;
using Augur.Pipelines;
using Augur.Server.Http;

namespace Augur.Server.Tests;

/// <summary>
/// 1,000 mixed requests in parallel across models, versions and protocols while a new version is dropped in and a
/// served file is replaced: every answer is 200, names one file (model, version, revision) that exists, and equals that
/// file's model's own prediction for the row, bit for bit.
/// </summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Every_answer_is_correct_and_attributable_to_one_version_during_a_hot_reload()
    {
        var x = RealModels.HousingX;
        const int distinctRows = 31;
        var rows = Enumerable.Range(0, distinctRows).Select(i => x.Take([i * 53 % x.RowCount])).ToArray();
        using var folder = new ModelFolder();
        // revision -> (model, version, fitted pipeline): every file that can ever answer.
        var files = new ConcurrentDictionary<string, (string Model, string Version, ClassifierPipelineModel Fitted)>();
        void Saved(string model, string version, ClassifierPipelineModel fitted, string revision) => files[revision] = (model, version, fitted);
        Saved("a", "1", RealModels.HousingLogistic, folder.Save("a", "1", RealModels.HousingLogistic));
        Saved("a", "2", RealModels.HousingBoosting, folder.Save("a", "2", RealModels.HousingBoosting));
        Saved("b", "1", RealModels.HousingLogistic2, folder.Save("b", "1", RealModels.HousingLogistic2));
        var a3 = ModelFolder.Bytes(RealModels.HousingBoosting2);
        var b1 = ModelFolder.Bytes(RealModels.HousingBoosting);
        static string Rev(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
        Saved("a", "3", RealModels.HousingBoosting2, Rev(a3));
        Saved("b", "1", RealModels.HousingBoosting, Rev(b1));
        // Each model's own single-row probabilities, computed here without the server.
        var expected = files.Values.Select(f => f.Fitted).Distinct()
            .ToDictionary(m => m, m => rows.Select(r => m.PredictProba(r).Data.ToArray()).ToArray());
        var expectedLabels = files.Values.Select(f => f.Fitted).Distinct()
            .ToDictionary(m => m, m => rows.Select(r => m.Predict(r).Format(0)).ToArray());

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
            if (s.Find("a")?.Find("3") is not null && s.Find("b")?.Latest.Revision == Rev(b1)) reloaded.TrySetResult();
        };

        const int total = 1000;
        var completed = 0;
        var throttle = new SemaphoreSlim(48);
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, int>();
        var template = RealModels.HousingLogistic;

        async Task One(int i)
        {
            // The last fifth waits for the swap, so answers come from before, across and after it.
            if (i >= total * 4 / 5) await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await throttle.WaitAsync();
            try
            {
                var kind = i % 6;
                var k = i % distinctRows;
                var row = rows[k];
                var (path, body, model, version) = kind switch
                {
                    0 => ("/v2/models/a/infer", RealModels.OipRequest(template, row, $"r{i}"), "a", (string?)null),
                    1 => ("/v2/models/a/versions/1/infer", RealModels.OipRequest(template, row, $"r{i}"), "a", "1"),
                    2 => ("/v2/models/b/infer", RealModels.OipRequest(template, row, $"r{i}"), "b", "1"),
                    3 => ("/v1/models/a/versions/2:predict", RealModels.Instances(template, row), "a", "2"),
                    4 => ("/invocations?model=b", RealModels.Records(template, row, "dataframe_records"), "b", "1"),
                    _ => ("/v1/models/a:predict", RealModels.Instances(template, row), "a", null),
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
                if (kind == 4)
                {
                    // MLflow answers labels only.
                    var label = r.Body.GetProperty("predictions")[0].GetString();
                    if (label != expectedLabels[file.Fitted][k]) failures.Enqueue($"{path}: {label} from {name}/{ver}@{rev}, expected {expectedLabels[file.Fitted][k]}");
                    seen.AddOrUpdate($"{name}/{ver}@{rev}", 1, (_, n) => n + 1);
                    return;
                }
                double[] proba = kind <= 2
                    ? r.Body.GetProperty("outputs")[1].GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToArray()
                    : r.Body.GetProperty("predictions")[0].GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                if (kind <= 2 && (r.Body.GetProperty("model_version").GetString() != ver || r.Body.GetProperty("id").GetString() != $"r{i}"))
                    failures.Enqueue($"{path}: body and headers disagree");
                if (!proba.SequenceEqual(expected[file.Fitted][k]))
                    failures.Enqueue($"{path}: [{string.Join(", ", proba)}] from {name}/{ver}@{rev}, expected [{string.Join(", ", expected[file.Fitted][k])}]");
                seen.AddOrUpdate($"{name}/{ver}@{rev}", 1, (_, n) => n + 1);
            }
            finally
            {
                throttle.Release();
                if (Interlocked.Increment(ref completed) == total / 5)
                {
                    // Drop a new version of a and replace b's only version, mid-flight.
                    Directory.CreateDirectory(Path.GetDirectoryName(folder.PathOf("a", "3"))!);
                    await File.WriteAllBytesAsync(folder.PathOf("a", "3") + ".part", a3);
                    File.Move(folder.PathOf("a", "3") + ".part", folder.PathOf("a", "3"));
                    await File.WriteAllBytesAsync(folder.PathOf("b", "1") + ".part", b1);
                    File.Move(folder.PathOf("b", "1") + ".part", folder.PathOf("b", "1"), overwrite: true);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, total).Select(i => Task.Run(() => One(i))));
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.True(server.Repository.Current.Generation > generation);
        Assert.Equal(total, seen.Values.Sum());
        // Old and new files both answered: b before and after its replacement, a's version 3 once it arrived.
        var byVersion = seen.Keys.Select(key => key.Split('@')).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Select(p => p[1]).ToHashSet());
        Assert.Equal(2, byVersion["b/1"].Count);
        Assert.Contains("a/3", byVersion.Keys);
        Assert.Contains("a/2", byVersion.Keys);
        Assert.Contains("a/1", byVersion.Keys);
    }
}
