using System.Collections.Frozen;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;
using ModelServing.ModelGen;
using ModelServing.Onnx;

namespace ModelServing.Core.Tests.Repository;

/// <summary>A repository fed by a source (a remote store's mirror): synced before each scan, its problems in the statuses, and
/// versions swapped in one step (the new arrives as the old is deleted) on real ONNX Runtime sessions.</summary>
public sealed class ModelManagerSourceTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("modelserving-source-").FullName;
    private readonly ScriptedSource _source = new();
    private readonly ModelManager _manager;

    public ModelManagerSourceTests()
    {
        _manager = new ModelManager(
            Options.Create(new ModelRepositoryOptions { Root = _root, PollInterval = TimeSpan.Zero, SettleTime = TimeSpan.Zero, RetryMaxAttempts = 0 }),
            [new OnnxRunnerFactory(NullLogger<OnnxRunnerFactory>.Instance)],
            new ServingStageRegistry([]),
            TimeProvider.System,
            NullLogger<ModelManager>.Instance,
            repositorySource: _source);
    }

    [Fact]
    public async Task ReconcileAsync_VersionDeletedAsABrokenNewOneArrives_OldServesUntilTheNextScan()
    {
        TestModels.WriteAddConstant(Path.Combine(_root, "adder", "1", "model.onnx"), 10);
        await _manager.ReconcileAsync(CancellationToken.None);
        _source.NextSync = () =>
        {
            Directory.CreateDirectory(Path.Combine(_root, "adder", "2"));
            File.WriteAllBytes(Path.Combine(_root, "adder", "2", "model.onnx"), [1, 2, 3]);
            Directory.Delete(Path.Combine(_root, "adder", "1"), recursive: true);
        };

        await _manager.ReconcileAsync(CancellationToken.None);

        var model = _manager.Snapshot.Models["adder"];
        Assert.Equal(1, model.LatestAvailable()?.Number);
        Assert.Equal(ModelVersionState.End, model.FindVersion(2)?.State);

        await _manager.ReconcileAsync(CancellationToken.None);

        Assert.Null(_manager.Snapshot.Models["adder"].LatestAvailable());
    }

    [Fact]
    public async Task ReconcileAsync_SourceProblems_InTheStatusesOfServedAndUnfetchedVersions()
    {
        TestModels.WriteAddConstant(Path.Combine(_root, "adder", "1", "model.onnx"), 10);
        _source.Problems = new RepositorySourceProblems(
            new SourceProblem("UNAVAILABLE", "s3://b/p: the store cannot be reached (listing)."),
            FrozenDictionary<string, SourceProblem>.Empty,
            new Dictionary<string, FrozenDictionary<long, SourceProblem>>
            {
                ["adder"] = new Dictionary<long, SourceProblem> { [2] = new("DATA_LOSS", "adder/2/model.onnx does not match its MD5 checksum") }.ToFrozenDictionary(),
            }.ToFrozenDictionary());

        await _manager.ReconcileAsync(CancellationToken.None);

        var statuses = _manager.Snapshot.Models["adder"].Statuses();
        Assert.Equal([1L, 2L], statuses.Select(s => s.Version));
        Assert.Equal((ModelVersionState.Available, "UNAVAILABLE"), (statuses[0].State, statuses[0].ErrorCode));
        Assert.StartsWith("s3://b/p: the store cannot be reached", statuses[0].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal((ModelVersionState.End, "DATA_LOSS"), (statuses[1].State, statuses[1].ErrorCode));
        Assert.Equal(1, _source.Syncs);
    }

    public async ValueTask DisposeAsync()
    {
        await _manager.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Stands in for a remote store's mirror: runs what the test scripts at the next sync.</summary>
    private sealed class ScriptedSource : IRepositorySource
    {
        public Action? NextSync { get; set; }

        public int Syncs { get; private set; }

        public RepositorySourceProblems Problems { get; set; } = RepositorySourceProblems.None;

        public Task SyncAsync(CancellationToken cancellationToken)
        {
            Syncs++;
            NextSync?.Invoke();
            NextSync = null;
            return Task.CompletedTask;
        }
    }
}
