using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelServing.Core.DataPlane;
using ModelServing.Core.Errors;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.Core.Tensors;
using ModelServing.ModelGen;
using ModelServing.Onnx;

namespace ModelServing.Core.Tests.DataPlane;

/// <summary>The one inference path on a real ONNX Runtime session of the loans model, on a clock the tests move.</summary>
public sealed class InferencePathTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelserving-path-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private ModelManager _manager = null!;
    private InferencePath _path = null!;

    public async Task InitializeAsync()
    {
        LoansModel.Write(Path.Combine(_root, "loans", "1", "model.onnx"));
        Directory.CreateDirectory(Path.Combine(_root, "slow", "1"));
        LoansModel.Write(Path.Combine(_root, "slow", "1", "model.onnx"));
        await File.WriteAllTextAsync(Path.Combine(_root, "slow", "config.json"), """{"batching": {"timeoutMilliseconds": 50}}""");
        _manager = new ModelManager(
            Options.Create(new ModelRepositoryOptions { Root = _root, PollInterval = TimeSpan.Zero, SettleTime = TimeSpan.Zero }),
            [new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance)],
            new ServingStageRegistry([]),
            _time,
            NullLogger<ModelManager>.Instance);
        await _manager.ReconcileAsync(CancellationToken.None);
        _path = new InferencePath(new InferenceService(_manager), _time);
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task RunAsync_ValidCall_ReadsInfersAndWritesWithTheLeasedVersion()
    {
        var adapter = new RecordingAdapter();
        VersionLease? served = null;

        await _path.RunAsync(2, adapter, new ModelTarget("loans", VersionSelector.Latest), _path.Start((TimeSpan?)null), l => served = l, CancellationToken.None);

        Assert.NotNull(served);
        Assert.Equal(1, adapter.Reads);
        var result = Assert.IsType<InferenceResult>(adapter.Written);
        Assert.Equal(("loans", 1L), (result.ModelName, result.Version));
        Assert.Equal([2L, 2L], result.Outputs.Single(o => o.Key == "probabilities").Value.Shape);
    }

    [Fact]
    public async Task RunAsync_UnknownModel_FailsBeforeTheAdapterReads()
    {
        var adapter = new RecordingAdapter();

        var ex = await Assert.ThrowsAsync<ServingException>(() =>
            _path.RunAsync(1, adapter, new ModelTarget("nope", VersionSelector.Latest), _path.Start((TimeSpan?)null), null, CancellationToken.None));

        Assert.Equal(ServingErrorKind.ModelNotFound, ex.Kind);
        Assert.Equal(0, adapter.Reads);
    }

    [Fact]
    public async Task RunAsync_RequestedTimeoutSpentWhileReading_FailsWithDeadlineExceededWithoutRunning()
    {
        // The deadline starts when the call arrives: a body that takes longer to read and parse than the timeout never runs.
        var deadline = _path.Start(TimeSpan.FromMilliseconds(100));
        var adapter = new RecordingAdapter { OnRead = () => _time.Advance(TimeSpan.FromMilliseconds(150)) };

        var ex = await Assert.ThrowsAsync<ServingException>(() =>
            _path.RunAsync(1, adapter, new ModelTarget("loans", VersionSelector.Latest), deadline, null, CancellationToken.None));

        Assert.Equal(ServingErrorKind.DeadlineExceeded, ex.Kind);
        Assert.Null(adapter.Written);
    }

    [Fact]
    public async Task RunAsync_ModelDefaultTimeoutSpentWhileReading_CountsFromArrival()
    {
        var deadline = _path.Start((TimeSpan?)null);
        var adapter = new RecordingAdapter { OnRead = () => _time.Advance(TimeSpan.FromMilliseconds(80)) };

        var ex = await Assert.ThrowsAsync<ServingException>(() =>
            _path.RunAsync(1, adapter, new ModelTarget("slow", VersionSelector.Latest), deadline, null, CancellationToken.None));

        Assert.Equal(ServingErrorKind.DeadlineExceeded, ex.Kind);
    }

    [Fact]
    public async Task RunAsync_ModelDefaultTimeoutNotSpent_Runs()
    {
        var deadline = _path.Start((TimeSpan?)null);
        var adapter = new RecordingAdapter { OnRead = () => _time.Advance(TimeSpan.FromMilliseconds(20)) };

        await _path.RunAsync(1, adapter, new ModelTarget("slow", VersionSelector.Latest), deadline, null, CancellationToken.None);

        Assert.NotNull(adapter.Written);
    }

    [Fact]
    public async Task RunAsync_CallerGoesAway_FailsAsCancelled()
    {
        using var gone = new CancellationTokenSource();
        var adapter = new RecordingAdapter { OnRead = gone.Cancel };

        var ex = await Assert.ThrowsAsync<ServingException>(() =>
            _path.RunAsync(1, adapter, new ModelTarget("loans", VersionSelector.Latest), _path.Start((TimeSpan?)null), null, gone.Token));

        Assert.Equal(ServingErrorKind.Cancelled, ex.Kind);
        Assert.Null(adapter.Written);
    }

    [Fact]
    public async Task RunAsync_ReaderRejectsTheRequest_ReleasesTheVersion()
    {
        var adapter = new RecordingAdapter { OnRead = () => throw ServingException.Invalid("bad instance 3") };

        var ex = await Assert.ThrowsAsync<ServingException>(() =>
            _path.RunAsync(1, adapter, new ModelTarget("loans", VersionSelector.Latest), _path.Start((TimeSpan?)null), null, CancellationToken.None));

        Assert.Equal("bad instance 3", ex.Message);

        // Every lease was released: unloading finishes at once instead of waiting for a request that is gone.
        var version = _manager.Snapshot.Models["loans"].FindVersion(1)!;
        await version.UnloadAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>An adapter whose call is the row count; it makes zero-filled rows and records what it saw.</summary>
    private sealed class RecordingAdapter : IInferenceAdapter<int, IReadOnlyDictionary<string, TensorData>>
    {
        public Action? OnRead { get; init; }

        public int Reads { get; private set; }

        public InferenceResult? Written { get; private set; }

        public IReadOnlyDictionary<string, TensorData> Read(int call, VersionLease lease)
        {
            Reads++;
            OnRead?.Invoke();
            return VersionWarmup.Synthetic(lease.Signature, call, 1);
        }

        public IReadOnlyDictionary<string, TensorData> Inputs(IReadOnlyDictionary<string, TensorData> request) => request;

        public ValueTask WriteAsync(int call, IReadOnlyDictionary<string, TensorData> request, InferenceResult result)
        {
            Written = result;
            return ValueTask.CompletedTask;
        }
    }
}
