using ModelServing.Batch;

namespace ModelServing.Gateway.BatchJobs;

/// <summary>One job of the REST API: its spec, state and progress (Vertex AI <c>JobState</c> names).</summary>
internal sealed class BatchJob(string id, string? displayName, string outputName, BatchJobSpec spec, DateTimeOffset created)
{
    private readonly Lock _gate = new();

    public string Id { get; } = id;

    public string? DisplayName { get; } = displayName;

    public string OutputName { get; } = outputName;

    public BatchJobSpec Spec { get; } = spec;

    public DateTimeOffset CreateTime { get; } = created;

    public CancellationTokenSource Cancellation { get; } = new();

    public string State { get; private set; } = "JOB_STATE_QUEUED";

    public DateTimeOffset? StartTime { get; private set; }

    public DateTimeOffset? EndTime { get; private set; }

    public BatchProgress Progress { get; private set; }

    public BatchSummary? Summary { get; private set; }

    public string? Error { get; private set; }

    public bool IsFinished => State is "JOB_STATE_SUCCEEDED" or "JOB_STATE_FAILED" or "JOB_STATE_CANCELLED";

    public void Started(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (State == "JOB_STATE_QUEUED")
            {
                State = "JOB_STATE_RUNNING";
                StartTime = now;
            }
        }
    }

    public void Report(BatchProgress progress)
    {
        lock (_gate)
        {
            Progress = progress;
        }
    }

    public void Finish(string state, DateTimeOffset now, BatchSummary? summary = null, string? error = null)
    {
        lock (_gate)
        {
            State = state;
            EndTime = now;
            Summary = summary;
            Error = error;
            if (summary is not null)
            {
                Progress = Progress with { Succeeded = summary.Succeeded, Failed = summary.Failed, BytesRead = Progress.TotalBytes };
            }
        }
    }

    /// <summary>Asks a queued or running job to stop; false when it already finished.</summary>
    public bool Cancel()
    {
        lock (_gate)
        {
            if (IsFinished)
            {
                return false;
            }

            if (State == "JOB_STATE_QUEUED")
            {
                State = "JOB_STATE_CANCELLING";
            }
            else if (State == "JOB_STATE_RUNNING")
            {
                State = "JOB_STATE_CANCELLING";
            }
        }

        Cancellation.Cancel();
        return true;
    }
}
