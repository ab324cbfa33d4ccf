using System.Net;
using System.Net.NetworkInformation;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Abstractions.Datapath;

/// <summary>
/// The map writers of one node's datapath. The Simulation datapath and the eBPF datapath implement the same
/// contract with the same semantics, checked by one shared contract test suite.
/// </summary>
public interface IDatapath
{
    /// <summary>Prefix → identity, tunnel endpoint and encryption key (longest prefix match).</summary>
    IIpCacheMap IpCache { get; }

    /// <summary>Remote pod CIDR → the node that owns it (tunnel destination).</summary>
    ITunnelMap Tunnels { get; }

    /// <summary>Direct routes: pod CIDR → next hop node address (auto-direct-node-routes).</summary>
    IRouteTable Routes { get; }

    /// <summary>The endpoints (pods) hosted on this node.</summary>
    IEndpointMap Endpoints { get; }
}

/// <summary>The value of an ipcache entry.</summary>
/// <param name="Identity">The security identity of the addresses.</param>
/// <param name="TunnelEndpoint">The node hosting them, or <c>null</c> when local or outside the mesh.</param>
/// <param name="EncryptKey">The encryption key index; 0 when off.</param>
public readonly record struct IpCacheValue(NumericIdentity Identity, IPAddress? TunnelEndpoint, byte EncryptKey);

/// <summary>A map keyed by prefix with longest-prefix-match lookups (an LPM trie in eBPF).</summary>
/// <typeparam name="TValue">The value type.</typeparam>
public interface IPrefixMap<TValue>
{
    /// <summary>Number of entries.</summary>
    int Count { get; }

    /// <summary>Inserts or replaces the entry of <paramref name="prefix"/>.</summary>
    void Upsert(IpPrefix prefix, TValue value);

    /// <summary>Removes the entry of exactly <paramref name="prefix"/>; <c>true</c> when it existed.</summary>
    bool Delete(IpPrefix prefix);

    /// <summary>The entry of the longest prefix containing <paramref name="address"/>.</summary>
    bool TryLookup(IPAddress address, out IpPrefix matched, out TValue value);

    /// <summary>Every entry, for dumps and comparisons.</summary>
    IReadOnlyList<KeyValuePair<IpPrefix, TValue>> Dump();
}

/// <summary>The ipcache map.</summary>
public interface IIpCacheMap : IPrefixMap<IpCacheValue>;

/// <summary>The tunnel map: remote pod CIDR → node address.</summary>
public interface ITunnelMap : IPrefixMap<TunnelEndpoint>;

/// <summary>The direct-routing table: pod CIDR → next hop.</summary>
public interface IRouteTable : IPrefixMap<IPAddress>;

/// <summary>A tunnel destination.</summary>
/// <param name="NodeAddress">The underlay address of the node.</param>
/// <param name="EncryptKey">The node's encryption key index.</param>
public readonly record struct TunnelEndpoint(IPAddress NodeAddress, byte EncryptKey);

/// <summary>The endpoints of this node, keyed by address.</summary>
public interface IEndpointMap
{
    /// <summary>Number of endpoints.</summary>
    int Count { get; }

    /// <summary>Adds or replaces an endpoint.</summary>
    void Upsert(LocalEndpoint endpoint);

    /// <summary>Removes the endpoint with <paramref name="address"/>; <c>true</c> when it existed.</summary>
    bool Delete(IPAddress address);

    /// <summary>Finds the endpoint with <paramref name="address"/>.</summary>
    bool TryLookup(IPAddress address, out LocalEndpoint endpoint);

    /// <summary>Every endpoint.</summary>
    IReadOnlyList<LocalEndpoint> Dump();
}

/// <summary>A pod hosted on this node.</summary>
/// <param name="Address">The pod's IP.</param>
/// <param name="EndpointId">A node-local endpoint number.</param>
/// <param name="Identity">The pod's security identity.</param>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="PodName">The pod's name.</param>
public sealed record LocalEndpoint(IPAddress Address, int EndpointId, NumericIdentity Identity, string Namespace, string PodName)
{
    /// <summary>
    /// Where the pod is plugged into this node (host-side veth and MACs), which a kernel datapath needs to deliver
    /// to it; <c>null</c> when not known (the Simulation datapath does not need it).
    /// </summary>
    public EndpointAttachment? Attachment { get; init; }
}

/// <summary>How a local pod is attached to its node: the host side of its veth pair and both MAC addresses.</summary>
/// <param name="HostIfIndex">The interface index of the host-side veth.</param>
/// <param name="PodMac">The MAC of the pod's interface.</param>
/// <param name="HostMac">The MAC of the host-side veth (the pod's gateway).</param>
public sealed record EndpointAttachment(int HostIfIndex, PhysicalAddress PodMac, PhysicalAddress HostMac);

/// <summary>How a node reaches the pod CIDRs of other nodes.</summary>
public enum RoutingMode
{
    /// <summary>VXLAN encapsulation to the owning node; the source identity travels in the VNI.</summary>
    Tunnel,

    /// <summary>Plain routing through the underlay (pod CIDR routes via node addresses).</summary>
    Direct,

    /// <summary>Direct where the remote node shares this node's L2 segment, tunnel otherwise.</summary>
    Hybrid,
}
