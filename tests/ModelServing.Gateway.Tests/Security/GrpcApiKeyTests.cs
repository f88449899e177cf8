using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using ModelServing.Gateway.Tests.Grpc;
using ModelServing.Gateway.Tests.TestSupport;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ModelServing.Gateway.Tests.Security;

/// <summary>API keys over gRPC metadata: a refused call gets gRPC's UNAUTHENTICATED, health stays open like /readyz, reflection needs a key.</summary>
public sealed class GrpcApiKeyTests : IAsyncLifetime
{
    private const string Key = "grpc-key-0123456789";
    private readonly TestRepository _repository = new TestRepository().WithLoans();
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await GatewayHost.StartWithGrpcAsync(_repository.Root, "--Security:ApiKeys", Key);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _repository.Dispose();
    }

    private static readonly ServerReflectionRequest s_list = new() { ListServices = "" };

    [Fact]
    public async Task Reflection_WithoutKey_UnauthenticatedSayingHowToSendIt()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcReflectionTests.AskAsync(_host, s_list));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("authorization: Bearer <key>", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reflection_WrongKey_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => GrpcReflectionTests.AskAsync(_host, s_list, new Metadata { { "x-api-key", "wrong" } }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("Invalid API key.", error.Status.Detail);
    }

    [Theory]
    [InlineData("authorization", "Bearer " + Key)]
    [InlineData("x-api-key", Key)]
    public async Task Reflection_KeyInMetadata_Served(string header, string value)
    {
        var response = await GrpcReflectionTests.AskAsync(_host, s_list, new Metadata { { header, value } });

        Assert.Contains(response.ListServicesResponse.Service, s => s.Name == "grpc.health.v1.Health");
    }

    [Fact]
    public async Task UnknownMethod_WithoutKey_UnauthenticatedNotUnimplemented()
    {
        var method = new Method<HealthCheckRequest, HealthCheckResponse>(
            MethodType.Unary, "no.such.Service", "Call", Marshallers.Create(r => r.ToByteArray(), HealthCheckRequest.Parser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), HealthCheckResponse.Parser.ParseFrom));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _host.Channel!.CreateCallInvoker().AsyncUnaryCall(method, null, default, new HealthCheckRequest()));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_WithoutKey_Served()
    {
        var response = await new HealthClient(_host.Channel!).CheckAsync(new HealthCheckRequest { Service = "loans" });

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task RawCall_WithoutKey_Http200WithGrpcStatusNot401()
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{_host.Channel!.Target}/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("16", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
