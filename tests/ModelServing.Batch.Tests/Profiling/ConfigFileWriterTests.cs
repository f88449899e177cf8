using System.Text;
using ModelServing.Batch.Tests.TestSupport;
using ModelServing.BatchCli;
using ModelServing.BatchCli.Profiling;
using ModelServing.Core.Repository;

namespace ModelServing.Batch.Tests.Profiling;

public sealed class ConfigFileWriterTests
{
    private static readonly TrialConfig Recommended = new(16, [8, 16], 500, 2, 1);

    [Fact]
    public void Splice_TextOrientationConfig_ReplacesRuntimeAndAppendsBatchingOnly()
    {
        var original = File.ReadAllBytes(Path.Combine(TestPaths.Models, "text-orientation", "config.json"));
        var text = Encoding.UTF8.GetString(original);

        var updated = Encoding.UTF8.GetString(ConfigFileWriter.Splice(original, Recommended with { IntraOpThreads = 2 }, "config.json"));

        var runtimeAt = text.IndexOf("\"runtime\": ", StringComparison.Ordinal) + "\"runtime\": ".Length;
        Assert.Equal(text[..runtimeAt], updated[..runtimeAt]);
        Assert.StartsWith("{ \"intraOpThreads\": 2 },\n  \"servingFunction\"", updated[runtimeAt..], StringComparison.Ordinal);
        var servingFunction = text[text.IndexOf("\"servingFunction\"", StringComparison.Ordinal)..text.LastIndexOf('}')].TrimEnd();
        Assert.Contains(servingFunction + ",\n  \"batching\": { \"maxBatchSize\": 16, \"maxQueueDelayMicroseconds\": 500, \"preferredBatchSizes\": [8, 16], \"maxConcurrentExecutions\": 2 }\n}", updated, StringComparison.Ordinal);
    }

    [Fact]
    public void Splice_SharedThreadPool_RemovesTheThreadSettingsAndValidates()
    {
        var original = File.ReadAllBytes(Path.Combine(TestPaths.Models, "text-orientation", "config.json"));
        var shared = Recommended with { IntraOpThreads = null };

        var updated = ConfigFileWriter.Splice(original, shared, "config.json");
        var (config, errors) = ModelConfigLoader.Parse(updated, "config.json", BatchServingHost.StageRegistry(), Path.Combine(TestPaths.Models, "text-orientation"));

        Assert.Empty(errors);
        Assert.Equal(shared, TrialConfig.From(config!));
        Assert.NotNull(config!.ServingFunction);
        Assert.Contains("\"runtime\": {}", Encoding.UTF8.GetString(updated), StringComparison.Ordinal);
    }

    [Fact]
    public void Splice_ExistingBatchingSection_KeepsItsOtherFields()
    {
        var original = Encoding.UTF8.GetBytes("{\n    \"batching\": {\"maxQueueSize\": 7, \"maxBatchSize\": 4} // tuned by hand\n}\n");

        var updated = Encoding.UTF8.GetString(ConfigFileWriter.Splice(original, Recommended, "config.json"));

        Assert.Equal(
            "{\n    \"batching\": { \"maxQueueSize\": 7, \"maxBatchSize\": 16, \"maxQueueDelayMicroseconds\": 500, \"preferredBatchSizes\": [8, 16], \"maxConcurrentExecutions\": 2 },\n    \"runtime\": { \"intraOpThreads\": 1 } // tuned by hand\n}\n",
            updated);
    }

    [Fact]
    public void Write_ModelWithoutConfigFile_CreatesOneWithBothSections()
    {
        using var scratch = new ScratchDirectory();
        ProfileCli.CopyModel("loans", scratch.Path);
        var path = Path.Combine(scratch.Path, "loans", "config.json");
        File.Delete(path);

        ConfigFileWriter.Write(scratch.Path, "loans", Recommended, BatchServingHost.StageRegistry());

        Assert.Equal(
            "{\n  \"runtime\": { \"intraOpThreads\": 1 },\n  \"batching\": { \"maxBatchSize\": 16, \"maxQueueDelayMicroseconds\": 500, \"preferredBatchSizes\": [8, 16], \"maxConcurrentExecutions\": 2 }\n}\n",
            File.ReadAllText(path));
        var (config, errors) = ModelConfigLoader.Load(Path.Combine(scratch.Path, "loans"), "loans/config.json");
        Assert.Empty(errors);
        Assert.Equal(Recommended, TrialConfig.From(config!));
    }

    [Fact]
    public void Write_InvalidRecommendation_ThrowsAndLeavesTheFileAlone()
    {
        using var scratch = new ScratchDirectory();
        ProfileCli.CopyModel("loans", scratch.Path);
        var path = Path.Combine(scratch.Path, "loans", "config.json");
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<ConfigWriteException>(() => ConfigFileWriter.Write(scratch.Path, "loans", Recommended with { MaxBatchSize = 4 }, BatchServingHost.StageRegistry()));

        Assert.Contains("batching.preferredBatchSizes", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.Combine(scratch.Path, "loans")));
    }
}
