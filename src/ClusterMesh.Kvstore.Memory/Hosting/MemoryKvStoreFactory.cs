using ClusterMesh.Abstractions.Kvstore;

namespace ClusterMesh.Kvstore.Memory.Hosting;

/// <summary>
/// Creates remote-cluster kvstore clients for <c>memory://name</c> endpoints: a read-only client of the
/// registry's store of that name (remote access is always read-only). Disposing the client leaves the store
/// running for its owner and other readers.
/// </summary>
/// <param name="registry">The process's named memory stores.</param>
public sealed class MemoryKvStoreFactory(MemoryKvStoreRegistry registry) : IKvStoreFactory
{
    /// <inheritdoc />
    /// <exception cref="ArgumentException">No endpoint is a <c>memory://</c> endpoint.</exception>
    public IKvStore Create(RemoteClusterConnectionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var endpoint = config.Endpoints.FirstOrDefault(MemoryKvStoreRegistry.IsMemoryEndpoint)
            ?? throw new ArgumentException(
                $"cluster {config.ClusterName}: no {MemoryKvStoreRegistry.Scheme}:// endpoint in [{string.Join(", ", config.Endpoints)}]", nameof(config));
        return registry.Connect(endpoint, readOnly: true);
    }
}
