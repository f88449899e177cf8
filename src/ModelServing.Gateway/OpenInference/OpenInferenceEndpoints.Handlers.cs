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
    /// <summary>The server name in the server metadata (REST and gRPC).</summary>
    internal const string ServerName = "modelserving";

    /// <summary>The server version in the server metadata: the gateway's informational version.</summary>
    internal static readonly string ServerVersion =
        typeof(OpenInferenceEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The protocol extensions the server metadata lists.</summary>
    internal static readonly IReadOnlyList<string> ServerExtensions = ["binary_tensor_data"];

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
            w.WriteString("name", ServerName);
            w.WriteString("version", ServerVersion);
            w.WriteStartArray("extensions");
            foreach (var extension in ServerExtensions)
            {
                w.WriteStringValue(extension);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static async Task ModelMetadataAsync(HttpContext context, InferenceService dataPlane, string name, string? version)
    {
        try
        {
            var selector = Select(version) ?? throw BadVersion(version);
            var metadata = dataPlane.GetMetadata(name, selector);
            var versions = MetadataVersions(dataPlane, metadata, version is null);
            await JsonOutput.WriteAsync(context, StatusCodes.Status200OK, w => ModelMetadataJson.Write(w, metadata, versions));
        }
        catch (ServingException ex)
        {
            await OpenInferenceErrors.WriteAsync(context, ex);
        }
    }

    /// <summary>The versions model metadata lists: every AVAILABLE one when no version was asked for, else the one asked for.</summary>
    internal static IReadOnlyList<long> MetadataVersions(InferenceService dataPlane, ModelMetadata metadata, bool allVersions) =>
        allVersions
            ? [.. dataPlane.GetStatus(metadata.Name, VersionSelector.Latest).Where(s => s.State == ModelVersionState.Available).Select(s => s.Version).Order()]
            : [metadata.Version];

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

    /// <summary>The error for a version that is not a number.</summary>
    internal static ServingException BadVersion(string? version) =>
        ServingException.Invalid($"Version '{version}' is not a version number");
}
