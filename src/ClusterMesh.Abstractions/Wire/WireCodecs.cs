using ClusterMesh.Abstractions.Model;
using ClusterMesh.Abstractions.Replication;
using ClusterMesh.Abstractions.Wire.Codecs;

namespace ClusterMesh.Abstractions.Wire;

/// <summary>
/// Every kvstore value codec for one source kvstore, all validating against the same
/// <see cref="WireValidationContext"/>. Codecs are safe to share between threads: their only state is bounded,
/// thread-safe pools of values that repeat across records (strings, node addresses, named-port lists), which is why
/// one set per source kvstore is the unit.
/// </summary>
public sealed class WireCodecs
{
    private WireCodecs(WireValidationContext context)
    {
        Context = context;
        Nodes = new NodeCodec(context);
        IpCache = new IpCacheEntryCodec(context);
        Services = new ClusterServiceCodec(context);
        ServiceExports = new ServiceExportCodec(context);
        ClusterConfig = new ClusterConfigCodec(context);
        Identities = new IdentityCodec(context);
    }

    /// <summary>What the codecs validate against.</summary>
    public WireValidationContext Context { get; }

    /// <summary><c>cilium/state/nodes/v1/&lt;cluster&gt;/&lt;name&gt;</c>.</summary>
    public IKvCodec<Node> Nodes { get; }

    /// <summary><c>cilium/state/ip/v1/default/&lt;ip&gt;</c>.</summary>
    public IKvCodec<IpCacheEntry> IpCache { get; }

    /// <summary><c>cilium/state/services/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public IKvCodec<ClusterService> Services { get; }

    /// <summary><c>cilium/state/serviceexports/v1/&lt;cluster&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    public IKvCodec<ServiceExport> ServiceExports { get; }

    /// <summary><c>cilium/cluster-config/&lt;cluster&gt;</c> (the key is always the source cluster's).</summary>
    public IKvCodec<ClusterConfig> ClusterConfig { get; }

    /// <summary><c>cilium/state/identities/v1/id/&lt;id&gt;</c> → plain-text labels.</summary>
    public IKvCodec<IdentityEntry> Identities { get; }

    /// <summary>Creates the codecs for one source kvstore.</summary>
    public static WireCodecs For(WireValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new WireCodecs(context);
    }
}
