using Microsoft.Extensions.DependencyInjection;
using ModelServing.Core.Pipeline;
using ModelServing.Imaging;

namespace ModelServing.LoadGen.InProcess;

/// <summary>Registers the serving stages the gateway ships with, so configs load here exactly as they load there.</summary>
internal static class ServingStageSetup
{
    public static void AddGatewayStages(IServiceCollection services) => services.AddCoreServingStages().AddImageServingStages();
}
