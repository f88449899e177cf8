using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;
using ModelServing.Gateway.TensorFlowServing;

using ModelServing.Protocols.Scoring;

namespace ModelServing.Gateway.Scoring;

/// <summary>
/// AzureML-style scoring: <c>POST /score</c> (the default model) and <c>POST /score/{model}</c>, with
/// <c>{"data": [...], "method": "predict" | "predict_proba"}</c>; the answer is a JSON list with one entry per row.
/// </summary>
/// <remarks>Errors use the TF Serving shape and status codes (<c>{"error": "..."}</c>), as the AzureML clients only read the message.</remarks>
internal static class ScoreEndpoints
{
    /// <summary>The setting naming the model <c>POST /score</c> uses (<c>Score:DefaultModel</c>, env <c>Score__DefaultModel</c>).</summary>
    public const string DefaultModelSetting = "Score:DefaultModel";

    /// <summary>Maps the scoring routes.</summary>
    public static void MapScoreEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/score").WithTags("AzureML scoring");
        group.MapPost(string.Empty, (HttpContext c, InferenceService s, IConfiguration config) => ScoreAsync(c, s, DefaultModel(s, config)))
            .WithName("Score").WithSummary("Score rows with the default model (Score:DefaultModel, or the only model)");
        group.MapPost("/{name}", (HttpContext c, InferenceService s, string name) => ScoreAsync(c, s, name))
            .WithName("ScoreModel").WithSummary("Score rows with one model");
    }

    private static string? DefaultModel(InferenceService dataPlane, IConfiguration config)
    {
        if (config[DefaultModelSetting] is { Length: > 0 } configured)
        {
            return configured;
        }

        var names = dataPlane.ModelNames;
        return names.Count == 1 ? names[0] : null;
    }

    private static async Task ScoreAsync(HttpContext context, InferenceService dataPlane, string? name)
    {
        try
        {
            if (name is null)
            {
                throw ServingException.Invalid(
                    $"The repository serves several models and {DefaultModelSetting} is not set; use POST /score/{{model}} or set the default model");
            }

            var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted);
            using var lease = dataPlane.Acquire(name, VersionSelector.Latest);
            var request = ScoreRequestReader.Read(body, lease.Signature);
            var output = ScoreOutputs.Choose(lease.Signature, request.Method);
            var deadline = RequestDeadline.From(context.Request, context.RequestServices.GetRequiredService<TimeProvider>());
            var result = await dataPlane.InferAsync(lease, request.Inputs, deadline, context.RequestAborted);
            var tensor = result.Outputs.First(o => o.Key == output).Value;
            await JsonOutput.WriteAsync(context, StatusCodes.Status200OK, writer => ScoreOutputs.WriteRows(writer, output, tensor));
        }
        catch (ServingException ex)
        {
            await TensorFlowServingErrors.WriteAsync(context, ex);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        }
    }
}
