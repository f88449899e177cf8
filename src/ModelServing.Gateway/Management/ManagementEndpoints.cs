using Microsoft.Extensions.Options;
using ModelServing.Core.Repository;
using ModelServing.Gateway.OpenApi;
using ModelServing.Gateway.Security;
using ModelServing.Gateway.TensorFlowServing;

namespace ModelServing.Gateway.Management;

/// <summary>The repository routes in the spirit of Triton's model-repository extension, behind the management key.</summary>
/// <remarks>
/// Mapped only when <see cref="ManagementOptions.Enabled"/>; otherwise the paths answer 404. Errors use TF Serving's
/// <c>{"error": ...}</c> body. An unloaded model stays unloaded (the watcher leaves it alone) until it is loaded again.
/// </remarks>
internal static class ManagementEndpoints
{
    public static void MapManagementEndpoints(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ManagementOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        var check = new ApiKeyCheck(ApiKeyCheck.ResolveKey(options.ApiKey, options.ApiKeyFile)
            ?? throw new InvalidOperationException("Management:Enabled requires Management:ApiKey or Management:ApiKeyFile."));
        var group = app.MapGroup("/v2/repository").WithTags("Management").WithoutGeneralApiKey().AddEndpointFilter(check.FilterAsync);
        group.MapPost("/index", (ModelManager manager) => Results.Json(RepositoryIndex.Build(manager)))
            .WithName("RepositoryIndex").WithSummary("Lists every model version with its state and the reason it is not AVAILABLE")
            .Documented(ManagementDocs.Index);
        group.MapPost("/models/{name}/load", (HttpContext context, ModelManager manager, string name) =>
                RunAsync(context, name, manager.LoadModelAsync))
            .WithName("LoadModel").WithSummary("Loads a model (re-reading config.json and versions); lifts an earlier unload")
            .Documented(ManagementDocs.Command);
        group.MapPost("/models/{name}/reload", (HttpContext context, ModelManager manager, string name) =>
                RunAsync(context, name, manager.ReloadModelAsync))
            .WithName("ReloadModel").WithSummary("Builds fresh instances of a loaded model from its config and versions and swaps them in")
            .Documented(ManagementDocs.Command);
        group.MapPost("/models/{name}/unload", (HttpContext context, ModelManager manager, string name) =>
                RunAsync(context, name, manager.UnloadModelAsync))
            .WithName("UnloadModel").WithSummary("Unloads every version after in-flight requests finish; the model stays unloaded until loaded")
            .Documented(ManagementDocs.Command);
    }

    private static async Task RunAsync(HttpContext context, string name, Func<string, CancellationToken, Task<ModelCommandResult>> command)
    {
        // The command runs to the end even if the caller goes away, so no half-applied load or unload is left behind.
        var result = await command(name, CancellationToken.None);
        if (!result.Found)
        {
            await TensorFlowServingErrors.WriteAsync(context, StatusCodes.Status404NotFound, $"Model {name} is not in the repository.");
        }
        else if (result.Error is not null)
        {
            await TensorFlowServingErrors.WriteAsync(context, StatusCodes.Status400BadRequest, result.Error);
        }
        else
        {
            await context.Response.WriteAsJsonAsync(RepositoryIndex.Rows(name, result.Model));
        }
    }
}
