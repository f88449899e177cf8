using ModelServing.Gateway.OpenApi;

namespace ModelServing.Gateway.Management;

/// <summary>OpenAPI documentation of the management routes.</summary>
internal static class ManagementDocs
{
    public static readonly EndpointDoc Index = new(
        null,
        typeof(List<RepositoryIndexEntry>),
        null,
        """[{"name":"loans","version":"1","state":"AVAILABLE","reason":""},{"name":"text-detection","version":null,"state":"UNAVAILABLE","reason":"unloaded"}]""",
        [401]);

    public static readonly EndpointDoc Command = new(
        null,
        typeof(List<RepositoryIndexEntry>),
        null,
        """[{"name":"loans","version":"1","state":"AVAILABLE","reason":""}]""",
        [400, 401, 404]);
}
