using Microsoft.AspNetCore.Http;
using ModelServing.Gateway.Security;

namespace ModelServing.Gateway.Tests.Security;

public sealed class ApiKeySetTests
{
    private static DefaultHttpContext With(string header, string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = value;
        return context;
    }

    [Fact]
    public void KeysFromConfigurationAndFile_AllAccepted_CommentsAndBlanksSkipped()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# rotated 2026-11\nfile-key-1\n\n  file-key-2  \n");
            var keys = ApiKeySet.From(new SecurityOptions { ApiKeys = "env-key-1, env-key-2", ApiKeyFile = file });

            Assert.Equal(4, keys.Count);
            foreach (var key in new[] { "env-key-1", "env-key-2", "file-key-1", "file-key-2" })
            {
                Assert.True(keys.IsAuthorized(With("x-api-key", key).Request), key);
                Assert.True(keys.IsAuthorized(With("Authorization", "Bearer " + key).Request), key);
            }

            Assert.False(keys.IsAuthorized(With("x-api-key", "# rotated 2026-11").Request));
            Assert.False(keys.IsAuthorized(With("x-api-key", "file-key").Request));
            Assert.False(keys.IsAuthorized(new DefaultHttpContext().Request));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void NoKeys_DisablesTheCheck_AndAnUnreadableFileFailsStartup()
    {
        var none = ApiKeySet.From(new SecurityOptions());
        Assert.False(none.Enabled);
        Assert.True(none.IsAuthorized(new DefaultHttpContext().Request));

        var error = Assert.Throws<InvalidOperationException>(() => ApiKeySet.From(new SecurityOptions { ApiKeyFile = "/nonexistent/keys" }));
        Assert.Contains("/nonexistent/keys", error.Message, StringComparison.Ordinal);
    }
}
