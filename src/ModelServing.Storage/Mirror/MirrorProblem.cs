namespace ModelServing.Storage.Mirror;

/// <summary>Why part of the remote repository is not mirrored (or not up to date), in operator-safe words.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">Names the store and object, never a credential.</param>
/// <param name="Since">When this problem was first seen.</param>
public sealed record MirrorProblem(ObjectStoreErrorKind Kind, string Message, DateTimeOffset Since);
