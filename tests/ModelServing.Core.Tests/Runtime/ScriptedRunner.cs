using ModelServing.Core.Errors;
using ModelServing.Core.Runtime;
using ModelServing.Core.Tensors;
using ModelServing.Core.Tests.Batching;

namespace ModelServing.Core.Tests.Runtime;

/// <summary>A model told what its next runs do: succeed, fail in the runtime, refuse the input, or hang until cancelled.</summary>
/// <remarks>The mode stays until the next change; set it between runs, not during one.</remarks>
internal sealed class ScriptedRunner : IModelRunner
{
    private Mode _mode;
    private int _runs;
    private int _hangs;

    private enum Mode
    {
        Succeed,
        Fail,
        Reject,
        Hang,
    }

    public ModelSignature Signature => RowSumRunner.BatchSignature;

    public string ExecutionProvider => "cpu";

    /// <summary>Runs started so far.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Runs that started hanging so far.</summary>
    public int Hangs => Volatile.Read(ref _hangs);

    public ScriptedRunner Succeeding() => With(Mode.Succeed);

    public ScriptedRunner Failing() => With(Mode.Fail);

    public ScriptedRunner Rejecting() => With(Mode.Reject);

    public ScriptedRunner Hanging() => With(Mode.Hang);

    public async ValueTask<IReadOnlyDictionary<string, TensorData>> RunAsync(
        IReadOnlyDictionary<string, TensorData> inputs, IReadOnlyList<string>? outputNames, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        switch (_mode)
        {
            case Mode.Fail:
                throw new ServingException(ServingErrorKind.RuntimeFailure, "The runtime failed: out of device memory.");
            case Mode.Reject:
                throw ServingException.Invalid("The input is not what the model takes.");
            case Mode.Hang:
                Interlocked.Increment(ref _hangs);
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("An infinite delay ended.");
            default:
                return inputs;
        }
    }

    public void Dispose()
    {
    }

    private ScriptedRunner With(Mode mode)
    {
        _mode = mode;
        return this;
    }
}
