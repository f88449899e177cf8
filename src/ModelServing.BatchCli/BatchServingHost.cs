using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Batch;
using ModelServing.Batch.Engine;
using ModelServing.Core;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Imaging;
using ModelServing.Onnx;
using ModelServing.Protocols;

namespace ModelServing.BatchCli;

/// <summary>The serving data plane without HTTP: the gateway's model manager, serving stages, batcher and ONNX Runtime for one model.</summary>
internal sealed class BatchServingHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BatchServingHost(ServiceProvider services)
    {
        _services = services;
        Engine = services.GetRequiredService<BatchPredictionEngine>();
        Inference = services.GetRequiredService<InferenceService>();
    }

    /// <summary>The data plane over the loaded model.</summary>
    public InferenceService Inference { get; }

    /// <summary>The engine over the loaded model.</summary>
    public BatchPredictionEngine Engine { get; }

    /// <summary>Loads <paramref name="model"/> from the repository at <paramref name="repository"/> as the gateway would, threads sized to the job.</summary>
    /// <param name="repository">The model repository.</param>
    /// <param name="model">The model to load.</param>
    /// <param name="threads">ONNX Runtime threads per run for a model whose config sets none (see <see cref="IntraOpThreadsFor"/>).</param>
    /// <param name="cancellationToken">Stops loading.</param>
    /// <exception cref="BatchJobException">The model has no AVAILABLE version.</exception>
    public static Task<BatchServingHost> StartAsync(string repository, string model, int threads, CancellationToken cancellationToken) =>
        StartAsync(repository, model, config => WithThreads(config, threads), cancellationToken);

    /// <summary>Loads <paramref name="model"/> from the repository at <paramref name="repository"/> as the gateway would, its config adjusted in memory.</summary>
    /// <param name="repository">The model repository (only read).</param>
    /// <param name="model">The model to load.</param>
    /// <param name="adjustConfig">Changes the config read from the model's config.json before the model loads (the file is left alone).</param>
    /// <param name="cancellationToken">Stops loading.</param>
    /// <exception cref="BatchJobException">The model has no AVAILABLE version.</exception>
    public static async Task<BatchServingHost> StartAsync(string repository, string model, Func<ModelConfig, ModelConfig> adjustConfig, CancellationToken cancellationToken)
    {
        var provider = Services(repository, model, adjustConfig).BuildServiceProvider();
        var host = new BatchServingHost(provider);
        try
        {
            var manager = provider.GetRequiredService<ModelManager>();
            await manager.ReconcileAsync(cancellationToken).ConfigureAwait(false);
            if (manager.RepositoryError is { } error)
            {
                throw new BatchJobException($"The model repository cannot be read: {error}");
            }

            var inference = provider.GetRequiredService<InferenceService>();
            try
            {
                inference.Acquire(model, VersionSelector.Latest).Dispose();
            }
            catch (ModelServing.Core.Errors.ServingException ex)
            {
                var reasons = manager.Snapshot.Models.GetValueOrDefault(model)?.Versions
                    .Select(v => $"version {v.Number}: {v.Status.State} {v.Status.ErrorMessage}".TrimEnd()) ?? [];
                throw new BatchJobException($"Model {model} cannot serve: {ex.Message} {string.Join("; ", reasons)}".TrimEnd(), ex);
            }
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return host;
    }

    /// <summary>The serving-function stages the gateway knows, to validate a config file as the gateway will read it.</summary>
    public static ServingStageRegistry StageRegistry()
    {
        using var provider = Services(".", null, null).BuildServiceProvider();
        return provider.GetRequiredService<ServingStageRegistry>();
    }

    private static ServiceCollection Services(string repository, string? model, Func<ModelConfig, ModelConfig>? adjustConfig)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddOptions<ModelRepositoryOptions>().Configure(o =>
        {
            o.Root = repository;
            o.SingleModelName = model;
            o.PollInterval = TimeSpan.Zero;
            o.SettleTime = TimeSpan.Zero;
            o.AdjustConfig = adjustConfig;
        });
        services.AddModelServing().AddOnnxRuntime().AddImageServingStages().AddPredictWarmupRequests();
        services.AddSingleton<BatchPredictionEngine>();
        return services;
    }

    /// <summary>
    /// The default ONNX Runtime threads per run for <paramref name="workers"/> workers: the cores divided among them, at least one.
    /// </summary>
    /// <remarks>
    /// Each worker decodes and preprocesses its batch and then runs it (up to the model's concurrent executions at once). With
    /// the gateway's shared pool of one thread per core, a run takes every core while the other workers decode, so threads
    /// outnumber cores; one run per worker on its own share of the cores keeps them all busy without contention.
    /// </remarks>
    public static int IntraOpThreadsFor(int workers) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, workers));

    /// <summary>The config with per-session threads, unless it chose its own.</summary>
    private static ModelConfig WithThreads(ModelConfig config, int threads) =>
        config.Runtime.IntraOpThreads is null && config.Runtime.InterOpThreads is null
            ? config with { Runtime = config.Runtime with { IntraOpThreads = threads } }
            : config;

    /// <summary>Unloads the model (the provider disposes the model manager).</summary>
    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
