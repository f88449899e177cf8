using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Grpc.Core;
using Grpc.Net.Client;
using ModelServing.Gateway.Telemetry;
using ModelServing.Gateway.Tests.TestSupport;
using Tensorflow;
using Tensorflow.Serving;

namespace ModelServing.Gateway.Tests.Telemetry;

/// <summary>The opt-in access log of a real gateway process: one entry per request, plain or JSON, nothing it must not hold.</summary>
public sealed class AccessLogTests
{
    // Distinctive values that must not reach the log: a body value, a query string and a header.
    private const string Body = """{"instances":[{"income":1234.5,"credit_cards":2,"age":45}]}""";
    private const string QuerySecret = "query-secret-4711";
    private const string HeaderSecret = "header-secret-4712";

    private static readonly string s_longName = new('m', 300);

    private static readonly (HttpMethod Method, string Path, string RequestId, int Status)[] s_requests =
    [
        (HttpMethod.Post, $"/v1/models/loans:predict?token={QuerySecret}", "access-1", 200),
        (HttpMethod.Get, "/v1/models/loans/metadata", "access-2", 200),
        (HttpMethod.Post, $"/v1/models/{s_longName}%0Afake:predict", "access-3", 404),
        (HttpMethod.Get, $"/nope?token={QuerySecret}", "access-4", 404),
    ];

    [Fact]
    public async Task Enabled_EachRequest_WritesExactlyOneLineWithTheFields()
    {
        var output = await RunAsync(new Dictionary<string, string> { ["AccessLog__Enabled"] = "true" });

        var lines = output.Split('\n').Where(l => l.Contains(" ModelServing.AccessLog[1] ", StringComparison.Ordinal)).ToList();
        string Entry(string id) => Assert.Single(lines, l => l.EndsWith(" id=" + id, StringComparison.Ordinal));
        const string Prefix = @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info: ModelServing\.AccessLog\[1\] ";
        Assert.Matches(Prefix + @"POST /v1/models/\{name\}:predict 200 \d+(\.\d+)? ms model=loans version=1 id=access-1$", Entry("access-1"));
        Assert.Matches(Prefix + @"GET /v1/models/\{name\}/metadata 200 \d+(\.\d+)? ms model=loans version=- id=access-2$", Entry("access-2"));
        var cut = new string('m', AccessLog.MaxModelLength);
        Assert.Matches(Prefix + @"POST /v1/models/\{name\}:predict 404 \d+(\.\d+)? ms model=" + cut + " version=- id=access-3$", Entry("access-3"));
        Assert.Matches(Prefix + @"GET unmatched 404 \d+(\.\d+)? ms model=- version=- id=access-4$", Entry("access-4"));
        Assert.DoesNotContain(QuerySecret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(HeaderSecret, output, StringComparison.Ordinal);
        Assert.DoesNotContain("1234.5", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fake", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnabledWithJsonLogs_EachRequest_WritesOneJsonObjectWithFields()
    {
        var output = await RunAsync(new Dictionary<string, string> { ["MODELSERVING_LOG_FORMAT"] = "json", ["MODELSERVING_ACCESS_LOG"] = "true" });

        var entries = output.Split('\n').Where(l => l.Contains("\"Category\"", StringComparison.Ordinal))
            .Select(l => JsonNode.Parse(l[l.IndexOf('{', StringComparison.Ordinal)..])!)
            .Where(e => e["Category"]?.GetValue<string>() == "ModelServing.AccessLog").ToList();
        JsonNode State(string id) => Assert.Single(entries, e => e["State"]?["RequestId"]?.GetValue<string>() == id)["State"]!;
        var predict = State("access-1");
        Assert.Equal("POST", predict["Method"]!.GetValue<string>());
        Assert.Equal("/v1/models/{name}:predict", predict["Route"]!.GetValue<string>());
        Assert.Equal("loans", predict["Model"]!.GetValue<string>());
        Assert.Equal("1", predict["Version"]!.GetValue<string>());
        Assert.Equal(200, predict["Status"]!.GetValue<int>());
        Assert.True(predict["LatencyMs"]!.GetValue<double>() > 0);
        Assert.Equal(AccessLog.MaxModelLength, State("access-3")["Model"]!.GetValue<string>().Length);
        Assert.Equal(404, State("access-4")["Status"]!.GetValue<int>());
        Assert.All(entries, e => Assert.Equal("Information", e["LogLevel"]!.GetValue<string>()));
        Assert.DoesNotContain(QuerySecret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(HeaderSecret, output, StringComparison.Ordinal);
        Assert.DoesNotContain("1234.5", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandLineDisabled_AliasVariableSet_CommandLineWins()
    {
        var output = await RunAsync(new Dictionary<string, string> { ["MODELSERVING_ACCESS_LOG"] = "true" }, "--AccessLog:Enabled", "false");

        Assert.DoesNotContain("ModelServing.AccessLog", output, StringComparison.Ordinal);
        Assert.DoesNotContain("access-1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabled_GrpcCalls_EntryCarriesTheGrpcStatusBesideHttp200()
    {
        using var repository = new TestRepository().WithLoans();
        var grpcPort = GatewayProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var gateway = await GatewayProcess.StartReadyAsync(
            repository.Root, new Dictionary<string, string> { ["AccessLog__Enabled"] = "true" }, "--grpc-port", grpcPort);
        using var channel = GrpcChannel.ForAddress("http://127.0.0.1:" + grpcPort);
        var client = new PredictionService.PredictionServiceClient(channel);
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "loans" } };
        foreach (var (name, value) in new[] { ("income", 2000f), ("credit_cards", 2f), ("age", 45f) })
        {
            var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = 1 } } } };
            tensor.FloatVal.Add(value);
            request.Inputs[name] = tensor;
        }

        await client.PredictAsync(request, new Metadata { { "x-request-id", "grpc-ok" } });
        request.ModelSpec.Name = "nope";
        var missing = await Assert.ThrowsAsync<RpcException>(async () => await client.PredictAsync(request, new Metadata { { "x-request-id", "grpc-missing" } }));
        var output = await gateway.StopAsync();

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var lines = output.Split('\n').Where(l => l.Contains(" ModelServing.AccessLog[2] ", StringComparison.Ordinal)).ToList();
        const string Route = @"POST /tensorflow\.serving\.PredictionService/Predict 200 grpc-status=";
        Assert.Matches(Route + @"0 \d+(\.\d+)? ms model=loans version=1 id=grpc-ok$", Assert.Single(lines, l => l.EndsWith("id=grpc-ok", StringComparison.Ordinal)));
        Assert.Matches(Route + @"5 \d+(\.\d+)? ms model=- version=- id=grpc-missing$", Assert.Single(lines, l => l.EndsWith("id=grpc-missing", StringComparison.Ordinal)));
    }

    [Fact]
    public void Bounded_LongNameWithControlCharacters_CutAndReplaced()
    {
        Assert.Equal("a?b", AccessLog.Bounded("a\nb", 10));
        Assert.Equal("abc", AccessLog.Bounded("abcdef", 3));
        Assert.Equal("-", AccessLog.Bounded(string.Empty, 3));
        Assert.Same("loans", AccessLog.Bounded("loans", 128));
    }

    /// <summary>Starts the gateway on loans, sends <see cref="s_requests"/>, stops it with SIGTERM and returns its console output.</summary>
    private static async Task<string> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var repository = new TestRepository().WithLoans();
        await using var gateway = await GatewayProcess.StartReadyAsync(repository.Root, environment, args);

        foreach (var (method, path, requestId, status) in s_requests)
        {
            using var request = new HttpRequestMessage(method, path);
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent(Body, Encoding.UTF8, "application/json");
            }

            request.Headers.Add("x-request-id", requestId);
            request.Headers.Add("x-caller-note", HeaderSecret);
            using var response = await gateway.Client.SendAsync(request);
            Assert.Equal(status, (int)response.StatusCode);
        }

        return await gateway.StopAsync();
    }
}
