using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ModelServing.Core.Errors;

namespace ModelServing.Protocols.Json;

/// <summary>
/// Every string and property name of a v2 or <c>/score</c> request is read here, so text that is not valid UTF-8 is a 400
/// naming where it is.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonReader"/> does not check UTF-8 while reading; <see cref="Utf8JsonReader.GetString"/> and
/// <see cref="Utf8JsonReader.ValueTextEquals(string)"/> throw <see cref="InvalidOperationException"/> on invalid bytes or an
/// unpaired surrogate escape (<c>\ud800</c>). No other code of the Open Inference and Scoring readers calls them.
/// </remarks>
internal static class JsonText
{
    /// <summary>The string or property name under <paramref name="reader"/>.</summary>
    /// <param name="reader">On a string or property name token.</param>
    /// <param name="field">
    /// What the text is, for the message: a composite format where <c>{0}</c> is <paramref name="index"/> and <c>{1}</c>
    /// <paramref name="name"/> (<c>inputs[{0}].name</c>, <c>Row {0}: input '{1}'</c>), formatted only on failure so that reading allocates nothing more.
    /// </param>
    /// <param name="index">The index of the input, element or row.</param>
    /// <param name="name">The input's name.</param>
    /// <exception cref="ServingException">Invalid input: the text is not valid UTF-8.</exception>
    public static string Read(ref Utf8JsonReader reader, string field, int index = 0, string? name = null)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw NotUtf8(field, index, name);
        }
    }

    /// <summary>The UTF-8 bytes of the string under <paramref name="reader"/>, unescaped.</summary>
    /// <exception cref="ServingException">Invalid input: the text is not valid UTF-8.</exception>
    public static byte[] ReadBytes(ref Utf8JsonReader reader, string field, int index, string name)
    {
        if (reader.ValueIsEscaped)
        {
            return Encoding.UTF8.GetBytes(Read(ref reader, field, index, name));
        }

        return Utf8.IsValid(reader.ValueSpan) ? reader.ValueSpan.ToArray() : throw NotUtf8(field, index, name);
    }

    private static ServingException NotUtf8(string field, int index, string? name) =>
        ServingException.Invalid(
            string.Format(CultureInfo.InvariantCulture, field, index, name) +
            " is not valid UTF-8 text (invalid bytes or an unpaired surrogate escape such as \\ud800)");
}
