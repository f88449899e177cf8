namespace ModelServing.Gateway.Http;

/// <summary>One HTTP inference call as the protocol adapters see it: the context and the whole (decompressed) body.</summary>
internal readonly record struct HttpCall(HttpContext Context, ReadOnlyMemory<byte> Body);
