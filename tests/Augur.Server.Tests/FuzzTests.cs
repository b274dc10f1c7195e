using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Augur.Server.Tests;

/// <summary>
/// Hundreds of malformed bodies posted to every POST endpoint: every answer is a 4xx with a JSON error (or, for a
/// mutation that happens to stay valid, a 200) — never a 5xx, never a stack trace.
/// </summary>
public sealed class FuzzTests(InMemoryEndpointFixture fixture) : IClassFixture<InMemoryEndpointFixture>
{
    private static readonly string[] Seeds =
    [
        """{"id": "1", "inputs": [{"name": "x1", "datatype": "FP64", "shape": [2], "data": [1, 2]}, {"name": "x2", "datatype": "FP32", "shape": [2, 1], "data": [[1], [2]]}, {"name": "x3", "datatype": "INT64", "shape": [2], "data": [3, null]}], "outputs": [{"name": "predictions"}]}""",
        """{"inputs": [{"name": "m", "datatype": "FP64", "shape": [2, 3], "data": [[1, 2, 3], [4, 5, 6]]}], "parameters": {"a": 1}}""",
        """{"inputs": [{"name": "age", "datatype": "FP64", "shape": [1], "data": [null]}, {"name": "visits", "datatype": "INT64", "shape": [1], "data": [2]}, {"name": "member", "datatype": "BOOL", "shape": [1], "data": [true]}, {"name": "city", "datatype": "BYTES", "shape": [1], "data": ["Oslo"]}]}""",
        """{"signature_name": "serving_default", "instances": [[1, 2, 3], {"x1": 1, "x2": 2, "x3": 3}]}""",
        """{"instances": [{"age": 1.5, "visits": 2, "member": false, "city": "Lima"}]}""",
        """{"inputs": {"x1": [1, 2], "x2": [3, 4], "x3": [5, 6]}}""",
        """{"dataframe_split": {"columns": ["x1", "x2", "x3"], "data": [[1, 2, 3]], "index": [0]}}""",
        """{"dataframe_records": [{"age": 3, "visits": 1, "member": true, "city": "Paris"}]}""",
    ];

    private static readonly string[] Endpoints =
    [
        "/v2/models/linear/infer", "/v2/models/linear/versions/1/infer", "/v2/models/clf/infer", "/v2/models/linear/explain",
        "/v2/models/linear/versions/2/explain", "/v2/repository/index",
        "/v1/models/linear:predict", "/v1/models/clf/versions/1:predict", "/invocations?model=linear", "/invocations?model=clf",
    ];

    /// <summary>Bodies that are not valid JSON at all.</summary>
    private static IEnumerable<byte[]> Broken(Random rng)
    {
        foreach (var seed in Seeds)
        {
            var bytes = Encoding.UTF8.GetBytes(seed);
            for (var k = 0; k < 6; k++) yield return bytes[..rng.Next(0, bytes.Length - 1)];
            yield return [.. bytes, (byte)'}'];
            yield return Encoding.UTF8.GetBytes(seed.Replace(":", "", StringComparison.Ordinal));
            yield return Encoding.UTF8.GetBytes(seed.Replace("]", "", StringComparison.Ordinal));
            yield return Encoding.UTF8.GetBytes(seed.Replace("\"", "'", StringComparison.Ordinal));
            yield return Encoding.UTF8.GetBytes(seed.Replace("1", "NaN", StringComparison.Ordinal));
            yield return Encoding.UTF8.GetBytes(seed + "garbage");
        }
        for (var k = 0; k < 20; k++)
        {
            var junk = new byte[rng.Next(1, 300)];
            rng.NextBytes(junk);
            junk[0] = (byte)'{';
            yield return junk;
        }
        yield return Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000));
        yield return Encoding.UTF8.GetBytes("{\"inputs\": " + new string('[', 200) + new string(']', 200) + "}");
        yield return [0xEF, 0xBB, 0xBF, (byte)'{', 0xFF, 0xFE, (byte)'}'];
        yield return Encoding.UTF8.GetBytes("{\"inputs\": [{\"name\": \"x1\u0000\"");
    }

    /// <summary>Valid JSON that does not fit the protocol or the model.</summary>
    private static IEnumerable<string> Wrong(Random rng)
    {
        string[] scalars = ["null", "true", "-1", "0", "1e308", "-1e-320", "9223372036854775808", "\"\"", "\"x1\"", "\"\\ud800\"", "\"\\u0000\"", "[]", "{}", "[[]]", "[null]", "[{}]", "\"FP64\"", "[-1]", "[2, 3]", "[100000000000]", "[1, 1, 1, 1, 1, 1, 1, 1, 1]"];
        foreach (var seed in Seeds)
        {
            using var doc = JsonDocument.Parse(seed);
            var tokens = Tokens(seed);
            for (var k = 0; k < 25; k++)
            {
                // Replace one value token with another kind of value.
                var (start, length) = tokens[rng.Next(tokens.Count)];
                yield return seed[..start] + scalars[rng.Next(scalars.Length)] + seed[(start + length)..];
            }
            yield return "[" + seed + "]";
            yield return "{\"wrapper\": " + seed + "}";
            yield return seed.Replace("\"x1\"", "\"X1\"", StringComparison.Ordinal);
            yield return seed.Replace("\"shape\"", "\"Shape\"", StringComparison.Ordinal);
            yield return seed.Replace("\"data\"", "\"datum\"", StringComparison.Ordinal);
            yield return seed.Replace("\"name\"", "\"data\"", StringComparison.Ordinal);
            yield return seed.Replace("\"datatype\"", "\"name\"", StringComparison.Ordinal);
        }
        foreach (var s in scalars) yield return s;
        yield return "{\"inputs\": [{\"name\": \"x1\", \"datatype\": \"FP64\", \"shape\": [9223372036854775807, 9223372036854775807], \"data\": [1]}]}";
        yield return "{\"inputs\": [{\"name\": \"m\", \"datatype\": \"FP64\", \"shape\": [3037000500, 3], \"data\": [1]}]}";
        yield return "{\"inputs\": [{\"name\": \"m\", \"datatype\": \"FP64\", \"shape\": [1, 3, 1], \"data\": [1, 2, 3]}]}";
        yield return "{\"instances\": [[\"\\udfff\", 1, 2]]}";
        yield return "{\"dataframe_split\": {\"columns\": [\"x1\", \"x1\"], \"data\": [[1, 1]]}}";
    }

    /// <summary>The spans of the scalar value tokens of a JSON text.</summary>
    private static List<(int Start, int Length)> Tokens(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        var spans = new List<(int, int)>();
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null)
            {
                var start = (int)reader.TokenStartIndex;
                var length = reader.TokenType == JsonTokenType.String ? reader.ValueSpan.Length + 2 : reader.ValueSpan.Length;
                spans.Add((start, length));
            }
        }
        return spans;
    }

    private async Task<(int Status, string Text, string? ContentType)> Post(string path, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await fixture.Server.Client.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private static void AssertJsonError(string path, byte[] body, (int Status, string Text, string? ContentType) r)
    {
        var shown = Encoding.UTF8.GetString(body.Length > 200 ? body[..200] : body);
        Assert.True(r.Status is >= 400 and < 500, $"{path} answered {r.Status} to {shown}: {r.Text}");
        Assert.Equal("application/json", r.ContentType);
        using var doc = JsonDocument.Parse(r.Text);
        var message = doc.RootElement.GetProperty("error").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_always_a_400_with_a_json_error()
    {
        var rng = new Random(20261124);
        var bodies = Broken(rng).ToArray();
        Assert.True(bodies.Length > 100);
        var count = 0;
        foreach (var path in Endpoints)
            foreach (var body in bodies)
            {
                // An empty index request is valid (it lists every model).
                if (path.EndsWith("/index", StringComparison.Ordinal) && body.Length == 0) continue;
                var r = await Post(path, body, "application/json");
                AssertJsonError(path, body, r);
                Assert.True(r.Status == 400, $"{path}: {r.Status} {r.Text}");
                count++;
            }
        Assert.True(count >= 1000);
    }

    [Fact]
    public async Task Wrong_but_valid_json_is_a_4xx_with_a_json_error_or_a_correct_answer()
    {
        var rng = new Random(7);
        var bodies = Wrong(rng).Select(Encoding.UTF8.GetBytes).ToArray();
        Assert.True(bodies.Length > 200);
        var errors = 0;
        foreach (var path in Endpoints)
            foreach (var body in bodies)
            {
                var r = await Post(path, body, "application/json");
                if (r.Status == 200)
                {
                    using var ok = JsonDocument.Parse(r.Text);
                    continue;
                }
                if (path.Contains("clf/explain", StringComparison.Ordinal) && r.Status == 501) continue;
                AssertJsonError(path, body, r);
                errors++;
            }
        Assert.True(errors > bodies.Length * Endpoints.Length / 2);
    }

    [Fact]
    public async Task Malformed_csv_is_a_4xx_with_a_json_error()
    {
        var rng = new Random(3);
        var csvs = new List<byte[]>
        {
            Encoding.UTF8.GetBytes("x1,x2,x3\n1,2\n"), Encoding.UTF8.GetBytes("\"x1,x2\n"), Encoding.UTF8.GetBytes("x1,x2,x3\n1,2,\"3\"x\n"),
            Encoding.UTF8.GetBytes("x1,x2,x3\n1,2,3,4\n"), Encoding.UTF8.GetBytes(""), Encoding.UTF8.GetBytes("\n\n"), new byte[] { 0xC3, 0x28, (byte)'\n' },
            Encoding.UTF8.GetBytes("x1,x1,x2\n1,1,1\n"), Encoding.UTF8.GetBytes("x1,x2,x3\n1e999,2,3\n"), Encoding.UTF8.GetBytes("age,visits,member,city\n1,2.5,true,Oslo\n"),
            Encoding.UTF8.GetBytes("age,visits,member,city\n1,2,maybe,Oslo\n"), Encoding.UTF8.GetBytes("age,visits,member,city\n1,2,true,\n"),
        };
        for (var k = 0; k < 60; k++)
        {
            var junk = new byte[rng.Next(1, 200)];
            rng.NextBytes(junk);
            csvs.Add(junk);
        }
        foreach (var path in new[] { "/invocations?model=linear", "/invocations?model=clf" })
            foreach (var body in csvs)
                AssertJsonError(path, body, await Post(path, body, "text/csv"));
    }
}
