namespace ModelServing.Core.Repository;

/// <summary>The outcome of a management command on one model.</summary>
/// <param name="Found">False when no directory of that name is in the repository.</param>
/// <param name="Model">The model as served after the command; null once unloaded.</param>
/// <param name="Error">Why the command did not do what was asked (e.g. no version became AVAILABLE), or null.</param>
public sealed record ModelCommandResult(bool Found, ServedModel? Model, string? Error)
{
    /// <summary>No such model.</summary>
    public static readonly ModelCommandResult NotFound = new(false, null, null);
}
