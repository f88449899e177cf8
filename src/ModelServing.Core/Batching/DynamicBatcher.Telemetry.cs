using System.Diagnostics;
using ModelServing.Core.Telemetry;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Batching;

internal sealed partial class DynamicBatcher
{
    /// <summary>Runs the model once, as an <c>inference</c> span under <paramref name="parent"/>, timing it for the inference histogram.</summary>
    private async ValueTask<IReadOnlyDictionary<string, TensorData>> RunModelAsync(
        IReadOnlyDictionary<string, TensorData> inputs, long rows, ActivityContext parent, List<ActivityLink>? links, CancellationToken cancellationToken)
    {
        using var activity = ServingTelemetry.Source.HasListeners()
            ? ServingTelemetry.Source.StartActivity("inference", ActivityKind.Internal, parent, tags: null, links)
            : null;
        if (activity is not null)
        {
            activity.SetTag("modelserving.batch.rows", rows);
            AddVersionTags(activity);
        }

        var started = _time.GetTimestamp();
        try
        {
            return await Guard.RunAsync(_runner, inputs, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            if (ServingTelemetry.InferenceDuration.Enabled)
            {
                ServingTelemetry.InferenceDuration.Record(_time.GetElapsedTime(started).TotalSeconds, MetricTags);
            }
        }
    }

    /// <summary>
    /// Records each request's time in the queue (histogram, and a <c>queue wait</c> span under its caller's span), and
    /// returns links from the batch's inference span to the other requests it serves (null when nobody traces).
    /// </summary>
    private List<ActivityLink>? RecordQueueWaits(Batch batch)
    {
        var tracing = ServingTelemetry.Source.HasListeners();
        if (!tracing && !ServingTelemetry.QueueWait.Enabled)
        {
            return null;
        }

        var now = _time.GetTimestamp();
        var wallNow = _time.GetUtcNow();
        List<ActivityLink>? links = null;
        var segments = batch.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Chunk != 0)
            {
                continue;
            }

            var request = segment.Request;
            var waited = _time.GetElapsedTime(request.EnqueuedAt, now);
            ServingTelemetry.QueueWait.Record(waited.TotalSeconds, MetricTags);
            if (!tracing || request.Parent == default)
            {
                continue;
            }

            using (var wait = ServingTelemetry.Source.StartActivity("queue wait", ActivityKind.Internal, request.Parent, startTime: wallNow - waited))
            {
                if (wait is not null)
                {
                    AddVersionTags(wait);
                }
            }

            if (i > 0)
            {
                (links ??= []).Add(new ActivityLink(request.Parent));
            }
        }

        return links;
    }

    private void AddVersionTags(Activity activity)
    {
        foreach (var tag in MetricTags)
        {
            activity.SetTag("modelserving." + tag.Key, tag.Value);
        }
    }
}
