using ClusterMesh.Abstractions.Keys;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Replication.Watch;
using Microsoft.Extensions.Logging;

namespace ClusterMesh.Replication.Remote;

/// <summary>What a validated remote cluster is: what its codecs check values against.</summary>
/// <param name="Name">The remote cluster's name.</param>
/// <param name="Id">Its cluster ID.</param>
/// <param name="MaxConnectedClusters">The mesh size (the same on both sides).</param>
/// <param name="Config">The configuration it published.</param>
public sealed record RemoteClusterInfo(string Name, ClusterId Id, int MaxConnectedClusters, ClusterConfig Config);

/// <summary>The names of the kinds every remote cluster mirrors, as status output shows them.</summary>
public static class RemoteKindNames
{
    /// <summary>Nodes.</summary>
    public const string Nodes = "nodes";

    /// <summary>Global services.</summary>
    public const string Services = "services";

    /// <summary>Security identities.</summary>
    public const string Identities = "identities";

    /// <summary>IP cache entries (endpoints).</summary>
    public const string Endpoints = "endpoints";

    /// <summary>MCS-API service exports.</summary>
    public const string ServiceExports = "serviceexports";
}

/// <summary>
/// One prefix a remote cluster is mirrored from: where to watch, which canary says it is complete, how values
/// are decoded, and who is told. Create them with <see cref="ClusterScoped{T}"/> or <see cref="Shared{T}"/>.
/// </summary>
public abstract class RemoteKind
{
    private protected RemoteKind(string name, string prefix, Func<string, string> watchPrefixOf)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Name = name;
        Prefix = prefix;
        WatchPrefixOf = watchPrefixOf;
    }

    /// <summary>The kind's name in status output (<c>nodes</c>, <c>services</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The prefix without a trailing '/', as the synced canary names it (<c>cilium/state/nodes/v1</c>).</summary>
    public string Prefix { get; }

    internal Func<string, string> WatchPrefixOf { get; }

    /// <summary>Whether a remote cluster with this configuration publishes the kind; when not, the kind is not
    /// watched and counts as synced. Always, unless <see cref="OnlyWhen"/> said otherwise.</summary>
    public Func<ClusterConfig, bool> EnabledFor { get; private set; } = static _ => true;

    /// <summary>Watches the kind only for remote clusters whose configuration satisfies <paramref name="enabled"/>.</summary>
    public RemoteKind OnlyWhen(Func<ClusterConfig, bool> enabled)
    {
        ArgumentNullException.ThrowIfNull(enabled);
        EnabledFor = enabled;
        return this;
    }

    /// <summary>A kind whose keys carry the cluster name: watches <c>&lt;prefix&gt;/&lt;cluster&gt;/</c>.</summary>
    public static RemoteKind ClusterScoped<T>(string name, string prefix, Func<RemoteClusterInfo, IKvCodec<T>> codecFor, IStoreObserver<T> observer)
        where T : notnull => new RemoteKind<T>(name, prefix, cluster => KvKeys.ClusterScoped(prefix, cluster), codecFor, observer);

    /// <summary>A kind whose keys are the same for every cluster: watches <c>&lt;prefix&gt;/&lt;subPath&gt;/</c>
    /// (identities under <c>id</c>, ipcache under <c>default</c>).</summary>
    public static RemoteKind Shared<T>(string name, string prefix, string subPath, Func<RemoteClusterInfo, IKvCodec<T>> codecFor, IStoreObserver<T> observer)
        where T : notnull => new RemoteKind<T>(name, prefix, _ => $"{prefix}/{subPath}/", codecFor, observer);

    internal abstract IKindWatcher CreateWatcher(RemoteClusterInfo cluster, WatchStoreOptions options, TimeProvider time, ILogger logger);
}

/// <summary>A <see cref="RemoteKind"/> of records of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The decoded record type.</typeparam>
public sealed class RemoteKind<T> : RemoteKind
    where T : notnull
{
    private readonly Func<RemoteClusterInfo, IKvCodec<T>> _codecFor;
    private readonly IStoreObserver<T> _observer;

    /// <summary>Creates a kind.</summary>
    /// <param name="name">The name in status output.</param>
    /// <param name="prefix">The prefix as the synced canary names it.</param>
    /// <param name="watchPrefixOf">The prefix to watch, given the remote cluster's name.</param>
    /// <param name="codecFor">The codec that validates this cluster's values.</param>
    /// <param name="observer">Who receives the decoded values.</param>
    public RemoteKind(string name, string prefix, Func<string, string> watchPrefixOf, Func<RemoteClusterInfo, IKvCodec<T>> codecFor, IStoreObserver<T> observer)
        : base(name, prefix, watchPrefixOf)
    {
        ArgumentNullException.ThrowIfNull(codecFor);
        ArgumentNullException.ThrowIfNull(observer);
        _codecFor = codecFor;
        _observer = observer;
    }

    internal override IKindWatcher CreateWatcher(RemoteClusterInfo cluster, WatchStoreOptions options, TimeProvider time, ILogger logger) =>
        new KindWatcher<T>(Name, new WatchStore<T>(WatchPrefixOf(cluster.Name), _codecFor(cluster), _observer, options, time, logger));
}
