using System.Diagnostics;
using Grpc.Core;
using ModelServing.LoadGen.Http;

namespace ModelServing.LoadGen.Grpc;

/// <summary>
/// Closed-loop load over gRPC: N workers, each with its own HTTP/2 channel, making the next unary call as soon as the previous
/// one is answered. The same window, statistics and report as the REST <see cref="ClosedLoop"/>.
/// </summary>
/// <remarks>
/// Calls answered OK inside the window count; a call ending with another status counts as a failure under its status name
/// (e.g. <c>RESOURCE_EXHAUSTED</c>); calls still running when the window closes are cancelled and not counted.
/// </remarks>
public static class GrpcClosedLoop
{
    /// <summary>Runs <paramref name="concurrency"/> workers for the warm-up and the window.</summary>
    /// <param name="settings">What to load; <see cref="LoadSettings.Url"/> is the method's URL (target and method path).</param>
    /// <param name="methodPath">The full method path, e.g. <c>/tensorflow.serving.PredictionService/Predict</c>.</param>
    /// <param name="concurrency">Workers.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<HttpLoadReport> RunAsync(LoadSettings settings, string methodPath, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        using var window = new MeasuredWindow(settings);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var target = new Uri(settings.Url.GetLeftPart(UriPartial.Authority));
        var workers = new Task<LoadStats>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            workers[i] = Task.Run(() => WorkerAsync(settings, target, methodPath, window, stop.Token), CancellationToken.None);
        }

        await window.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ownCpu = await window.CloseAsync(cancellationToken).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        var total = new LoadStats();
        foreach (var stats in await Task.WhenAll(workers).ConfigureAwait(false))
        {
            total.Add(stats);
        }

        var server = await window.ServerUsageAsync(total.Latency.Count).ConfigureAwait(false);
        return Reports.Create("closed", settings, concurrency, null, null, total, ownCpu, server);
    }

    private static async Task<LoadStats> WorkerAsync(LoadSettings settings, Uri target, string methodPath, MeasuredWindow window, CancellationToken stop)
    {
        var stats = new LoadStats();
        using var sender = new GrpcSender(target, methodPath, settings.Body.Bytes);
        while (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() < window.End)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var bytes = await sender.CallAsync(settings.Timeout, stop).ConfigureAwait(false);
                var ended = Stopwatch.GetTimestamp();
                if (window.Contains(ended))
                {
                    stats.RecordSuccess(ended - started, bytes);
                }
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
                // Cut off at the end of the window: neither answered nor failed.
            }
            catch (RpcException ex)
            {
                if (window.Contains(Stopwatch.GetTimestamp()))
                {
                    stats.RecordError(StatusName(ex.StatusCode), ex.Status.Detail);
                }
            }
        }

        return stats;
    }

    /// <summary>The status as gRPC spells it (<c>DEADLINE_EXCEEDED</c>), the error kind in the report.</summary>
    public static string StatusName(StatusCode code) => code switch
    {
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.DataLoss => "DATA_LOSS",
        _ => code.ToString().ToUpperInvariant(),
    };
}
