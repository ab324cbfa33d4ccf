using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation.LoadBalancing;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>
/// Service load balancing, as Cilium's per-packet load balancer does it on the client's node: a packet to a
/// frontend (ClusterIP, port, protocol) is DNATed to a backend before routing — a tracked connection keeps its
/// backend while that backend remains, a new one is hashed onto the frontend's Maglev slots — and replies of
/// tracked connections are reverse-NATed (their source becomes the frontend) when this node delivers them.
/// </summary>
public sealed partial class SimulatedDatapath : ILoadBalancingDatapath
{
    private readonly LoadBalancerMap _loadBalancer = new();
    private readonly ConnectionTracker _connections = new();

    /// <inheritdoc />
    public ILoadBalancerMap LoadBalancer => _loadBalancer;

    /// <summary>Number of service connections the conntrack holds.</summary>
    public int TrackedConnections => _connections.Count;

    /// <summary>
    /// Walks a packet of <paramref name="flow"/> a local endpoint sends: service translation (DNAT) when it is
    /// addressed to a frontend, then the same walk as <see cref="Walk(System.Net.IPAddress, System.Net.IPAddress)"/>
    /// to the backend; reverse NAT when this node delivers a reply of a tracked connection.
    /// </summary>
    public PacketPath Walk(L4Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow.Source);
        ArgumentNullException.ThrowIfNull(flow.Destination);
        flow = flow.Normalized();
        var frontend = new LbServiceKey(flow.Destination, flow.DestinationPort, flow.Protocol);
        if (!_loadBalancer.TryLookup(frontend, out var entry))
        {
            return Account(ReverseOnDelivery(flow, Egress(flow.Source, flow.Destination)));
        }

        if (_connections.Translate(flow, frontend, entry) is not { } dnat)
        {
            var sourceIdentity = _endpoints.TryLookup(flow.Source, out var sender) ? sender.Identity : NumericIdentity.Unknown;
            return Account(PacketPath.Dropped(flow.Source, flow.Destination, sourceIdentity, NumericIdentity.Unknown, DropReason.NoServiceBackend));
        }

        return Account(Egress(flow.Source, dnat.Backend.Address).With(dnat));
    }

    /// <summary>Receives a VXLAN packet of <paramref name="flow"/>; replies of tracked connections are reverse-NATed.</summary>
    public PacketPath ReceiveTunneled(L4Flow flow, NumericIdentity vniIdentity)
    {
        ArgumentNullException.ThrowIfNull(flow.Source);
        ArgumentNullException.ThrowIfNull(flow.Destination);
        flow = flow.Normalized();
        return Account(ReverseOnDelivery(flow, Ingress(flow.Source, flow.Destination, vniIdentity)));
    }

    /// <summary>Receives a directly routed packet of <paramref name="flow"/>; replies of tracked connections are reverse-NATed.</summary>
    public PacketPath ReceiveRouted(L4Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow.Source);
        ArgumentNullException.ThrowIfNull(flow.Destination);
        flow = flow.Normalized();
        var sourceIdentity = _ipCache.TryLookup(flow.Source, out _, out var info) ? info.Identity : NumericIdentity.World;
        return Account(ReverseOnDelivery(flow, Ingress(flow.Source, flow.Destination, sourceIdentity)));
    }

    private PacketPath ReverseOnDelivery(L4Flow flow, PacketPath path) =>
        path.Kind == PathKind.LocalDelivery && _connections.Reverse(flow) is { } reverse ? path.With(reverse) : path;
}
