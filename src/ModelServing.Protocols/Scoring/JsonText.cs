using System.Globalization;
using System.Text.Json;
using ModelServing.Core.Errors;

namespace ModelServing.Protocols.Scoring;

/// <summary>Every string and property name of a <c>/score</c> request is read here, so text that is not valid UTF-8 is a 400 naming where it is.</summary>
/// <remarks>
/// <see cref="Utf8JsonReader"/> does not check UTF-8 while reading; <see cref="Utf8JsonReader.GetString"/> throws
/// <see cref="InvalidOperationException"/> on invalid bytes or an unpaired surrogate escape (<c>\ud800</c>). No other code
/// of this folder calls it.
/// </remarks>
internal static class JsonText
{
    /// <summary>The string or property name under <paramref name="reader"/>.</summary>
    /// <param name="reader">On a string or property name token.</param>
    /// <param name="field">
    /// What the text is, for the message: a composite format where <c>{0}</c> is <paramref name="row"/> and <c>{1}</c>
    /// <paramref name="input"/> (<c>Row {0}: input '{1}'</c>), formatted only on failure so that reading allocates nothing more.
    /// </param>
    /// <param name="row">The row index.</param>
    /// <param name="input">The input's name.</param>
    /// <exception cref="ServingException">Invalid input: the text is not valid UTF-8.</exception>
    public static string Read(ref Utf8JsonReader reader, string field, int row = 0, string? input = null)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw ServingException.Invalid(
                string.Format(CultureInfo.InvariantCulture, field, row, input) +
                " is not valid UTF-8 text (invalid bytes or an unpaired surrogate escape such as \\ud800)");
        }
    }
}
