using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelServing.Core.Repository;
using ModelServing.Protocols.TensorFlowServing;

namespace ModelServing.Protocols;

/// <summary>Registers what the wire codecs lend the domain.</summary>
public static class ProtocolsServiceCollectionExtensions
{
    /// <summary>Warm-up request files are read as TF Serving predict bodies.</summary>
    public static IServiceCollection AddPredictWarmupRequests(this IServiceCollection services)
    {
        services.TryAddSingleton<IWarmupRequestReader, PredictWarmupRequestReader>();
        return services;
    }
}
