namespace ModelServing.Core.Runtime;

/// <summary>Loads model files of one platform (ONNX Runtime, for example) into <see cref="IModelRunner"/>s.</summary>
public interface IModelRunnerFactory
{
    /// <summary>The platform name used in model configs (<c>onnxruntime</c>).</summary>
    string Platform { get; }

    /// <summary>The file name this platform expects inside a version directory (<c>model.onnx</c>).</summary>
    string ModelFileName { get; }

    /// <summary>Loads the model of one version directory.</summary>
    /// <param name="request">What to load and how.</param>
    /// <param name="cancellationToken">Abandons the load.</param>
    /// <exception cref="ModelLoadException">The model cannot be loaded; the message is shown in the version's status.</exception>
    Task<IModelRunner> LoadAsync(ModelLoadRequest request, CancellationToken cancellationToken);
}
