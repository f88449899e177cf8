using ModelServing.Core.Tensors;

namespace ModelServing.Core.Repository;

/// <summary>Turns a warm-up request file (<c>warmup.requests</c> in a model's config) into the model's public inputs.</summary>
/// <remarks>The domain knows no wire format: the host registers the reader of the format its request files are in.</remarks>
public interface IWarmupRequestReader
{
    /// <summary>Reads one request file's bytes against the version's public signature.</summary>
    /// <exception cref="Errors.ServingException">The file is not a valid request for the signature.</exception>
    IReadOnlyDictionary<string, TensorData> Read(ReadOnlyMemory<byte> body, ModelSignature signature);
}
