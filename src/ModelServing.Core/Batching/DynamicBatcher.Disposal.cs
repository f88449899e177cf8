using ModelServing.Core.Errors;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    /// <summary>
    /// Fails queued requests with <see cref="ServingErrorKind.NotReady"/>, lets running executions finish and deliver,
    /// then stops the dispatcher and ends the execution threads (bypassed calls already handed to them run first).
    /// Later calls to <see cref="RunAsync"/> fail with NotReady.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<Request> pending = [];
        Task drained;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            TakeAllQueued(pending);
            drained = _running == 0 ? Task.CompletedTask : (_drained = new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        var error = Unloading();
        foreach (var request in pending)
        {
            request.Fail(error);
        }

        _wakeups?.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await drained.ConfigureAwait(false);
        await _executor.DisposeAsync().ConfigureAwait(false);
        _timer?.Dispose();
    }
}
