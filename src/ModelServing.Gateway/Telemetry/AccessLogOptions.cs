namespace ModelServing.Gateway.Telemetry;

/// <summary>The access log: one log entry per request, off unless enabled.</summary>
public sealed class AccessLogOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "AccessLog";

    /// <summary>Writes one Information entry per request under the <c>ModelServing.AccessLog</c> category
    /// (<c>AccessLog:Enabled</c>, <c>AccessLog__Enabled</c> or <c>MODELSERVING_ACCESS_LOG</c>).</summary>
    /// <value>Default false: the gateway logs startup, model state changes, warnings and errors, not requests.</value>
    public bool Enabled { get; set; }
}
