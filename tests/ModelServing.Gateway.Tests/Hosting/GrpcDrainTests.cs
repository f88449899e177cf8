using System.Collections.Concurrent;
using System.Globalization;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using ModelServing.Gateway.Tests.TestSupport;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>SIGTERM to a gateway with gRPC calls in flight: they finish, new calls during the drain are answered over new
/// connections (GOAWAY), and once the gateway has gone calls fail with UNAVAILABLE, which clients retry elsewhere.</summary>
[Collection(ProcessLoadCollection.Name)]
public sealed class GrpcDrainTests
{
    private static readonly ServerReflectionRequest s_list = new() { ListServices = "" };

    [Fact]
    public async Task Sigterm_WithGrpcCallsInFlight_TheyFinishDrainCallsAnsweredThenUnavailable()
    {
        using var repository = new TestRepository().WithLoans();
        var port = GatewayProcess.FreePort();
        var grpcPort = GatewayProcess.FreePort();
        await using var gateway = GatewayProcess.Start(
            port,
            new Dictionary<string, string> { ["MODELSERVING_DRAIN_DELAY_SECONDS"] = "5", ["MODELSERVING_SHUTDOWN_TIMEOUT_SECONDS"] = "20" },
            "--urls", "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), "--grpc-port", grpcPort.ToString(CultureInfo.InvariantCulture),
            "--model-repository", repository.Root, "--Logging:LogLevel:Default", "Warning");
        Assert.True(await gateway.WaitForAsync("/readyz", TimeSpan.FromSeconds(60)), gateway.Output);
        var connections = new ConcurrentQueue<int>();
        using var handler = ConnectionCountingHandler.Create(() => connections.Enqueue(connections.Count));
        using var channel = GrpcChannel.ForAddress(
            "http://127.0.0.1:" + grpcPort.ToString(CultureInfo.InvariantCulture), new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        var health = new HealthClient(channel);
        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(s_list);
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        using var watch = health.Watch(new HealthCheckRequest());
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);
        var before = connections.Count;

        gateway.Terminate();

        // The watch hears NOT_SERVING and ends, so it does not hold the drain.
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.NotServing, watch.ResponseStream.Current.Status);
        Assert.False(await watch.ResponseStream.MoveNext(CancellationToken.None));

        // New calls during the drain are answered; the first one's connection is told to go away, so the next opens another.
        var during = new[]
        {
            (await health.CheckAsync(new HealthCheckRequest())).Status,
            (await health.CheckAsync(new HealthCheckRequest())).Status,
        };

        // The stream that was in flight at SIGTERM keeps working until its client completes it.
        await reflection.RequestStream.WriteAsync(s_list);
        Assert.True(await reflection.ResponseStream.MoveNext(CancellationToken.None));
        var services = reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        await reflection.RequestStream.CompleteAsync();
        Assert.False(await reflection.ResponseStream.MoveNext(CancellationToken.None));

        Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60)), gateway.Output);
        var after = await Assert.ThrowsAsync<RpcException>(async () => await health.CheckAsync(new HealthCheckRequest()));

        Assert.Equal([ServingStatus.NotServing, ServingStatus.NotServing], during);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Equal(0, gateway.ExitCode);
        Assert.Equal(StatusCode.Unavailable, after.StatusCode);
        Assert.True(connections.Count > before, $"{connections.Count - before} connections were opened during the drain");
    }
}
