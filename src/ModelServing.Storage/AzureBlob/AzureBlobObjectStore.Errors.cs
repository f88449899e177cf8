using System.Globalization;
using Azure;
using Azure.Identity;

namespace ModelServing.Storage.AzureBlob;

/// <summary>Maps Azure SDK failures to <see cref="ObjectStoreException"/>s naming account, container and blob, never a key or SAS.</summary>
internal sealed partial class AzureBlobObjectStore
{
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string action, string? key, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw Map(ex, action, key);
        }
        catch (AuthenticationFailedException ex)
        {
            // Azure.Identity found no credential or had one refused; its message lists the chain, which stays in the inner exception.
            throw new ObjectStoreException(
                ObjectStoreErrorKind.AccessDenied,
                $"{DisplayName}: no Azure credential was accepted {action}{Of(key)} (set {AzureBlobStoreSettings.ConnectionStringVariable} or an identity for Azure.Identity){Note()}.",
                ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store timed out {action}{Of(key)}.", ex);
        }
        catch (Exception ex) when (ex is AggregateException or HttpRequestException or IOException)
        {
            // AggregateException: the SDK's retries all failed without an answer (connection refused, reset, DNS).
            throw new ObjectStoreException(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store cannot be reached ({action}{Of(key)}).", ex);
        }
    }

    private ObjectStoreException Map(RequestFailedException ex, string action, string? key)
    {
        // Only the service's error code goes into the message: its text quotes the response, and for a refused signature
        // the string that was signed.
        var code = ex.ErrorCode is { Length: > 0 and < 64 } c && c.All(char.IsAsciiLetterOrDigit)
            ? c
            : ex.Status.ToString(CultureInfo.InvariantCulture);
        var container = $"container {_location.Bucket} of account {_location.Account}";
        switch (ex.ErrorCode)
        {
            case "ContainerNotFound":
                return new(ObjectStoreErrorKind.NotFound, $"{DisplayName}: {container} does not exist.", ex);
            case "BlobNotFound":
                return new(ObjectStoreErrorKind.NotFound, $"{DisplayName}: blob {_prefix}{key} does not exist in {container}.", ex);
            case "ConditionNotMet":
                return new(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: {key} changed while it was being read; the next sync takes the new content.", ex);
        }

        return ex.Status switch
        {
            0 => new(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store cannot be reached ({action}{Of(key)}).", ex),
            404 => new(ObjectStoreErrorKind.NotFound, $"{DisplayName}: {(key is null ? container : "blob " + _prefix + key)} not found ({code}).", ex),
            401 or 403 => new(
                ObjectStoreErrorKind.AccessDenied,
                $"{DisplayName}: access denied {action}{Of(key)} in {container} ({code}); check the account key, SAS or role assignment{Note()}.",
                ex),
            412 => new(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: {key} changed while it was being read; the next sync takes the new content.", ex),
            _ => new(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store answered {code} {action}{Of(key)}.", ex),
        };
    }

    private string Note() => _credentialNote is null ? string.Empty : "; " + _credentialNote;

    private static string Of(string? key) => key is null ? string.Empty : " " + key;
}
