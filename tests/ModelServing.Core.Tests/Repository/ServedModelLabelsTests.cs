using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Batching;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Tests.Batching;

namespace ModelServing.Core.Tests.Repository;

/// <summary>Labels point only at AVAILABLE versions, keep their previous target during a rollout, and follow it once loaded.</summary>
public sealed class ServedModelLabelsTests : IAsyncDisposable
{
    private readonly List<ModelVersion> _versions = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var version in _versions)
        {
            await version.UnloadAsync(CancellationToken.None);
        }
    }

    private ModelVersion Version(long number, ModelVersionState state)
    {
        var version = new ModelVersion("m", number, $"/models/m/{number}");
        _versions.Add(version);
        switch (state)
        {
            case ModelVersionState.Loading:
                version.MarkLoading();
                break;
            case ModelVersionState.Available:
                MakeAvailable(version);
                break;
            case ModelVersionState.End:
                version.MarkFailed("INVALID_ARGUMENT", "broken");
                break;
        }

        return version;
    }

    private static void MakeAvailable(ModelVersion version)
    {
        var runner = new RowSumRunner();
        version.MarkAvailable(
            runner,
            ServingPipeline.Build(null, runner.Signature),
            new DynamicBatcher(runner, new BatchingOptions(), TimeProvider.System, NullLogger.Instance));
    }

    private static ServedModel Model(IReadOnlyDictionary<string, long> labels, bool allowUnavailable, params ModelVersion[] versions) =>
        new("m", "/models/m", new ModelConfig { VersionLabels = labels, AllowUnavailableLabels = allowUnavailable }, [], versions);

    private static ServedModel Model(IReadOnlyDictionary<string, long> labels, params ModelVersion[] versions) =>
        Model(labels, false, versions);

    private static (LabelResolution Result, long Version) Resolve(ServedModel model, string label)
    {
        var result = model.ResolveLabel(label, out var version);
        return (result, version);
    }

    [Fact]
    public void ResolveLabel_ConfiguredVersionAvailable_ResolvesToIt()
    {
        var model = Model(new Dictionary<string, long> { ["stable"] = 1 }, Version(1, ModelVersionState.Available)).WithLabelTargets(null);

        Assert.Equal((LabelResolution.Resolved, 1L), Resolve(model, "stable"));
        Assert.Equal(1L, model.LabelTargets["stable"]);
    }

    [Fact]
    public void ResolveLabel_LabelNotInConfig_IsUnknown()
    {
        var model = Model(new Dictionary<string, long> { ["stable"] = 1 }, Version(1, ModelVersionState.Available)).WithLabelTargets(null);

        Assert.Equal(LabelResolution.Unknown, Resolve(model, "canary").Result);
    }

    [Fact]
    public void ResolveLabel_LabelMovedToLoadingVersion_KeepsPreviousTargetUntilItIsAvailable()
    {
        var v1 = Version(1, ModelVersionState.Available);
        var v2 = Version(2, ModelVersionState.Available);
        var before = Model(new Dictionary<string, long> { ["canary"] = 2 }, v1, v2).WithLabelTargets(null);
        var v3 = Version(3, ModelVersionState.Loading);

        var during = Model(new Dictionary<string, long> { ["canary"] = 3 }, v1, v2, v3).WithLabelTargets(before);
        var whileLoading = Resolve(during, "canary");
        MakeAvailable(v3);
        var onceLoaded = Resolve(during, "canary");
        var after = during.WithLabelTargets(during);

        Assert.Equal((LabelResolution.Resolved, 2L), whileLoading);
        Assert.Equal((LabelResolution.Resolved, 3L), onceLoaded);
        Assert.Equal(3L, after.LabelTargets["canary"]);
    }

    [Fact]
    public void ResolveLabel_LabelMovedToFailedOrMissingVersion_KeepsPreviousTarget()
    {
        var v1 = Version(1, ModelVersionState.Available);
        var before = Model(new Dictionary<string, long> { ["stable"] = 1, ["canary"] = 1 }, v1).WithLabelTargets(null);

        var after = Model(new Dictionary<string, long> { ["stable"] = 7, ["canary"] = 2 }, v1, Version(2, ModelVersionState.End)).WithLabelTargets(before);

        Assert.Equal((LabelResolution.Resolved, 1L), Resolve(after, "stable"));
        Assert.Equal((LabelResolution.Resolved, 1L), Resolve(after, "canary"));
    }

    [Fact]
    public void ResolveLabel_TargetNeverAvailable_IsNeverAvailable()
    {
        var model = Model(new Dictionary<string, long> { ["canary"] = 2 }, Version(1, ModelVersionState.Available), Version(2, ModelVersionState.Loading))
            .WithLabelTargets(null);

        Assert.Equal(LabelResolution.NeverAvailable, Resolve(model, "canary").Result);
        Assert.False(model.LabelTargets.ContainsKey("canary"));
    }

    [Fact]
    public void WithLabelTargets_PreviousTargetNoLongerServed_DropsIt()
    {
        var before = Model(new Dictionary<string, long> { ["canary"] = 1 }, Version(1, ModelVersionState.Available)).WithLabelTargets(null);

        var after = Model(new Dictionary<string, long> { ["canary"] = 2 }, Version(2, ModelVersionState.Loading)).WithLabelTargets(before);

        Assert.Equal(LabelResolution.NeverAvailable, Resolve(after, "canary").Result);
    }

    [Fact]
    public void ResolveLabel_AllowUnavailableLabels_RoutesStraightToConfiguredVersion()
    {
        var v1 = Version(1, ModelVersionState.Available);
        var before = Model(new Dictionary<string, long> { ["canary"] = 1 }, true, v1).WithLabelTargets(null);

        var after = Model(new Dictionary<string, long> { ["canary"] = 2, ["next"] = 5 }, true, v1, Version(2, ModelVersionState.Loading)).WithLabelTargets(before);

        Assert.Equal((LabelResolution.Resolved, 2L), Resolve(after, "canary"));
        Assert.Equal((LabelResolution.Resolved, 5L), Resolve(after, "next"));
    }
}
