using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Gateway.Http;


namespace ModelServing.Gateway.Scoring;

/// <summary>
/// AzureML-style scoring: <c>POST /score</c> (the default model) and <c>POST /score/{model}</c>, with
/// <c>{"data": [...], "method": "predict" | "predict_proba"}</c>; the answer is a JSON list with one entry per row.
/// </summary>
/// <remarks>Errors: <see cref="ScoreErrors"/>.</remarks>
internal static class ScoreEndpoints
{
    /// <summary>The setting naming the model <c>POST /score</c> uses (<c>Score:DefaultModel</c>, env <c>Score__DefaultModel</c>).</summary>
    public const string DefaultModelSetting = "Score:DefaultModel";

    /// <summary>Maps the scoring routes.</summary>
    public static void MapScoreEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/score").WithTags("AzureML scoring").WithProtocolErrors(ScoreErrors.Instance);
        group.MapPost(string.Empty, (HttpContext c, InferenceService s, IConfiguration config) => ScoreAsync(c, DefaultModel(s, config)))
            .WithName("Score").WithSummary("Score rows with the default model (Score:DefaultModel, or the only model)");
        group.MapPost("/{name}", (HttpContext c, string name) => ScoreAsync(c, name))
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

    private static Task ScoreAsync(HttpContext context, string? name) =>
        HttpInference.HandleAsync(context, ScoreAdapter.Instance, ScoreErrors.Instance, _ => new ModelTarget(
            name ?? throw ServingException.Invalid(
                $"The repository serves several models and {DefaultModelSetting} is not set; use POST /score/{{model}} or set the default model"),
            VersionSelector.Latest));
}
