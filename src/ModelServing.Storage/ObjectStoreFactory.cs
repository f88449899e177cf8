namespace ModelServing.Storage;

/// <summary>Opens the <see cref="IObjectStore"/> for a remote repository location, with each SDK's default credentials.</summary>
public static class ObjectStoreFactory
{
    /// <summary>Opens the store for <paramref name="location"/>.</summary>
    /// <param name="location">The parsed repository URI.</param>
    /// <param name="environment">Reads an environment variable (endpoints, regions); null reads the process environment.</param>
    /// <returns>The store; the caller disposes it.</returns>
    /// <exception cref="NotSupportedException">No store for this kind is built into this gateway.</exception>
    public static IObjectStore Create(StorageLocation location, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        environment ??= Environment.GetEnvironmentVariable;
        switch (location.Kind)
        {
            case StorageKind.S3:
                return S3.S3ObjectStore.Create(location, S3.S3StoreSettings.FromEnvironment(environment));
            default:
                throw new NotSupportedException($"{location.Uri}: {location.Kind} repositories are not supported by this build.");
        }
    }
}
