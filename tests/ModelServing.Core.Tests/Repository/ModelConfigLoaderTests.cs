using System.Text;
using ModelServing.Core.Repository;

using ModelServing.Core.Runtime;

namespace ModelServing.Core.Tests.Repository;

public sealed class ModelConfigLoaderTests
{
    private static (ModelConfig? Config, IReadOnlyList<string> Errors) Parse(string json)
    {
        var (config, errors) = ModelConfigLoader.Parse(Encoding.UTF8.GetBytes(json), "m/config.json");
        return (config, errors.Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void Parse_EmptyObject_GivesDefaults()
    {
        var (config, errors) = Parse("{}");

        Assert.Empty(errors);
        Assert.Equal(VersionPolicy.Latest(1), config!.VersionPolicy);
        Assert.Equal("onnxruntime", config.Platform);
        Assert.Empty(config.VersionLabels);
        Assert.False(config.AllowUnavailableLabels);
    }

    [Fact]
    public void Parse_FullConfig_ReadsEveryField()
    {
        var (config, errors) = Parse("""
            {
              // comments and trailing commas are allowed
              "$schema": "../../docs/model-config.schema.json",
              "platform": "onnxruntime",
              "description": "d",
              "versionPolicy": {"specific": {"versions": [3, 1]}},
              "versionLabels": {"stable": 1, "canary": 3},
              "allowUnavailableLabels": true,
            }
            """);

        Assert.Empty(errors);
        Assert.Equal(VersionPolicy.Specific([1, 3]), config!.VersionPolicy);
        Assert.Equal("d", config.Description);
        Assert.Equal(3, config.VersionLabels["canary"]);
        Assert.True(config.AllowUnavailableLabels);
    }

    [Theory]
    [InlineData("""{"versionPolicy": {"latest": {"numVersions": 3}}}""", "latest 3")]
    [InlineData("""{"versionPolicy": {"latest": {}}}""", "latest 1")]
    [InlineData("""{"versionPolicy": {"all": {}}}""", "all")]
    [InlineData("""{"versionPolicy": {"specific": {"versions": [2]}}}""", "specific 2")]
    public void Parse_VersionPolicies_AreRead(string json, string expected)
    {
        var (config, errors) = Parse(json);

        Assert.Empty(errors);
        Assert.Equal(expected, config!.VersionPolicy.ToString());
    }

    [Fact]
    public void Parse_SeveralErrors_ReportsAllWithFileAndField()
    {
        var (config, errors) = Parse("""
            {
              "platform": "tensorflow",
              "colour": "blue",
              "versionPolicy": {"latest": {"numVersions": 0}},
              "versionLabels": {"9lives": 1, "ok": "x"}
            }
            """);

        Assert.Null(config);
        Assert.Equal(
            [
                "m/config.json: colour: unknown field (expected one of: platform, description, versionPolicy, versionLabels, allowUnavailableLabels, servingFunction, runtime, warmup, batching, circuitBreaker, graph)",
                "m/config.json: platform: 'tensorflow' is not supported (supported: onnxruntime)",
                "m/config.json: versionPolicy.latest.numVersions: must be between 1 and 1000",
                "m/config.json: versionLabels.9lives: a label is letters, digits, '-', '_' or '.', and does not start with a digit",
                "m/config.json: versionLabels.ok: must be an integer, not a string",
            ],
            errors);
    }

    [Theory]
    [InlineData("""{"versionPolicy": {"all": {}, "latest": {}}}""", "m/config.json: versionPolicy: must hold exactly one of 'latest', 'all' or 'specific'")]
    [InlineData("""{"versionPolicy": {"specific": {"versions": []}}}""", "m/config.json: versionPolicy.specific.versions: must be a non-empty list of version numbers")]
    [InlineData("""{"versionPolicy": {"specific": {"versions": [1, -2]}}}""", "m/config.json: versionPolicy.specific.versions[1]: must be at least 0")]
    [InlineData("""{"description": 5}""", "m/config.json: description: must be a string, not the number 5")]
    [InlineData("""{"allowUnavailableLabels": "yes"}""", "m/config.json: allowUnavailableLabels: must be true or false, not a string")]
    [InlineData("""[]""", "m/config.json: must be an object, not a list")]
    [InlineData("""{"versionPolicy": """, "m/config.json: is not valid JSON at line 1, position 19")]
    public void Parse_InvalidConfig_ExplainsWhere(string json, string expected)
    {
        var (config, errors) = Parse(json);

        Assert.Null(config);
        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void Load_NoConfigFile_GivesDefaults()
    {
        var directory = Directory.CreateTempSubdirectory("ms-config-").FullName;
        try
        {
            var (config, errors) = ModelConfigLoader.Load(directory, "m/config.json");

            Assert.Same(ModelConfig.Default, config);
            Assert.Empty(errors);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void Parse_Runtime_ReadsEverySetting()
    {
        var (config, errors) = Parse("""
            {"runtime": {"intraOpThreads": 2, "interOpThreads": 1, "graphOptimizationLevel": "Extended", "memoryArena": false,
                         "memoryPattern": false, "executionMode": "parallel", "executionProviders": ["cuda", "cpu"], "requireAccelerator": true}}
            """);

        Assert.Empty(errors);
        var runtime = config!.Runtime;
        Assert.Equal(2, runtime.IntraOpThreads);
        Assert.Equal("extended", runtime.GraphOptimizationLevel);
        Assert.False(runtime.MemoryArena);
        Assert.Equal("parallel", runtime.ExecutionMode);
        Assert.Equal(["cuda", "cpu"], runtime.ExecutionProviders);
        Assert.True(runtime.RequireAccelerator);
    }

    [Theory]
    [InlineData("{}", 30000)]
    [InlineData("""{"runtime": {"inferenceTimeoutMilliseconds": 250}}""", 250)]
    [InlineData("""{"runtime": {"inferenceTimeoutMilliseconds": 0}}""", null)]
    public void Parse_InferenceTimeout_DefaultsTo30sAnd0TurnsItOff(string json, int? expectedMilliseconds)
    {
        var (config, errors) = Parse(json);

        Assert.Empty(errors);
        Assert.Equal(expectedMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null, config!.Runtime.InferenceTimeout);
    }

    [Theory]
    [InlineData("{}", 10000)]
    [InlineData("""{"runtime": {"memoryArenaShrinkIntervalMilliseconds": 500}}""", 500)]
    [InlineData("""{"runtime": {"memoryArenaShrinkIntervalMilliseconds": 0}}""", null)]
    public void Parse_MemoryArenaShrinkInterval_DefaultsTo10sAnd0TurnsItOff(string json, int? expectedMilliseconds)
    {
        var (config, errors) = Parse(json);

        Assert.Empty(errors);
        Assert.Equal(expectedMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null, config!.Runtime.MemoryArenaShrinkInterval);
    }

    [Fact]
    public void Parse_CircuitBreaker_ReadsEverySetting_AndDefaultsAreOn()
    {
        var (config, errors) = Parse("""
            {"circuitBreaker": {"enabled": false, "failureRatio": 0.25, "minimumThroughput": 4, "samplingDurationMilliseconds": 1000,
                                "breakDurationMilliseconds": 2000}}
            """);
        var (defaults, _) = Parse("{}");

        Assert.Empty(errors);
        Assert.Equal(
            new CircuitBreakerConfig
            {
                Enabled = false,
                FailureRatio = 0.25,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(1),
                BreakDuration = TimeSpan.FromSeconds(2),
            },
            config!.CircuitBreaker);
        Assert.Equal(new CircuitBreakerConfig(), defaults!.CircuitBreaker);
        Assert.True(defaults.CircuitBreaker.Enabled);
    }

    [Fact]
    public void Parse_CircuitBreakerErrors_AreAllReported()
    {
        var (_, errors) = Parse("""
            {"circuitBreaker": {"failureRatio": 0, "minimumThroughput": 1, "samplingDurationMilliseconds": 10, "breakDurationMilliseconds": "5s",
                                "enabled": "yes"},
             "runtime": {"inferenceTimeoutMilliseconds": -1}}
            """);

        Assert.Equal(
            [
                "m/config.json: runtime.inferenceTimeoutMilliseconds: must be between 0 and 3600000",
                "m/config.json: circuitBreaker.samplingDurationMilliseconds: must be between 500 and 86400000",
                "m/config.json: circuitBreaker.breakDurationMilliseconds: must be an integer, not a string",
                "m/config.json: circuitBreaker.enabled: must be true or false, not a string",
                "m/config.json: circuitBreaker.failureRatio: must be between 0.01 and 1",
                "m/config.json: circuitBreaker.minimumThroughput: must be between 2 and 100000",
            ],
            errors);
    }

    [Fact]
    public void Parse_RuntimeErrors_AreAllReported()
    {
        var (_, errors) = Parse("""{"runtime": {"intraOpThreads": 0, "graphOptimizationLevel": "max", "executionProviders": ["tpu", "cpu", "cpu"], "x": 1}}""");

        Assert.Equal(
            [
                "m/config.json: runtime.x: unknown field (expected one of: intraOpThreads, interOpThreads, graphOptimizationLevel, memoryArena, memoryPattern, executionMode, executionProviders, requireAccelerator, inferenceTimeoutMilliseconds, memoryArenaShrinkIntervalMilliseconds)",
                "m/config.json: runtime.intraOpThreads: must be between 1 and 256",
                "m/config.json: runtime.graphOptimizationLevel: 'max' is not one of: none, basic, extended, all",
                "m/config.json: runtime.executionProviders[0]: must be one of: cuda, cpu",
                "m/config.json: runtime.executionProviders[2]: 'cpu' is listed twice",
            ],
            errors);
    }

    [Fact]
    public void Parse_Batching_ReadsTritonStyleSettings()
    {
        var (config, errors) = Parse("""
            {"batching": {"maxBatchSize": 16, "maxQueueDelayMicroseconds": 500, "preferredBatchSizes": [4, 8], "maxQueueSize": 10,
                          "timeoutMilliseconds": 250, "maxConcurrentExecutions": 2, "padVariableLength": true}}
            """);

        Assert.Empty(errors);
        var batching = config!.Batching;
        Assert.Equal(16, batching.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMicroseconds(500), batching.MaxQueueDelay);
        Assert.Equal([4, 8], batching.PreferredBatchSizes);
        Assert.Equal(10, batching.MaxQueueSize);
        Assert.Equal(TimeSpan.FromMilliseconds(250), batching.DefaultTimeout);
        Assert.Equal(2, batching.MaxConcurrentExecutions);
        Assert.True(batching.PadVariableLength);
    }

    [Fact]
    public void Parse_NoBatchingSection_BatchesUpTo8WithoutDelay()
    {
        var (config, _) = Parse("{}");

        Assert.Equal(8, config!.Batching.MaxBatchSize);
        Assert.Equal(TimeSpan.Zero, config.Batching.MaxQueueDelay);
    }

    [Fact]
    public void Parse_PreferredSizeAboveMax_IsReported()
    {
        var (_, errors) = Parse("""{"batching": {"maxBatchSize": 4, "preferredBatchSizes": [8]}}""");

        Assert.Equal("m/config.json: batching.preferredBatchSizes: 8 must be between 1 and maxBatchSize (4)", Assert.Single(errors));
    }
}
