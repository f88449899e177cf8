using System.Globalization;
using Microsoft.Extensions.Options;
using ModelServing.Core.DataPlane;
using ModelServing.Gateway.Http;
using ModelServing.Gateway.OpenApi;


namespace ModelServing.Gateway.TensorFlowServing;

/// <summary>The TensorFlow Serving REST API (<c>/v1/models/...</c>): status, metadata, predict, classify and regress.</summary>
internal static partial class TensorFlowServingEndpoints
{
    private const string Tag = "TensorFlow Serving";

    /// <summary>Maps the TF Serving routes, and answers every other <c>/v1/</c> path with <c>Malformed request</c>.</summary>
    public static void MapTensorFlowServingEndpoints(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/v1/models").WithTags(Tag).WithProtocolErrors(TensorFlowServingErrors.Instance);
        var readerOptions = routes.ServiceProvider.GetRequiredService<IOptions<RequestLimits>>().Value.ReaderOptions;

        v1.MapGet("/{name}", (HttpContext c, string name, InferenceService s) => StatusAsync(c, s, name, null, null))
            .WithName("GetModelStatus").WithSummary("Status of every version of a model").Documented(Docs.Status);
        v1.MapGet("/{name}/versions/{version}", (HttpContext c, string name, string version, InferenceService s) => StatusAsync(c, s, name, version, null))
            .WithName("GetModelVersionStatus").WithSummary("Status of one version").Documented(Docs.Status);
        v1.MapGet("/{name}/labels/{label}", (HttpContext c, string name, string label, InferenceService s) => StatusAsync(c, s, name, null, label))
            .WithName("GetModelLabelStatus").WithSummary("Status of the version a label points at").Documented(Docs.Status);

        v1.MapGet("/{name}/metadata", (HttpContext c, string name, InferenceService s) => MetadataAsync(c, s, name, null, null))
            .WithName("GetModelMetadata").WithSummary("Signature of the latest AVAILABLE version").Documented(Docs.Metadata);
        v1.MapGet("/{name}/versions/{version}/metadata", (HttpContext c, string name, string version, InferenceService s) => MetadataAsync(c, s, name, version, null))
            .WithName("GetModelVersionMetadata").WithSummary("Signature of one version").Documented(Docs.Metadata);
        v1.MapGet("/{name}/labels/{label}/metadata", (HttpContext c, string name, string label, InferenceService s) => MetadataAsync(c, s, name, null, label))
            .WithName("GetModelLabelMetadata").WithSummary("Signature of the version a label points at").Documented(Docs.Metadata);

        foreach (var verb in new[] { "predict", "classify", "regress" })
        {
            var docs = verb == "predict" ? Docs.Predict : Docs.ClassifyRegress;
            var title = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(verb);
            var adapter = new PredictAdapter(verb, readerOptions);
            v1.MapPost($"/{{name}}:{verb}", (HttpContext c, string name) => InvokeAsync(c, adapter, name, null, null))
                .WithName(title).WithSummary($"{title} with the latest AVAILABLE version").Documented(docs);
            v1.MapPost($"/{{name}}/versions/{{version}}:{verb}", (HttpContext c, string name, string version) => InvokeAsync(c, adapter, name, version, null))
                .WithName($"{title}Version").WithSummary($"{title} with one version").Documented(docs);
            v1.MapPost($"/{{name}}/labels/{{label}}:{verb}", (HttpContext c, string name, string label) => InvokeAsync(c, adapter, name, null, label))
                .WithName($"{title}Label").WithSummary($"{title} with the version a label points at").Documented(docs);
        }

        routes.Map("/v1/{**rest}", TensorFlowServingErrors.WriteMalformedAsync).ExcludeFromDescription().WithProtocolErrors(TensorFlowServingErrors.Instance);
    }

    /// <summary>Parses the version and label route values; null when the path is malformed.</summary>
    private static VersionSelector? Select(string name, string? version, string? label)
    {
        if (name.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        if (version is not null)
        {
            return long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? VersionSelector.ForVersion(number)
                : null;
        }

        if (label is not null)
        {
            return label.Contains(':', StringComparison.Ordinal) ? null : VersionSelector.ForLabel(label);
        }

        return VersionSelector.Latest;
    }
}
