using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Runtime;
using ModelServing.Onnx;

namespace ModelServing.LoadGen.InProcess;

/// <summary>
/// One model version loaded the way the gateway loads it: its <c>config.json</c> read with the gateway's serving stages,
/// the session made by <see cref="OnnxRunnerFactory"/> (same session options and shared thread pools), the serving function
/// built over the model's signature.
/// </summary>
/// <remarks>Owns the runner and the service provider holding the stage factories; dispose it when done.</remarks>
internal sealed class InProcessModel : IDisposable
{
    private readonly ServiceProvider _services;

    private InProcessModel(ServiceProvider services, string name, long version, IModelRunner runner, ServingPipeline pipeline)
    {
        _services = services;
        Name = name;
        Version = version;
        Runner = runner;
        Pipeline = pipeline;
    }

    public string Name { get; }

    public long Version { get; }

    public IModelRunner Runner { get; }

    public ServingPipeline Pipeline { get; }

    /// <summary>Loads the version the model's version policy serves (the highest when it serves several).</summary>
    /// <exception cref="InvalidOperationException">The config is invalid or the directory holds no version.</exception>
    /// <exception cref="ModelLoadException">The model cannot be loaded.</exception>
    public static async Task<InProcessModel> LoadAsync(string modelDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDirectory));
        var name = Path.GetFileName(directory);
        var collection = new ServiceCollection();
        ServingStageSetup.AddGatewayStages(collection);
        var services = collection.BuildServiceProvider();
        try
        {
            var (config, errors) = ModelConfigLoader.Load(directory, $"{name}/{ModelConfigLoader.FileName}", services.GetRequiredService<ServingStageRegistry>());
            if (config is null)
            {
                throw new InvalidOperationException("Invalid model config: " + string.Join("; ", errors));
            }

            var scanned = ModelRepositoryScanner.Scan(new ModelRepositoryOptions { Root = directory, RootIsModelDirectory = true })[0];
            var wanted = config.VersionPolicy.Select(scanned.Versions.Select(v => v.Key));
            if (wanted.Count == 0)
            {
                throw new InvalidOperationException($"{name} has no version directory to load.");
            }

            var version = wanted.Max();
            var versionDirectory = scanned.Versions.First(v => v.Key == version).Value;
            var factory = new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance);
            var request = new ModelLoadRequest(name, version, versionDirectory, Path.Combine(versionDirectory, factory.ModelFileName), config.Runtime);
            var runner = await factory.LoadAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                return new InProcessModel(services, name, version, runner, ServingPipeline.Build(config.ServingFunction, runner.Signature));
            }
            catch
            {
                runner.Dispose();
                throw;
            }
        }
        catch
        {
            await services.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public void Dispose()
    {
        Runner.Dispose();
        _services.Dispose();
    }
}
