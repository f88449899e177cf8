using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ModelServing.Core.Pipeline;

/// <summary>Registers serving-function stages with dependency injection.</summary>
public static class ServingStageServiceCollectionExtensions
{
    /// <summary>Adds a stage factory; configs then name its stage in <c>servingFunction</c>.</summary>
    /// <remarks>A factory added later with the same <see cref="IServingStageFactory.Name"/> replaces a built-in one.</remarks>
    public static IServiceCollection AddServingStage<TFactory>(this IServiceCollection services)
        where TFactory : class, IServingStageFactory
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServingStageFactory, TFactory>());
        services.TryAddSingleton<ServingStageRegistry>();
        return services;
    }

    /// <summary>Adds the built-in output stages: <c>softmax</c>, <c>argmax</c>, <c>topK</c>, <c>select</c>, <c>dbBoxes</c> and <c>ctcGreedy</c>, and the graph stages <c>headCrop</c>, <c>rotate180</c> and <c>gather</c>.</summary>
    public static IServiceCollection AddCoreServingStages(this IServiceCollection services)
    {
        services.AddServingStage<Stages.SoftmaxStage.Factory>();
        services.AddServingStage<Stages.ArgmaxStage.Factory>();
        services.AddServingStage<Stages.TopKStage.Factory>();
        services.AddServingStage<Stages.SelectStage.Factory>();
        services.AddServingStage<Stages.DbBoxesStage.Factory>();
        services.AddServingStage<Stages.CtcGreedyStage.Factory>();
        services.AddServingStage<Graph.Stages.Rotate180Stage.Factory>();
        services.AddServingStage<Graph.Stages.HeadCropStage.Factory>();
        services.AddServingStage<Graph.Stages.GatherStage.Factory>();
        return services;
    }
}
