using ModelServing.Core.Pipeline;
using ModelServing.Core.Tensors;

namespace ModelServing.Core.Graph;

/// <summary>A value flowing between graph steps: a tensor or decoded images, one row per instance or per item.</summary>
/// <remarks>
/// Instance values have one row per instance of the request. Item values come from a fan-out stage (one item per detected
/// region): <see cref="Parents"/> says which instance each item came from, and a gather stage turns them back into instance
/// values. Immutable once built; belongs to one request.
/// </remarks>
public sealed class GraphValue
{
    private GraphValue(TensorData? tensor, IReadOnlyList<PixelImage>? images, int[]? parents)
    {
        Tensor = tensor;
        Images = images;
        Parents = parents;
    }

    /// <summary>The <see cref="ServingContext"/> key under which a graph run records its instance count (an <see cref="int"/>), for gather stages.</summary>
    public const string InstanceCountKey = "graph.instances";

    /// <summary>The tensor (batch dimension first), or null for an image value.</summary>
    public TensorData? Tensor { get; }

    /// <summary>The decoded images, or null for a tensor value.</summary>
    public IReadOnlyList<PixelImage>? Images { get; }

    /// <summary>For item values, the instance each item came from (in order); null for instance values.</summary>
    public int[]? Parents { get; }

    /// <summary>Rows: instances or items.</summary>
    public int Rows => Images?.Count ?? (int)(Tensor!.Shape.Count == 0 ? 1 : Tensor.Shape[0]);

    /// <summary>A tensor value with <paramref name="parents"/> (null: one row per instance).</summary>
    public static GraphValue Of(TensorData tensor, int[]? parents = null) => new(tensor ?? throw new ArgumentNullException(nameof(tensor)), null, parents);

    /// <summary>An image value with <paramref name="parents"/> (null: one row per instance).</summary>
    public static GraphValue Of(IReadOnlyList<PixelImage> images, int[]? parents = null) => new(null, images ?? throw new ArgumentNullException(nameof(images)), parents);
}
