using Microsoft.Extensions.Options;

namespace ModelServing.Core.Tensors;

/// <summary>Validates <see cref="RequestSizeLimits"/> at start, reporting every bad setting at once.</summary>
internal sealed class RequestSizeLimitsValidation : IValidateOptions<RequestSizeLimits>
{
    public ValidateOptionsResult Validate(string? name, RequestSizeLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"{RequestSizeLimits.SectionName}:{e.Field} {e.Message}."));
    }
}
