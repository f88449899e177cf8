using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ModelServing.Gateway.Hosting;

namespace ModelServing.Gateway.Tests.Hosting;

/// <summary>The startup gate holds POSTs until the first load, but not those whose endpoint only describes state (gRPC health, reflection).</summary>
public sealed class NotHeldAtStartupTests
{
    [Fact]
    public void InvokeAsync_PostToMarkedEndpointBeforeFirstLoad_PassesAtOnce()
    {
        var (gate, reached) = Gate();
        var context = Post(new NotHeldAtStartupAttribute());

        var task = gate.InvokeAsync(context);

        Assert.True(task.IsCompletedSuccessfully);
        Assert.True(reached.Task.IsCompleted);
    }

    [Fact]
    public async Task InvokeAsync_PostToUnmarkedEndpointBeforeFirstLoad_WaitsForTheLoad()
    {
        var load = new InitialLoad();
        var (gate, reached) = Gate(load);

        var task = gate.InvokeAsync(Post());
        var heldBeforeLoad = !reached.Task.IsCompleted;
        load.Complete();
        await task;

        Assert.True(heldBeforeLoad);
        Assert.True(reached.Task.IsCompleted);
    }

    private static (InitialLoadGate Gate, TaskCompletionSource Reached) Gate(InitialLoad? load = null)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new InitialLoadGate(
            _ =>
            {
                reached.TrySetResult();
                return Task.CompletedTask;
            },
            load ?? new InitialLoad(),
            Options.Create(new StartupOptions()),
            TimeProvider.System);
        return (gate, reached);
    }

    private static DefaultHttpContext Post(params object[] metadata)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(metadata), "grpc call"));
        return context;
    }
}
