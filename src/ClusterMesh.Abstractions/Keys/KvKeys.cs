using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Keys;

/// <summary>
/// Cilium's kvstore key layout. These paths are wire API shared with Cilium agents and the
/// clustermesh-apiserver: never change them.
/// </summary>
public static class KvKeys
{
    /// <summary>Everything ClusterMesh stores lives under this prefix.</summary>
    public const string Root = "cilium/";

    /// <summary>Nodes: <c>cilium/state/nodes/v1/&lt;cluster&gt;/&lt;node&gt;</c>.</summary>
    public const string NodesPrefix = "cilium/state/nodes/v1";

    /// <summary>Global services: <c>cilium/state/services/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public const string ServicesPrefix = "cilium/state/services/v1";

    /// <summary>MCS-API exports: <c>cilium/state/serviceexports/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public const string ServiceExportsPrefix = "cilium/state/serviceexports/v1";

    /// <summary>Identities: <c>cilium/state/identities/v1/id/&lt;id&gt;</c> → label string.</summary>
    public const string IdentitiesPrefix = "cilium/state/identities/v1";

    /// <summary>IP → identity: <c>cilium/state/ip/v1/default/&lt;ip&gt;</c>.</summary>
    public const string IpCachePrefix = "cilium/state/ip/v1";

    /// <summary>Cluster configuration: <c>cilium/cluster-config/&lt;cluster&gt;</c>.</summary>
    public const string ClusterConfigPrefix = "cilium/cluster-config";

    /// <summary>Synced canaries: <c>cilium/synced/&lt;cluster&gt;/&lt;prefix&gt;</c>.</summary>
    public const string SyncedPrefix = "cilium/synced";

    /// <summary>The heartbeat key, refreshed every minute by the kvstore's owner.</summary>
    public const string Heartbeat = "cilium/.heartbeat";

    /// <summary>Its presence tells remote agents to wait for the cluster configuration.</summary>
    public const string HasClusterConfig = "cilium/.has-cluster-config";

    /// <summary>The ipcache namespace Cilium uses.</summary>
    public const string IpCacheNamespace = "default";

    /// <summary>Key of one node.</summary>
    public static string Node(string cluster, string name) => $"{NodesPrefix}/{cluster}/{name}";

    /// <summary>Key of one shared service.</summary>
    public static string Service(string cluster, string ns, string name) => $"{ServicesPrefix}/{cluster}/{ns}/{name}";

    /// <summary>Key of one service export.</summary>
    public static string ServiceExport(string cluster, string ns, string name) => $"{ServiceExportsPrefix}/{cluster}/{ns}/{name}";

    /// <summary>Key of one identity's labels.</summary>
    public static string Identity(NumericIdentity id) => $"{IdentitiesPrefix}/id/{id}";

    /// <summary>Key of one ipcache entry (an address, or an address/length for a CIDR).</summary>
    public static string IpCache(string ipOrCidr) => $"{IpCachePrefix}/{IpCacheNamespace}/{ipOrCidr}";

    /// <summary>Key of a cluster's configuration.</summary>
    public static string ClusterConfig(string cluster) => $"{ClusterConfigPrefix}/{cluster}";

    /// <summary>Key of the canary that says <paramref name="cluster"/> has written all of <paramref name="prefix"/>.</summary>
    public static string SyncedCanary(string cluster, string prefix) => $"{SyncedPrefix}/{cluster}/{prefix}";

    /// <summary>The prefix a watcher of one cluster's part of a per-cluster prefix uses (with a trailing '/').</summary>
    public static string ClusterScoped(string prefix, string cluster) => $"{prefix}/{cluster}/";

    /// <summary>
    /// What <paramref name="key"/> is, by prefix alone; the typed key's <c>TryParse</c> then checks the rest.
    /// </summary>
    public static KvKeyKind Classify(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key switch
        {
            Heartbeat => KvKeyKind.Heartbeat,
            HasClusterConfig => KvKeyKind.HasClusterConfig,
            _ when IsUnder(key, NodesPrefix) => KvKeyKind.Node,
            _ when IsUnder(key, ServicesPrefix) => KvKeyKind.Service,
            _ when IsUnder(key, ServiceExportsPrefix) => KvKeyKind.ServiceExport,
            _ when IsUnder(key, IdentitiesPrefix + "/id") => KvKeyKind.Identity,
            _ when IsUnder(key, IdentitiesPrefix + "/value") => KvKeyKind.IdentityValue,
            _ when IsUnder(key, IpCachePrefix) => KvKeyKind.IpCache,
            _ when IsUnder(key, ClusterConfigPrefix) => KvKeyKind.ClusterConfig,
            _ when IsUnder(key, SyncedPrefix) => KvKeyKind.SyncedCanary,
            _ => KvKeyKind.Unknown,
        };
    }

    private static bool IsUnder(string key, string prefix) =>
        key.Length > prefix.Length && key.StartsWith(prefix, StringComparison.Ordinal) && key[prefix.Length] == '/';
}
