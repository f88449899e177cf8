using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using ModelServing.Core.Repository;
using ModelServing.Gateway.Tests.TestSupport;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace ModelServing.Gateway.Tests.Health;

/// <summary><c>grpc.health.v1.Health</c> over real gRPC: overall readiness, per gRPC service and per model, Check and Watch.</summary>
public sealed class GrpcHealthServiceTests
{
    [Theory]
    [InlineData("")]
    [InlineData("grpc.health.v1.Health")]
    [InlineData("grpc.reflection.v1alpha.ServerReflection")]
    [InlineData("tensorflow.serving.PredictionService")]
    [InlineData("loans")]
    public async Task Check_ReadyGatewayServiceOrAvailableModel_Serving(string service)
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);

        var response = await new HealthClient(host.Channel!).CheckAsync(new HealthCheckRequest { Service = service });

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_ModelWithoutAvailableVersion_NotServingAndOverallNotServing()
    {
        using var repository = new TestRepository().WithLoans().WithCorruptModel("broken", 1);
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        var client = new HealthClient(host.Channel!);

        var broken = await client.CheckAsync(new HealthCheckRequest { Service = "broken" });
        var loans = await client.CheckAsync(new HealthCheckRequest { Service = "loans" });
        var overall = await client.CheckAsync(new HealthCheckRequest());

        Assert.Equal(ServingStatus.NotServing, broken.Status);
        Assert.Equal(ServingStatus.Serving, loans.Status);
        Assert.Equal(ServingStatus.NotServing, overall.Status); // as /readyz: every model must be AVAILABLE
        Assert.Equal(503, (await host.GetJsonAsync("/readyz")).Status);
    }

    [Fact]
    public async Task Check_UnknownName_NotFoundNamingIt()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new HealthClient(host.Channel!).CheckAsync(new HealthCheckRequest { Service = "nope" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("'nope'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_ModelUnloadedAndLoadedAgain_SendsEachChange()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        var manager = host.Services.GetRequiredService<ModelManager>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = new HealthClient(host.Channel!).Watch(new HealthCheckRequest { Service = "loans" }, cancellationToken: cancel.Token);
        var stream = watch.ResponseStream;

        Assert.True(await stream.MoveNext(cancel.Token));
        var first = stream.Current.Status;
        await manager.UnloadModelAsync("loans", cancel.Token);
        Assert.True(await stream.MoveNext(cancel.Token));
        var unloaded = stream.Current.Status;
        await manager.LoadModelAsync("loans", cancel.Token);
        Assert.True(await stream.MoveNext(cancel.Token));
        var loaded = stream.Current.Status;

        Assert.Equal([ServingStatus.Serving, ServingStatus.NotServing, ServingStatus.Serving], [first, unloaded, loaded]);
    }

    [Fact]
    public async Task Watch_UnknownName_SendsServiceUnknownAndStaysOpen()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root);
        using var cancel = new CancellationTokenSource();
        using var watch = new HealthClient(host.Channel!).Watch(new HealthCheckRequest { Service = "nope" }, cancellationToken: cancel.Token);

        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.ServiceUnknown, watch.ResponseStream.Current.Status);
        var next = watch.ResponseStream.MoveNext(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2)); // two watch intervals: nothing changed, nothing is sent, the call is open
        Assert.False(next.IsCompleted);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => next);
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task Watch_MoreThanMaxHealthWatches_ResourceExhaustedUntilOneCloses()
    {
        using var repository = new TestRepository().WithLoans();
        await using var host = await GatewayHost.StartWithGrpcAsync(repository.Root, "--Grpc:MaxHealthWatches", "1");
        var client = new HealthClient(host.Channel!);
        using var first = new CancellationTokenSource();
        using var open = client.Watch(new HealthCheckRequest { Service = "loans" }, cancellationToken: first.Token);
        Assert.True(await open.ResponseStream.MoveNext(CancellationToken.None));

        using var refused = client.Watch(new HealthCheckRequest { Service = "loans" });
        var error = await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext(CancellationToken.None));
        await first.CancelAsync();
        await Assert.ThrowsAsync<RpcException>(() => open.ResponseStream.MoveNext(CancellationToken.None));
        var again = await WatchFirstAsync(client);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(ServingStatus.Serving, again);
    }

    /// <summary>The first status of a new watch, retried while the server has not yet seen the previous one close.</summary>
    private static async Task<ServingStatus> WatchFirstAsync(HealthClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var watch = client.Watch(new HealthCheckRequest { Service = "loans" });
            try
            {
                Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
                return watch.ResponseStream.Current.Status;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted && attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }
}
