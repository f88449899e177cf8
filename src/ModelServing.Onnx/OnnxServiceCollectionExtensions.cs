using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelServing.Core.Runtime;

namespace ModelServing.Onnx;

/// <summary>Registers ONNX Runtime as a model runtime.</summary>
public static class OnnxServiceCollectionExtensions
{
    /// <summary>Adds the ONNX Runtime runner factory: versions whose platform is <c>onnxruntime_onnx</c> load through it.</summary>
    public static IServiceCollection AddOnnxRuntime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelRunnerFactory, OnnxRunnerFactory>());
        return services;
    }
}
