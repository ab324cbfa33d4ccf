using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// The usual home of Add* extensions, so they show up wherever services are configured.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the embedded memory kvstore.</summary>
public static class MemoryKvStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="MemoryKvStoreRegistry"/> (unless one is registered already: register a shared
    /// instance first to let several hosts in one process share their stores) and an <see cref="IKvStore"/>
    /// client of the store called <paramref name="name"/>. The registry uses the registered
    /// <see cref="TimeProvider"/> and <see cref="ILoggerFactory"/> when there are any.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The store the registered <see cref="IKvStore"/> talks to.</param>
    /// <param name="configure">Adjusts the options of each store the registry creates, given its name.</param>
    public static IServiceCollection AddMemoryKvStore(this IServiceCollection services, string name = "default", Action<string, ClusterMesh.Kvstore.Memory.MemoryKvStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        services.TryAddSingleton(provider => new MemoryKvStoreRegistry(
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>(),
            configure));
        services.TryAddSingleton<IKvStore>(provider => provider.GetRequiredService<MemoryKvStoreRegistry>().Connect(name));
        return services;
    }
}
