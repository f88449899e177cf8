using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ModelServing.Batch;
using ModelServing.Batch.Engine;

namespace ModelServing.Gateway.BatchJobs;

/// <summary>Holds the REST API's jobs and runs them in process on the batch engine, a few at a time.</summary>
internal sealed partial class BatchJobRunner(
    BatchPredictionEngine engine, IOptions<BatchJobsOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<BatchJobRunner> logger)
    : IDisposable
{
    private readonly ConcurrentDictionary<string, BatchJob> _jobs = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.MaxConcurrentJobs));

    public IEnumerable<BatchJob> Jobs => _jobs.Values.OrderBy(j => j.CreateTime);

    public BatchJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>True when another unfinished job writes to the same output directory.</summary>
    public bool OutputBusy(string outputDirectory) =>
        _jobs.Values.Any(j => !j.IsFinished && string.Equals(j.Spec.OutputDirectory, outputDirectory, StringComparison.Ordinal));

    public BatchJob Start(string id, string? displayName, string outputName, BatchJobSpec spec)
    {
        var job = new BatchJob(id, displayName, outputName, spec, time.GetUtcNow());
        _jobs[id] = job;
        Forget();
        _ = Task.Run(() => RunAsync(job));
        return job;
    }

    private async Task RunAsync(BatchJob job)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation.Token, lifetime.ApplicationStopping);
        try
        {
            await _slots.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            job.Finish("JOB_STATE_CANCELLED", time.GetUtcNow());
            return;
        }

        try
        {
            job.Started(time.GetUtcNow());
            var progress = new Progress(job);
            var summary = await engine.RunAsync(job.Spec, progress, linked.Token).ConfigureAwait(false);
            job.Finish("JOB_STATE_SUCCEEDED", time.GetUtcNow(), summary);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            job.Finish("JOB_STATE_CANCELLED", time.GetUtcNow());
        }
        catch (BatchJobException ex)
        {
            job.Finish("JOB_STATE_FAILED", time.GetUtcNow(), error: ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.JobFailed(logger, job.Id, ex);
            job.Finish("JOB_STATE_FAILED", time.GetUtcNow(), error: "The job could not read its inputs or write its outputs.");
        }
        catch (Exception ex)
        {
            Log.JobFailed(logger, job.Id, ex);
            job.Finish("JOB_STATE_FAILED", time.GetUtcNow(), error: "Internal error.");
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Forget()
    {
        var excess = _jobs.Count - options.Value.MaxJobs;
        foreach (var old in _jobs.Values.Where(j => j.IsFinished).OrderBy(j => j.CreateTime).Take(Math.Max(0, excess)))
        {
            _jobs.TryRemove(old.Id, out _);
        }
    }

    public void Dispose()
    {
        foreach (var job in _jobs.Values)
        {
            job.Cancellation.Cancel();
        }
    }

    private sealed class Progress(BatchJob job) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value) => job.Report(value);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Batch job {JobId} failed")]
        public static partial void JobFailed(ILogger logger, string jobId, Exception exception);
    }
}
