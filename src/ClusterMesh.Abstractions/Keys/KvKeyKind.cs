namespace ClusterMesh.Abstractions.Keys;

/// <summary>What a kvstore key is, judged by its prefix (see <see cref="KvKeys.Classify"/>).</summary>
public enum KvKeyKind
{
    /// <summary>Not a key ClusterMesh knows.</summary>
    Unknown,

    /// <summary><see cref="NodeKey"/>.</summary>
    Node,

    /// <summary><see cref="ServiceKey"/>.</summary>
    Service,

    /// <summary><see cref="ServiceExportKey"/>.</summary>
    ServiceExport,

    /// <summary><see cref="IdentityKey"/>.</summary>
    Identity,

    /// <summary><see cref="IdentityValueKey"/>.</summary>
    IdentityValue,

    /// <summary><see cref="IpCacheKey"/>.</summary>
    IpCache,

    /// <summary><see cref="ClusterConfigKey"/>.</summary>
    ClusterConfig,

    /// <summary><see cref="SyncedCanaryKey"/>.</summary>
    SyncedCanary,

    /// <summary><see cref="HeartbeatKey"/>.</summary>
    Heartbeat,

    /// <summary><see cref="KvKeys.HasClusterConfig"/> (presence only, value ignored).</summary>
    HasClusterConfig,
}
