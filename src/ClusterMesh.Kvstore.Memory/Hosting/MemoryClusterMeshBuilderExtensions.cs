using ClusterMesh.Abstractions.Hosting;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Memory.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

// The usual home of Add*/Use* extensions, so they show up wherever services are configured.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects the embedded memory kvstore as a ClusterMesh backend.</summary>
public static class MemoryClusterMeshBuilderExtensions
{
    /// <summary>
    /// Uses in-process memory kvstores: the local store named <paramref name="localStore"/>, and remote clusters
    /// through <c>memory://&lt;name&gt;</c> endpoints of the same <see cref="MemoryKvStoreRegistry"/>. Pass a
    /// shared <paramref name="registry"/> to let several agents in one process see each other's stores.
    /// </summary>
    public static IClusterMeshBuilder UseMemoryKvStore(this IClusterMeshBuilder builder, string localStore, MemoryKvStoreRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (registry is not null)
        {
            builder.Services.TryAddSingleton(registry);
        }

        builder.Services.AddMemoryKvStore(localStore);
        builder.Services.TryAddSingleton<IKvStoreFactory>(provider => new MemoryKvStoreFactory(provider.GetRequiredService<MemoryKvStoreRegistry>()));
        return builder;
    }
}
