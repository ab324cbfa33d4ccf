using System.Net;

namespace ClusterMesh.Abstractions.Datapath;

/// <summary>
/// A datapath that translates service frontends to backends (DNAT with reverse NAT for replies). Separate from
/// <see cref="IDatapath"/> so datapaths without load balancing need not implement it.
/// </summary>
public interface ILoadBalancingDatapath
{
    /// <summary>Frontend → backends and their Maglev lookup table (Cilium's service, backend and Maglev maps).</summary>
    ILoadBalancerMap LoadBalancer { get; }
}

/// <summary>What a client connects to: a ClusterIP, a port and a protocol.</summary>
/// <param name="Address">The frontend (ClusterIP) address.</param>
/// <param name="Port">The service port.</param>
/// <param name="Protocol">TCP, UDP or SCTP, upper case (see <see cref="Of"/>).</param>
public readonly record struct LbServiceKey(IPAddress Address, ushort Port, string Protocol)
{
    /// <summary>Creates a key, normalising the protocol to upper case.</summary>
    public static LbServiceKey Of(IPAddress address, ushort port, string protocol) => new(address, port, protocol.ToUpperInvariant());

    /// <summary>E.g. <c>10.96.0.10:80/TCP</c>.</summary>
    public override string ToString() =>
        $"{(Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString())}:{Port}/{Protocol}";
}

/// <summary>One backend of a frontend.</summary>
/// <param name="Address">The backend address.</param>
/// <param name="Port">The backend port.</param>
/// <param name="Cluster">The cluster the backend lives in.</param>
public sealed record LbBackendAddress(IPAddress Address, ushort Port, string Cluster);

/// <summary>The backends of a frontend and its Maglev lookup table.</summary>
/// <param name="Backends">The backends.</param>
/// <param name="Slots">Slot → index into <paramref name="Backends"/>; a flow hash modulo the slot count picks the
/// slot. Empty when there is no backend (new connections are dropped).</param>
public sealed record LbServiceEntry(IReadOnlyList<LbBackendAddress> Backends, IReadOnlyList<int> Slots)
{
    /// <summary>The backend a new flow with hash <paramref name="flowHash"/> goes to, or null without backends.</summary>
    public LbBackendAddress? Select(ulong flowHash) =>
        Slots.Count == 0 || Backends.Count == 0 ? null : Backends[Slots[(int)(flowHash % (ulong)Slots.Count)]];
}

/// <summary>The load-balancer map of one node: frontend → backends.</summary>
public interface ILoadBalancerMap
{
    /// <summary>Number of frontends.</summary>
    int Count { get; }

    /// <summary>Inserts or replaces the entry of <paramref name="frontend"/>.</summary>
    void Upsert(LbServiceKey frontend, LbServiceEntry entry);

    /// <summary>Removes the entry of <paramref name="frontend"/>; <c>true</c> when it existed.</summary>
    bool Delete(LbServiceKey frontend);

    /// <summary>The entry of <paramref name="frontend"/>.</summary>
    bool TryLookup(LbServiceKey frontend, out LbServiceEntry entry);

    /// <summary>Every entry, for dumps and comparisons.</summary>
    IReadOnlyList<KeyValuePair<LbServiceKey, LbServiceEntry>> Dump();
}
