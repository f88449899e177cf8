namespace ModelServing.Core.Runtime;

/// <summary>One model execution handed to an <see cref="IModelExecutor"/>.</summary>
internal interface IExecutionWork
{
    /// <summary>Runs the execution to its end on the executor's thread and reports its outcome itself; must not throw.</summary>
    void Execute();
}
