using ClusterMesh.Abstractions.Hosting;
using ClusterMesh.Abstractions.Kvstore;
using ClusterMesh.Kvstore.Etcd;
using ClusterMesh.Kvstore.Etcd.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// The usual home of Add*/Use* extensions, so they show up wherever services are configured.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects etcd as a ClusterMesh kvstore backend.</summary>
public static class EtcdClusterMeshBuilderExtensions
{
    /// <summary>
    /// Uses etcd: the local <see cref="IKvStore"/> is an <see cref="EtcdKvStore"/> for <paramref name="local"/>
    /// (load it with <see cref="ClusterMesh.Kvstore.Etcd.Config.EtcdConfigFile.Load"/> or build it in code), and
    /// remote clusters are reached through <see cref="EtcdKvStoreFactory"/> from their clustermesh config files.
    /// </summary>
    /// <param name="builder">The ClusterMesh builder.</param>
    /// <param name="local">The connection to this cluster's own etcd.</param>
    /// <param name="configureRemote">Adjusts each remote store's options (timeouts, retries, page size).</param>
    public static IClusterMeshBuilder UseEtcdKvStore(this IClusterMeshBuilder builder, EtcdKvStoreOptions local, Func<EtcdKvStoreOptions, EtcdKvStoreOptions>? configureRemote = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(local);
        builder.Services.TryAddSingleton<IKvStore>(provider => new EtcdKvStore(local, provider.GetService<ILogger<EtcdKvStore>>(), provider.GetService<TimeProvider>()));
        builder.Services.TryAddSingleton<IKvStoreFactory>(provider => new EtcdKvStoreFactory(provider.GetService<ILoggerFactory>(), configureRemote));
        return builder;
    }
}
