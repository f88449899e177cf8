using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;

namespace ModelServing.Core;

/// <summary>Registers the serving domain: the model repository, the serving-function stages and the data plane.</summary>
public static class ModelServingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the model manager, the data plane (<see cref="InferenceService"/>) and the one inference path every protocol calls (<see cref="InferencePath"/>), the stage registry with the built-in output
    /// stages, the request size limits (<see cref="RequestSizeLimits"/>, defaults unless the host binds them) and the system clock. A runtime (<c>AddOnnxRuntime</c>) and the repository options are the host's part.
    /// </summary>
    /// <remarks>Every registration is a Try-add: a host (or a test) that registered its own clock or manager first keeps it.</remarks>
    public static IServiceCollection AddModelServing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ModelRepositoryOptions>();
        services.AddOptions<RequestSizeLimits>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequestSizeLimits>, RequestSizeLimitsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServingStageRegistry>();
        services.AddCoreServingStages();
        services.TryAddSingleton<ModelManager>();
        services.TryAddSingleton<InferenceService>();
        services.TryAddSingleton<InferencePath>();
        return services;
    }
}
