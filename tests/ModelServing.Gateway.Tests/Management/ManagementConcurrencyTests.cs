using System.Collections.Concurrent;
using System.Diagnostics;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Management;

/// <summary>Load, unload and reload from several threads at once, with the watcher and clients running.</summary>
public sealed class ManagementConcurrencyTests
{
    [Fact]
    public async Task LoadUnloadReload_ManyThreadsForSeconds_NoCrashNoDeadlockNoLeakedSessionsOrThreads()
    {
        using var repository = new TestRepository().WithAdders(1, 2);
        await using var host = await ManagementHost.StartAsync(
            repository.Root, "--ModelRepository:PollInterval", "00:00:00.05", "--ModelRepository:SettleTime", "00:00:00.1");
        var unexpected = new ConcurrentBag<string>();
        var commands = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        string[] actions = ["load", "unload", "reload"];
        var managers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!stop.IsCancellationRequested)
            {
                var action = actions[random.Next(actions.Length)];
                var (status, body) = await host.ManageAsync($"/v2/repository/models/adder/{action}");
                Interlocked.Increment(ref commands);
                // Reload of a model another thread just unloaded is refused with 400; nothing else may fail.
                if (status != 200 && !(status == 400 && action == "reload"))
                {
                    unexpected.Add($"{action}: {status} {body?.ToJsonString()}");
                }
            }
        })).ToArray();
        var client = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, body) = await host.PredictAsync("adder", """{"instances":[[0,0,0]]}""");
                // While unloaded the model is 404; while it swaps it answers; never a 500.
                if (status is not (200 or 404 or 503))
                {
                    unexpected.Add($"predict: {status} {body?.ToJsonString()}");
                }
            }
        });

        var finished = Task.WhenAll([.. managers, client]);
        Assert.Same(finished, await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(60))));
        await finished;
        Assert.Empty(unexpected);
        Assert.True(commands > 10, $"only {commands} commands ran");

        var (loadStatus, _) = await host.ManageAsync("/v2/repository/models/adder/load");
        Assert.Equal(200, loadStatus);
        var (_, body) = await host.PredictAsync("adder", """{"instances":[[0,0,0]]}""");
        Assert.Equal(20.0, body!["predictions"]![0]![0]!.GetValue<double>());

        // Only the served version holds a session; every other instance ever loaded was disposed.
        var clock = Stopwatch.StartNew();
        while (host.Runners.Live != 1 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, host.Runners.Live);
        Assert.True(host.Runners.Created > 3, $"only {host.Runners.Created} sessions were created");
        Assert.Single(host.Manager.Snapshot.Models["adder"].Versions);

        // Every run was on an execution thread of its version, and an unloaded version's threads ended with it: only the
        // served version's (at most one per core, its default maxConcurrentExecutions) may still be alive.
        var threads = host.Runners.RunThreads.Keys.ToArray();
        Assert.All(threads, t => Assert.Matches("^ms-exec-adder-[12]-[0-9]+$", t.Name));
        Assert.InRange(threads.Count(t => t.IsAlive), 1, Environment.ProcessorCount);
    }
}
