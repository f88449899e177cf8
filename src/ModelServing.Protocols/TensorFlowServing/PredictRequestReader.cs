using System.Text.Json;
using ModelServing.Core.Errors;
using ModelServing.Core.Tensors;

namespace ModelServing.Protocols.TensorFlowServing;

/// <summary>Decodes TF Serving REST predict bodies (<c>instances</c> or <c>inputs</c>) into tensors for a model signature.</summary>
/// <remarks>
/// Follows <c>tensorflow_serving/util/json_tensor.cc</c>: its accepted forms, its checks and their messages. The
/// differences are listed in this folder's README.md. Thread-safe (no shared state); one pass over the document in
/// the common case, a second only to order errors as TF Serving does when the first pass fails.
/// </remarks>
public static partial class PredictRequestReader
{
    private static readonly PredictRequestReaderOptions _defaultOptions = new();

    /// <summary>Parses a TF Serving predict body (already un-gzipped) for a model with the given signature.</summary>
    /// <param name="utf8Json">The request body.</param>
    /// <param name="signature">The signature whose inputs the request must supply.</param>
    /// <param name="options">Limits; defaults when null.</param>
    /// <returns>The request with one tensor per signature input.</returns>
    /// <exception cref="ServingException">The body is malformed or does not fit the signature (<see cref="ServingErrorKind.InvalidInput"/>).</exception>
    public static PredictRequest Read(ReadOnlyMemory<byte> utf8Json, ModelSignature signature, PredictRequestReaderOptions? options = null) =>
        ReadCore(utf8Json, signature, options, fastPath: true);

    /// <summary>As <see cref="Read(ReadOnlyMemory{byte}, ModelSignature, PredictRequestReaderOptions?)"/> with the token-by-token path only, for tests to compare both paths.</summary>
    internal static PredictRequest ReadTokens(ReadOnlyMemory<byte> utf8Json, ModelSignature signature, PredictRequestReaderOptions? options = null) =>
        ReadCore(utf8Json, signature, options, fastPath: false);

    private static PredictRequest ReadCore(ReadOnlyMemory<byte> utf8Json, ModelSignature signature, PredictRequestReaderOptions? options, bool fastPath)
    {
        ArgumentNullException.ThrowIfNull(signature);
        options ??= _defaultOptions;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDepth, 1, nameof(options));

        if (utf8Json.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            throw ServingException.Invalid("JSON Parse error: The document is empty");
        }

        var rewritten = NonFiniteLiterals.Rewrite(utf8Json.Span, out var literals);
        var context = new ParseContext(utf8Json, rewritten is null ? utf8Json : rewritten, literals, options.MaxDepth);

        if (fastPath && TryReadFloatRequest(context, signature, options) is { } request)
        {
            return request;
        }

        // The fast path takes no escape at all. RapidJSON refuses an unpaired surrogate escape anywhere in the document.
        if (JsonStrings.FindUnpairedSurrogate(utf8Json.Span) is var surrogate and >= 0)
        {
            throw context.UnpairedSurrogate(surrogate);
        }

        var builders = new TensorBuilder[signature.Inputs.Count];
        for (var i = 0; i < builders.Length; i++)
        {
            builders[i] = TensorBuilder.Create(signature.Inputs[i]);
        }

        try
        {
            return ReadDocument(context, builders, options);
        }
        catch (JsonException exception)
        {
            throw context.SyntaxError(exception);
        }
        catch (ServingException)
        {
            ThrowEarlierError(context);
            throw;
        }
        finally
        {
            foreach (var builder in builders)
            {
                builder.Release();
            }
        }
    }

    private static PredictRequest ReadDocument(ParseContext context, TensorBuilder[] builders, PredictRequestReaderOptions options)
    {
        var reader = new Utf8JsonReader(context.Buffer.Span, context.ReaderOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ServingException.Invalid($"JSON Value: {context.Quote(ref reader)} Is not object");
        }

        string? signatureName = null;
        var signatureSeen = false;
        PredictRequestFormat? format = null;
        Dictionary<string, TensorData>? inputs = null;
        JsonElement? parameters = null;
        var parametersSeen = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // As RapidJSON's FindMember, the first of duplicate keys is the one used.
            if (JsonStrings.TextEquals(ref reader, "instances"u8))
            {
                reader.Read();
                if (format == PredictRequestFormat.Columnar)
                {
                    throw BothKeysError();
                }

                if (format is null && builders.Length > 0)
                {
                    inputs = ReadInstances(ref reader, context, builders);
                }
                else
                {
                    reader.Skip();
                }

                format = PredictRequestFormat.Row;
            }
            else if (JsonStrings.TextEquals(ref reader, "inputs"u8))
            {
                reader.Read();
                if (format == PredictRequestFormat.Row)
                {
                    throw BothKeysError();
                }

                if (format is null && builders.Length > 0)
                {
                    inputs = ReadInputs(ref reader, context, builders);
                }
                else
                {
                    reader.Skip();
                }

                format = PredictRequestFormat.Columnar;
            }
            else if (JsonStrings.TextEquals(ref reader, "signature_name"u8))
            {
                reader.Read();
                if (!signatureSeen)
                {
                    signatureSeen = true;
                    signatureName = reader.TokenType == JsonTokenType.String ? JsonStrings.GetText(ref reader) : throw SignatureError();
                }

                reader.Skip();
            }
            else if (options.AllowParameters && JsonStrings.TextEquals(ref reader, "parameters"u8))
            {
                reader.Read();
                if (!parametersSeen)
                {
                    parametersSeen = true;
                    parameters = ReadParameters(ref reader, context);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                // Unknown keys are ignored however deeply they nest, as by TF Serving (the depth limit is for values read).
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the top-level object makes the document malformed.
        while (reader.Read())
        {
        }

        if (builders.Length == 0)
        {
            throw ServingException.Invalid($"Failed to get input map for signature: {(string.IsNullOrEmpty(signatureName) ? "DEFAULT" : signatureName)}");
        }

        if (format is null || inputs is null)
        {
            throw ServingException.Invalid("Missing 'inputs' or 'instances' key");
        }

        return new PredictRequest(signatureName, format.Value, inputs, parameters);
    }

    /// <summary>
    /// After a content error, looks for the errors TF Serving reports before content (malformed JSON, a bad
    /// <c>signature_name</c>, both <c>instances</c> and <c>inputs</c>) and throws the first found.
    /// </summary>
    private static void ThrowEarlierError(ParseContext context)
    {
        var reader = new Utf8JsonReader(context.Buffer.Span, context.ReaderOptions);
        var signatureValid = true;
        var signatureSeen = false;
        bool instances = false, inputs = false;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                instances |= JsonStrings.TextEquals(ref reader, "instances"u8);
                inputs |= JsonStrings.TextEquals(ref reader, "inputs"u8);
                var signature = JsonStrings.TextEquals(ref reader, "signature_name"u8);
                reader.Read();
                if (signature && !signatureSeen)
                {
                    signatureSeen = true;
                    signatureValid = reader.TokenType == JsonTokenType.String;
                }

                reader.Skip();
            }

            while (reader.Read())
            {
            }
        }
        catch (JsonException exception)
        {
            throw context.SyntaxError(exception);
        }

        if (!signatureValid)
        {
            throw SignatureError();
        }

        if (instances && inputs)
        {
            throw BothKeysError();
        }
    }

    private static ServingException BothKeysError() =>
        ServingException.Invalid("Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist");

    private static ServingException SignatureError() =>
        ServingException.Invalid("Not formatted correctly. 'signature_name' key must be a string value.");
}
