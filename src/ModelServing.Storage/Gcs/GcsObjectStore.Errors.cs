using System.Globalization;
using System.Net;
using Google;
using Google.Apis.Auth.OAuth2.Responses;

namespace ModelServing.Storage.Gcs;

/// <summary>Maps Google client failures to <see cref="ObjectStoreException"/>s naming the bucket and object, never a credential.</summary>
internal sealed partial class GcsObjectStore
{
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string action, string? key, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (GoogleApiException ex)
        {
            throw Map(ex, action, key);
        }
        catch (TokenResponseException ex)
        {
            // The token endpoint refused the credential (a revoked key, a wrong audience); its text stays in the inner exception.
            throw new ObjectStoreException(
                ObjectStoreErrorKind.AccessDenied,
                $"{DisplayName}: the Google credential was refused {action}{Of(key)}; check GOOGLE_APPLICATION_CREDENTIALS or the service account.",
                ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store timed out {action}{Of(key)}.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store cannot be reached ({action}{Of(key)}).", ex);
        }
    }

    private ObjectStoreException Map(GoogleApiException ex, string action, string? key)
    {
        // The status and the error's reason only: the message can echo the request.
        var status = (int)ex.HttpStatusCode;
        var reason = ex.Error?.Errors?.FirstOrDefault()?.Reason is { Length: > 0 and < 64 } r && r.All(char.IsAsciiLetterOrDigit)
            ? $"{status.ToString(CultureInfo.InvariantCulture)} {r}"
            : status.ToString(CultureInfo.InvariantCulture);
        return ex.HttpStatusCode switch
        {
            HttpStatusCode.NotFound when key is null => new(ObjectStoreErrorKind.NotFound, $"{DisplayName}: bucket {_location.Bucket} does not exist ({reason}).", ex),
            HttpStatusCode.NotFound => new(ObjectStoreErrorKind.NotFound, $"{DisplayName}: {_prefix}{key} does not exist in bucket {_location.Bucket} ({reason}).", ex),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new(
                ObjectStoreErrorKind.AccessDenied,
                $"{DisplayName}: access denied {action}{Of(key)} in bucket {_location.Bucket} ({reason}); check the service account's roles on the bucket.",
                ex),
            HttpStatusCode.PreconditionFailed => new(
                ObjectStoreErrorKind.Unavailable, $"{DisplayName}: {key} changed while it was being read; the next sync takes the new content.", ex),
            _ => new(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store answered {reason} {action}{Of(key)}.", ex),
        };
    }

    private static string Of(string? key) => key is null ? string.Empty : " " + key;
}
