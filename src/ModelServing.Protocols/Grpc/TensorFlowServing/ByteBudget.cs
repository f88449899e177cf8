using ModelServing.Core.Errors;

namespace ModelServing.Protocols.Grpc.TensorFlowServing;

/// <summary>What is left of <c>MaxTensorBytesPerRequest</c> while a request's input tensors are decoded, checked before each is allocated.</summary>
internal struct ByteBudget
{
    private readonly long _limit;
    private long _used;

    /// <summary>A budget of <paramref name="limit"/> bytes.</summary>
    public ByteBudget(long limit)
    {
        _limit = limit;
    }

    /// <summary>Takes <paramref name="count"/> elements of <paramref name="size"/> bytes, or throws invalid input naming the limit.</summary>
    public void Take(long count, int size)
    {
        var bytes = count > long.MaxValue / Math.Max(1, size) ? long.MaxValue : count * size;
        _used = _used > long.MaxValue - bytes ? long.MaxValue : _used + bytes;
        if (_used > _limit)
        {
            throw ServingException.Invalid(
                $"The request's input tensors take {_used} bytes; at most {_limit} bytes are allowed per request");
        }
    }
}
