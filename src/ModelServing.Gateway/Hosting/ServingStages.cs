using ModelServing.Core.Pipeline;
using ModelServing.Imaging;

namespace ModelServing.Gateway.Hosting;

/// <summary>Registers the serving-function stages that ship with the gateway.</summary>
internal static class ServingStages
{
    public static IServiceCollection AddBuiltInServingStages(this IServiceCollection services) =>
        services.AddCoreServingStages().AddImageServingStages();
}
