using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory.Hosting;

namespace ClusterMesh.Agent.Cli;

/// <summary>
/// Picks the backend by endpoint: <c>memory://</c> names an in-process store, anything else (http, https) is
/// an etcd endpoint. One config directory may mix both.
/// </summary>
internal sealed class SchemeKvStoreFactory(IKvStoreFactory memory, IKvStoreFactory etcd) : IKvStoreFactory
{
    public IKvStore Create(RemoteClusterConnectionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Endpoints.Count > 0 && config.Endpoints.All(MemoryKvStoreRegistry.IsMemoryEndpoint)
            ? memory.Create(config)
            : etcd.Create(config);
    }
}
