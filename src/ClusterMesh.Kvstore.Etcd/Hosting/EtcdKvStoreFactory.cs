using ClusterMesh.Abstractions.Kvstore;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Kvstore.Etcd.Hosting;

/// <summary>
/// Creates etcd clients for remote clusters from their clustermesh configuration (Cilium's etcd config file:
/// endpoints, trusted-ca-file, cert-file, key-file, username, password). The configuration is validated and the
/// TLS material loaded here, so a broken file fails at once with the file and field named.
/// </summary>
/// <param name="loggerFactory">Loggers for the stores; none when <c>null</c>.</param>
/// <param name="configure">Adjusts each store's options (timeouts, retries, page size) before it is created.</param>
public sealed class EtcdKvStoreFactory(ILoggerFactory? loggerFactory = null, Func<EtcdKvStoreOptions, EtcdKvStoreOptions>? configure = null) : IKvStoreFactory
{
    /// <inheritdoc />
    /// <exception cref="Config.EtcdConfigurationException">The configuration cannot work (an <see cref="ArgumentException"/>).</exception>
    public IKvStore Create(RemoteClusterConnectionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = EtcdKvStoreOptions.FromConnectionConfig(config);
        options = configure?.Invoke(options) ?? options;
        return new EtcdKvStore(options, loggerFactory?.CreateLogger<EtcdKvStore>());
    }
}
