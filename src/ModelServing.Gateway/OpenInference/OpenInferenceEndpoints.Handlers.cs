using System.Reflection;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Repository;
using ModelServing.Gateway.Health;
using ModelServing.Gateway.Http;

using ModelServing.Protocols.OpenInference;

namespace ModelServing.Gateway.OpenInference;

internal static partial class OpenInferenceEndpoints
{
    private static readonly string s_serverVersion =
        typeof(OpenInferenceEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static Task LiveAsync(HttpContext context) =>
        JsonOutput.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("live", true);
            w.WriteEndObject();
        });

    private static Task ReadyAsync(HttpContext context, ReadinessProbe probe)
    {
        var (ready, _) = probe.Check();
        return JsonOutput.WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ready", ready);
            w.WriteEndObject();
        });
    }

    private static Task ServerMetadataAsync(HttpContext context) =>
        JsonOutput.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", "modelserving");
            w.WriteString("version", s_serverVersion);
            w.WriteStartArray("extensions");
            w.WriteStringValue("binary_tensor_data");
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static async Task ModelMetadataAsync(HttpContext context, InferenceService dataPlane, string name, string? version)
    {
        try
        {
            var selector = Select(version) ?? throw BadVersion(version);
            var metadata = dataPlane.GetMetadata(name, selector);
            IReadOnlyList<long> versions = version is null
                ? [.. dataPlane.GetStatus(name, VersionSelector.Latest).Where(s => s.State == ModelVersionState.Available).Select(s => s.Version).Order()]
                : [metadata.Version];
            await JsonOutput.WriteAsync(context, StatusCodes.Status200OK, w => ModelMetadataJson.Write(w, metadata, versions));
        }
        catch (ServingException ex)
        {
            await OpenInferenceErrors.WriteAsync(context, ex);
        }
    }

    private static async Task ModelReadyAsync(HttpContext context, InferenceService dataPlane, string name, string? version)
    {
        try
        {
            var selector = Select(version) ?? throw BadVersion(version);
            var statuses = dataPlane.GetStatus(name, selector);
            var ready = statuses.Any(s => s.State == ModelVersionState.Available);

            // The protocol answers readiness with the status code: 200 ready, 4xx not.
            await JsonOutput.WriteAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, w =>
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteBoolean("ready", ready);
                w.WriteEndObject();
            });
        }
        catch (ServingException ex)
        {
            await OpenInferenceErrors.WriteAsync(context, ex);
        }
    }

    private static Task InferAsync(HttpContext context, InferAdapter adapter, string name, string? version) =>
        HttpInference.HandleAsync(context, adapter, OpenInferenceErrors.Instance, _ => new ModelTarget(name, Select(version) ?? throw BadVersion(version)));

    private static ServingException BadVersion(string? version) =>
        ServingException.Invalid($"Version '{version}' is not a version number");
}
