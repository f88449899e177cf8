using System.Text.Json;
using ModelServing.Batch.Engine;

namespace ModelServing.Batch.Tests;

public sealed class FingerprintTests
{
    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData(3L, "object", "income,<age>", "id")]
    [InlineData(1L, "array", null, null)]
    public void Fingerprint_AnySpec_IsTheTextTheSerializerWroteForTheSameFields(long? version, string? instanceType, string? included, string? keyField)
    {
        using var scratch = new ScratchDirectory();
        string[] files = [scratch.File("données é+&'.csv", "\"a\"\n1\n"), scratch.File("b.jsonl", "{}\n")];
        var spec = LoansJobTests.Spec(scratch, files[0], BatchInputFormat.Csv) with
        {
            Version = version,
            ShardCount = 3,
            BatchSize = 7,
            InstanceConfig = new InstanceConfig { InstanceType = instanceType, IncludedFields = included?.Split(',') ?? [], KeyField = keyField },
        };

        // The fingerprint as job.json held it before it was written field by field: older output directories must still resume.
        var serialized = JsonSerializer.Serialize(new
        {
            spec.Model,
            spec.Version,
            format = BatchInputFormats.Name(spec.Format),
            files = files.Select(f => new { path = f, bytes = new FileInfo(f).Length }),
            chunkSize = spec.EffectiveChunkSize,
            spec.ShardCount,
            instanceConfig = spec.InstanceConfig,
        });

        Assert.Equal(serialized, BatchPredictionEngine.Fingerprint(spec, files));
    }
}
