namespace ModelServing.Core.Repository;

/// <summary>A version's state and last error, as TF Serving reports it in <c>model_version_status</c>.</summary>
/// <param name="Version">Version number.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="ErrorCode">Canonical error code name (<c>OK</c>, <c>UNKNOWN</c>, <c>INVALID_ARGUMENT</c> ...).</param>
/// <param name="ErrorMessage">Why it failed, safe to show; empty when OK.</param>
/// <param name="ExecutionProvider">Where it runs (<c>cpu</c>, <c>cuda</c>), or null when not loaded.</param>
public sealed record ModelVersionStatus(long Version, ModelVersionState State, string ErrorCode, string ErrorMessage, string? ExecutionProvider);
