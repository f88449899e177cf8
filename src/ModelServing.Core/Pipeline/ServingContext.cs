using ModelServing.Core.Tensors;

namespace ModelServing.Core.Pipeline;

/// <summary>State of one request shared between its stages (input stages write, output stages read).</summary>
/// <remarks>
/// Not thread-safe; belongs to one request. Image geometry travels typed (<see cref="SetImageRegions"/>); the string-keyed
/// items are for custom stages. Tensors from <see cref="RentTensor"/> are owned by the request: the data plane gives their
/// arrays back to the pool once the model run that read them is over (<see cref="ReturnRentedArrays"/>).
/// </remarks>
public sealed partial class ServingContext
{
    private Dictionary<string, object>? _items;
    private TensorData? _rented;
    private List<TensorData>? _moreRented;

    /// <summary>A context under the default <see cref="RequestSizeLimits"/> (warm-up, tools, a bare pipeline).</summary>
    public ServingContext()
        : this(RequestSizeLimits.Defaults)
    {
    }

    /// <summary>A context for one request under <paramref name="limits"/>.</summary>
    public ServingContext(RequestSizeLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
    }

    /// <summary>How large this request may make what stages build for it; stages check before they allocate.</summary>
    public RequestSizeLimits Limits { get; }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>.</summary>
    public void Set<T>(string key, T value)
        where T : notnull => (_items ??= new(StringComparer.Ordinal))[key] = value;

    /// <summary>Reads the value stored under <paramref name="key"/>.</summary>
    public bool TryGet<T>(string key, out T value)
    {
        if (_items is not null && _items.TryGetValue(key, out var stored) && stored is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// A tensor of <paramref name="shape"/> over a pooled array (contents undefined: write every element), to hand to the
    /// model as an input of this request.
    /// </summary>
    /// <remarks>
    /// The array goes back to the pool when the request's model run has succeeded, so neither the tensor nor anything
    /// over its array may be kept past the request. Without a data plane to return it (a bare pipeline), it is garbage collected.
    /// </remarks>
    public TensorData RentTensor(TensorDataType dataType, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var tensor = TensorData.Create(dataType, TensorArrayPool.Shared.Rent(dataType, TensorData.ElementCountOf(shape)), shape);
        if (_rented is null)
        {
            _rented = tensor;
        }
        else
        {
            (_moreRented ??= []).Add(tensor);
        }

        return tensor;
    }

    /// <summary>
    /// Gives the arrays of <see cref="RentTensor"/> back to the pool, except any that <paramref name="outputs"/> still use.
    /// Call only when nothing reads the model inputs any more (the run answered, or they never reached the model); the data
    /// plane does, and so may hosts that run a pipeline themselves. Never calling it is safe (the arrays are collected).
    /// </summary>
    /// <param name="outputs">The model outputs of the run, or null when the inputs never reached a model.</param>
    public void ReturnRentedArrays(IReadOnlyDictionary<string, TensorData>? outputs)
    {
        if (_rented is not null)
        {
            Return(_rented, outputs);
            _rented = null;
        }

        if (_moreRented is not null)
        {
            foreach (var tensor in _moreRented)
            {
                Return(tensor, outputs);
            }

            _moreRented = null;
        }
    }

    private static void Return(TensorData tensor, IReadOnlyDictionary<string, TensorData>? outputs)
    {
        if (outputs is not null)
        {
            foreach (var output in outputs.Values)
            {
                if (ReferenceEquals(output.Data, tensor.Data))
                {
                    // A runner that echoes an input back: the caller still reads it.
                    return;
                }
            }
        }

        TensorArrayPool.Shared.Return(tensor.DataType, tensor.Data);
    }
}
