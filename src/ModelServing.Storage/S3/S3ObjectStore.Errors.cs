using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace ModelServing.Storage.S3;

/// <summary>Maps AWSSDK failures to <see cref="ObjectStoreException"/>s that name the bucket and key, never a credential.</summary>
internal sealed partial class S3ObjectStore
{
    private async Task<T> CallAsync<T>(Func<Task<T>> call, string action, string? key)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex)
        {
            throw Map(ex, action, key);
        }
        catch (AmazonServiceException ex)
        {
            throw Map(ex, action, key);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException
            || (ex is TaskCanceledException && ex.InnerException is TimeoutException))
        {
            throw new ObjectStoreException(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store cannot be reached ({action}{Of(key)}).", ex);
        }
    }

    private ObjectStoreException Map(AmazonServiceException ex, string action, string? key)
    {
        // Only the service's error code goes into the message: its text can quote the request that was signed.
        var code = ex.ErrorCode is { Length: > 0 and < 64 } c && c.All(char.IsAsciiLetterOrDigit) ? c : ((int)ex.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (ex.ErrorCode == "NoSuchBucket")
        {
            return new(ObjectStoreErrorKind.NotFound, $"{DisplayName}: bucket {_location.Bucket} does not exist.", ex);
        }

        if (ex.StatusCode == HttpStatusCode.NotFound || ex.ErrorCode == "NoSuchKey")
        {
            return new(ObjectStoreErrorKind.NotFound, $"{DisplayName}: {(key is null ? "not found" : key + " does not exist")} ({code}).", ex);
        }

        if (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
            || ex.ErrorCode is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken")
        {
            return new(ObjectStoreErrorKind.AccessDenied, $"{DisplayName}: access denied {action}{Of(key)} ({code}); check the credentials and the bucket policy.", ex);
        }

        if (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return new(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: {key} changed while it was being read; the next sync takes the new content.", ex);
        }

        return new(ObjectStoreErrorKind.Unavailable, $"{DisplayName}: the store answered {code} {action}{Of(key)}.", ex);
    }

    private static string Of(string? key) => key is null ? string.Empty : " " + key;
}
