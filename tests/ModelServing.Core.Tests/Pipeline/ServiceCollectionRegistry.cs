using Microsoft.Extensions.DependencyInjection;
using ModelServing.Core.Pipeline;

namespace ModelServing.Core.Tests.Pipeline;

/// <summary>The stage registry as the host builds it: built-in stages plus a user stage, through dependency injection.</summary>
internal sealed class ServiceCollectionRegistry
{
    public ServiceCollectionRegistry()
    {
        var services = new ServiceCollection();
        services.AddCoreServingStages();
        services.AddServingStage<MultiplyStageFactory>();
        services.AddServingStage<FixedWidthStageFactory>();
        Registry = services.BuildServiceProvider().GetRequiredService<ServingStageRegistry>();
    }

    public ServingStageRegistry Registry { get; }
}
