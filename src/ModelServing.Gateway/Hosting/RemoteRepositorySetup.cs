using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelServing.Core.Repository;
using ModelServing.Gateway.Telemetry;
using ModelServing.Storage;
using ModelServing.Storage.Mirror;

namespace ModelServing.Gateway.Hosting;

/// <summary>Serves a remote <c>ModelRepository:Root</c> (<c>s3://</c>, <c>gs://</c>, <c>az://</c>, Azure <c>https://</c>) from a local
/// mirror in <c>ModelRepository:Cache</c>: the model manager scans the mirror, and syncs it before every scan.</summary>
internal static class RemoteRepositorySetup
{
    /// <summary>The cache directory when neither <c>ModelRepository:Cache</c> nor <c>MODEL_CACHE</c> names one.</summary>
    public static string DefaultCache => Path.Combine(Path.GetTempPath(), "modelserving-cache");

    public static void AddRemoteRepository(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var root = configuration["ModelRepository:Root"];
        if (string.IsNullOrEmpty(root) || !StorageLocation.IsRemote(root))
        {
            return;
        }

        var services = builder.Services;
        services.AddOptions<RepositoryMirrorOptions>().Bind(configuration.GetSection(RepositoryMirrorOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RepositoryMirrorOptions>, MirrorOptionsValidator>());
        StorageLocation location;
        try
        {
            location = StorageLocation.Parse(root);
        }
        catch (FormatException ex)
        {
            services.AddOptions<ModelRepositoryOptions>().Validate(_ => false, "ModelRepository:Root: " + ex.Message);
            return;
        }

        var cache = Path.GetFullPath(configuration["ModelRepository:Cache"] is { Length: > 0 } configured ? configured : DefaultCache);
        var directory = RepositoryMirror.DirectoryFor(cache, location.Uri.TrimEnd('/'));
        services.PostConfigure<ModelRepositoryOptions>(o =>
        {
            o.Root = directory;
            o.RootIsModelDirectory = false;
            // The mirror renames whole version directories into place: nothing half-copied to wait for.
            o.SettleTime = TimeSpan.Zero;
        });
        services.TryAddSingleton(sp =>
        {
            var store = ObjectStoreFactory.Create(location);
            var mirror = new RepositoryMirror(
                store,
                directory,
                configuration["ModelRepository:SingleModelName"] is { Length: > 0 } name ? name : null,
                FallbackModelName(location),
                sp.GetRequiredService<IOptions<RepositoryMirrorOptions>>().Value,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<RepositoryMirror>(),
                sp.GetRequiredService<TimeProvider>());
            return new RemoteRepository(store, mirror, sp.GetRequiredService<ILogger<RemoteRepository>>());
        });
        services.TryAddSingleton<StoreMetrics>();
        services.TryAddSingleton<IRepositorySource>(sp =>
        {
            // Built with the repository so its instruments exist before the first scrape.
            sp.GetRequiredService<StoreMetrics>();
            return sp.GetRequiredService<RemoteRepository>();
        });
    }

    /// <summary>The model's name when the remote is one model's directory: the URI's last segment (the bucket for a bare bucket).</summary>
    internal static string FallbackModelName(StorageLocation location) =>
        location.Prefix.Length > 0 ? location.Prefix.Split('/')[^1] : location.Bucket;

    private sealed class MirrorOptionsValidator : IValidateOptions<RepositoryMirrorOptions>
    {
        public ValidateOptionsResult Validate(string? name, RepositoryMirrorOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
