using Microsoft.Extensions.DependencyInjection;
using ModelServing.Core.Pipeline;
using ModelServing.Imaging.Pipeline;

namespace ModelServing.Imaging;

/// <summary>Registers the image serving-function stage.</summary>
public static class ImagingServiceCollectionExtensions
{
    /// <summary>Adds the <c>image</c> input stage (JPEG/PNG decode, resize, normalize into the model input).</summary>
    /// <remarks>Also adds the graph stage <c>cropBoxes</c> (one perspective-rectified crop per detected box) for composed models.</remarks>
    public static IServiceCollection AddImageServingStages(this IServiceCollection services) =>
        services.AddServingStage<ImageStageFactory>().AddServingStage<Graph.CropBoxesStage.Factory>();
}
