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
            case StorageKind.AzureBlob:
                return AzureBlob.AzureBlobObjectStore.Create(location, AzureBlob.AzureBlobStoreSettings.FromEnvironment(environment));
            case StorageKind.Gcs:
                // STORAGE_EMULATOR_HOST and the application default credentials are read by the Google client itself.
                return Gcs.GcsObjectStore.Create(location, new Gcs.GcsStoreSettings());
            default:
                throw new NotSupportedException($"{location.Uri}: {location.Kind} repositories are not supported by this build.");
        }
    }
}
