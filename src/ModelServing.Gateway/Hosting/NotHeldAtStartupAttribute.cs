namespace ModelServing.Gateway.Hosting;

/// <summary>Marks an endpoint that describes state as it is, so <see cref="InitialLoadGate"/> never holds it (as it never holds GETs).</summary>
/// <remarks>
/// For POST endpoints that are not predictions: gRPC health and reflection (every gRPC call is a POST). On a gRPC service
/// class or method it becomes the endpoint's metadata; on other endpoints add it with <c>WithMetadata</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
internal sealed class NotHeldAtStartupAttribute : Attribute
{
}
