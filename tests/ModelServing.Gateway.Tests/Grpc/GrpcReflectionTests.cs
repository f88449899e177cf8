using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using ModelServing.Gateway.Tests.TestSupport;

namespace ModelServing.Gateway.Tests.Grpc;

/// <summary>Server reflection (what grpcurl uses) through the reflection client stubs Grpc.Reflection ships.</summary>
public sealed class GrpcReflectionTests
{
    [Fact]
    public async Task ListServices_ListsHealthAndReflection()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);

        var response = await AskAsync(host, new ServerReflectionRequest { ListServices = "" });

        var names = response.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("grpc.health.v1.Health", names);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", names);
        Assert.Contains("grpc.reflection.v1.ServerReflection", names);
    }

    [Fact]
    public async Task FileContainingSymbol_HealthService_DescribesItsMethods()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);

        var response = await AskAsync(host, new ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.Health" });

        var files = response.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        var service = files.SelectMany(f => f.Service).Single(s => s.Name == "Health");
        Assert.Equal(["Check", "Watch"], service.Method.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FileContainingSymbol_Unknown_ErrorResponseNotFound()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);

        var response = await AskAsync(host, new ServerReflectionRequest { FileContainingSymbol = "no.such.Service" });

        Assert.Equal((int)StatusCode.NotFound, response.ErrorResponse.ErrorCode);
    }

    /// <summary>One request on one reflection stream, as grpcurl sends them.</summary>
    internal static async Task<ServerReflectionResponse> AskAsync(GatewayHost host, ServerReflectionRequest request, Metadata? headers = null)
    {
        using var call = new ServerReflection.ServerReflectionClient(host.Channel!).ServerReflectionInfo(headers);
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var response = call.ResponseStream.Current;
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        return response;
    }
}
