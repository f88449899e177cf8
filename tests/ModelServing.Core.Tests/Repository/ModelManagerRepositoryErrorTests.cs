using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelServing.Core.Pipeline;
using ModelServing.Core.Repository;

namespace ModelServing.Core.Tests.Repository;

/// <summary>A repository directory that is missing at first: one error line when it starts, one line when it is back.</summary>
public sealed class ModelManagerRepositoryErrorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelserving-missing-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task ReconcileAsync_MissingRepositoryPolledThenCreated_LogsOnceWithoutStackTraceThenRecovery()
    {
        var logger = new RecordingLogger();
        var manager = new ModelManager(
            Options.Create(new ModelRepositoryOptions { Root = _root }), [], new ServingStageRegistry([]), TimeProvider.System, logger);

        for (var i = 0; i < 3; i++)
        {
            await manager.ReconcileAsync(CancellationToken.None);
        }

        var whileMissing = logger.Entries.ToList();
        Directory.CreateDirectory(_root);
        await manager.ReconcileAsync(CancellationToken.None);
        await manager.ReconcileAsync(CancellationToken.None);

        var error = Assert.Single(whileMissing);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Null(error.Exception);
        Assert.Equal(
            $"Model repository {_root} cannot be read: The model repository directory does not exist. (checked again at every poll; logged again when this changes)",
            error.Message);
        Assert.Null(manager.RepositoryError);
        Assert.Single(logger.Entries, e => e.Message == $"Model repository {_root} can be read again");
    }

    private sealed class RecordingLogger : ILogger<ModelManager>
    {
        private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = [];

        public IReadOnlyList<(LogLevel Level, string Message, Exception? Exception)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception), exception));
            }
        }
    }
}
