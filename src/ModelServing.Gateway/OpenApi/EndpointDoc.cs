namespace ModelServing.Gateway.OpenApi;

/// <summary>How one kind of route is documented: request and response types and example bodies.</summary>
/// <param name="RequestType">The request body type, or null for none.</param>
/// <param name="ResponseType">The 200 response type.</param>
/// <param name="RequestExample">Example request JSON, or null.</param>
/// <param name="ResponseExample">Example 200 response JSON.</param>
/// <param name="ErrorStatuses">Statuses answered with <see cref="ErrorDocument"/>.</param>
internal sealed record EndpointDoc(
    Type? RequestType,
    Type ResponseType,
    string? RequestExample,
    string ResponseExample,
    int[] ErrorStatuses);
