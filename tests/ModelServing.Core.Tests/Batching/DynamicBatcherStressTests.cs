using System.Collections.Concurrent;
using ModelServing.Core.Batching;
using static ModelServing.Core.Tests.Batching.BatchingTestData;

namespace ModelServing.Core.Tests.Batching;

public class DynamicBatcherStressTests
{
    [Fact]
    public async Task RunAsync_ManyConcurrentClientsMixedSizes_EveryResponseMatchesItsRequest()
    {
        // Arrange: real clock; 32 clients x 200 requests of 1..12 rows in two widths, so requests split, share and group.
        const int Clients = 32;
        const int RequestsPerClient = 200;
        var runner = new RowSumRunner();
        var options = new BatchingOptions
        {
            MaxBatchSize = 8,
            MaxQueueDelay = TimeSpan.FromMilliseconds(1),
            MaxConcurrentExecutions = 2,
            PreferredBatchSizes = [4],
        };
        await using var batcher = CreateBatcher(runner, options, TimeProvider.System);
        var batchRows = new ConcurrentQueue<int>();
        batcher.BatchExecuted += batchRows.Enqueue;
        long sentRows = 0;
        long chunks = 0;

        async Task ClientAsync(int client)
        {
            var random = new Random(client);
            for (var i = 0; i < RequestsPerClient; i++)
            {
                var request = Request(random.Next(1, 13), width: random.Next(3, 5), seed: (client * RequestsPerClient) + i);
                Interlocked.Add(ref sentRows, request.Rows);
                Interlocked.Add(ref chunks, (request.Rows + 7) / 8);
                var result = await batcher.RunAsync(request.Inputs, null, default);
                request.AssertOutputs(result);
            }
        }

        // Act
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => ClientAsync(c))))
            .WaitAsync(TimeSpan.FromSeconds(30));

        // Assert: every row ran exactly once, no batch exceeded the limit, and chunks of different requests shared executions.
        Assert.Equal(sentRows, runner.Executions.Sum(e => (long)e.Rows));
        Assert.All(runner.Executions, e => Assert.InRange(e.Rows, 1, 8));
        Assert.Equal(runner.Executions.Count, batchRows.Count);
        Assert.True(runner.Executions.Count < chunks, $"{runner.Executions.Count} executions for {chunks} chunks");
        Assert.InRange(runner.MaxActive, 1, 2);
        Assert.Equal(0, batcher.QueueDepth);
    }
}
