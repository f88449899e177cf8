using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelServing.Batch.Engine;

namespace ModelServing.Gateway.BatchJobs;

/// <summary>
/// Vertex AI style batch prediction jobs over the gateway's own models: create, get (state and progress), list, cancel.
/// Jobs run in process on the same data plane as online predictions. Off (404 naming the settings) unless
/// <c>BatchJobs:InputRoot</c> and <c>BatchJobs:OutputRoot</c> are set; every path stays inside them.
/// </summary>
internal static class BatchJobEndpoints
{
    private const string Route = "/v1/batchPredictionJobs";
    private const long MaxRequestBytes = 1 << 20;

    public static IServiceCollection AddBatchJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BatchJobsOptions>().Bind(configuration.GetSection(BatchJobsOptions.SectionName));
        services.AddSingleton<BatchPredictionEngine>();
        services.AddSingleton<BatchJobRunner>();
        return services;
    }

    public static void MapBatchJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Route).WithTags("Batch prediction jobs");
        group.MapPost("", CreateAsync).WithName("CreateBatchPredictionJob").WithSummary("Create a batch prediction job");
        group.MapGet("", List).WithName("ListBatchPredictionJobs").WithSummary("List batch prediction jobs");
        group.MapGet("{id}", Get).WithName("GetBatchPredictionJob").WithSummary("A job's state and progress");
        group.MapPost("{id}:cancel", Cancel).WithName("CancelBatchPredictionJob").WithSummary("Cancel a job");
    }

    private static async Task<IResult> CreateAsync(HttpContext context, BatchJobRunner runner, IOptions<BatchJobsOptions> options)
    {
        if (!options.Value.Enabled)
        {
            return Disabled();
        }

        if (context.Request.ContentLength > MaxRequestBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, "The job request is too large");
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Error(StatusCodes.Status400BadRequest, $"The job is not valid JSON: {ex.Message.Split(" Path:", 2)[0]}");
        }

        using (document)
        {
            var id = Guid.NewGuid().ToString("N")[..16];
            var (spec, displayName, outputName, error) = BatchJobRequest.Parse(document.RootElement, options.Value, id);
            if (spec is null)
            {
                return Error(StatusCodes.Status400BadRequest, error!);
            }

            if (runner.OutputBusy(spec.OutputDirectory))
            {
                return Error(StatusCodes.Status409Conflict, "Another running job writes to that output directory");
            }

            var job = runner.Start(id, displayName, outputName!, spec);
            return Results.Json(Describe(job), statusCode: StatusCodes.Status200OK);
        }
    }

    private static IResult List(BatchJobRunner runner, IOptions<BatchJobsOptions> options) =>
        options.Value.Enabled
            ? Results.Json(new Dictionary<string, object> { ["batchPredictionJobs"] = runner.Jobs.Select(Describe).ToList() })
            : Disabled();

    private static IResult Get(string id, BatchJobRunner runner, IOptions<BatchJobsOptions> options) =>
        !options.Value.Enabled ? Disabled()
        : runner.Find(id) is { } job ? Results.Json(Describe(job))
        : NotFound(id);

    private static IResult Cancel(string id, BatchJobRunner runner, IOptions<BatchJobsOptions> options)
    {
        if (!options.Value.Enabled)
        {
            return Disabled();
        }

        if (runner.Find(id) is not { } job)
        {
            return NotFound(id);
        }

        return job.Cancel()
            ? Results.Json(Describe(job))
            : Error(StatusCodes.Status400BadRequest, $"Batch prediction job {id} already finished ({job.State})");
    }

    private static Dictionary<string, object?> Describe(BatchJob job)
    {
        var progress = job.Progress;
        var description = new Dictionary<string, object?>
        {
            ["name"] = $"batchPredictionJobs/{job.Id}",
            ["displayName"] = job.DisplayName,
            ["model"] = job.Spec.Model,
            ["state"] = job.State,
            ["inputConfig"] = new { instancesFormat = Batch.BatchInputFormats.Name(job.Spec.Format) },
            ["outputInfo"] = new { outputDirectory = job.OutputName },
            ["batchSize"] = job.Spec.BatchSize,
            ["completionStats"] = new { successfulCount = progress.Succeeded.ToString(CultureInfo.InvariantCulture), failedCount = progress.Failed.ToString(CultureInfo.InvariantCulture) },
            ["progress"] = new
            {
                processedCount = progress.Succeeded + progress.Failed,
                fraction = progress.TotalBytes > 0 ? Math.Round((double)progress.BytesRead / progress.TotalBytes, 4) : 0,
            },
            ["createTime"] = job.CreateTime,
            ["startTime"] = job.StartTime,
            ["endTime"] = job.EndTime,
        };
        if (job.Summary is { } summary)
        {
            description["outputInfo"] = new
            {
                outputDirectory = job.OutputName,
                resultFile = Path.GetFileName(summary.ResultFile),
                errorFile = Path.GetFileName(summary.ErrorFile),
            };
            description["summary"] = new { summary.Succeeded, summary.Failed, seconds = summary.Duration.TotalSeconds, perSecond = summary.Rate };
        }

        if (job.Error is { } error)
        {
            description["error"] = new { message = error };
        }

        return description;
    }

    private static IResult Disabled() =>
        Error(StatusCodes.Status404NotFound, "Batch prediction jobs are off: set BatchJobs:InputRoot and BatchJobs:OutputRoot to enable them");

    private static IResult NotFound(string id) => Error(StatusCodes.Status404NotFound, $"Batch prediction job {id} not found");

    private static IResult Error(int status, string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = message }, statusCode: status);
}
