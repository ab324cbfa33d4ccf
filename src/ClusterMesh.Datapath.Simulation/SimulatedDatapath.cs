using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Simulation.Maps;
using ClusterMesh.Datapath.Simulation.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>
/// The managed datapath of one node: the same maps the eBPF datapath programs, and a packet walk over them that
/// answers where a packet goes. The embedded default datapath and the oracle of the differential tests.
/// </summary>
/// <remarks>
/// Egress from a local endpoint follows the eBPF program's order: local endpoint → ipcache (destination identity,
/// tunnel endpoint) → per routing mode, the tunnel (ipcache tunnel endpoint, else the tunnel map) or the route
/// table. Hybrid mode routes directly when the route table has a route — routes are installed only for nodes on
/// this node's L2 segment (<see cref="SimulatedNodeOptions.RoutesDirectlyTo"/>) — and tunnels otherwise.
/// Traffic to addresses outside the mesh (leaving through the host stack) is not modelled: it drops for lack of
/// a tunnel endpoint or route. Maps and walks are safe to use from concurrent threads.
/// </remarks>
public sealed partial class SimulatedDatapath : IDatapath
{
    private readonly IpCacheMap _ipCache = new();
    private readonly TunnelMap _tunnels = new();
    private readonly RouteTable _routes = new();
    private readonly EndpointMap _endpoints = new();
    private readonly ILogger _logger;
    private readonly PolicyEnforcement _policy;

    /// <summary>Creates the datapath of the node <paramref name="options"/> describes, with empty maps.</summary>
    public SimulatedDatapath(SimulatedNodeOptions options, ILogger<SimulatedDatapath>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _policy = new PolicyEnforcement(PolicyMaps, _endpoints);
    }

    /// <summary>The endpoints' policy maps, enforced by the walks that carry an L4 header.</summary>
    public EndpointPolicyMaps PolicyMaps { get; } = new();

    /// <summary>Walks a packet a local endpoint sends, enforcing egress (and, when delivered here, ingress) policy.</summary>
    public PacketPath Walk(IPAddress source, IPAddress destination, PacketL4 l4)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return Account(_policy.AfterEgress(Egress(source, destination), l4));
    }

    /// <summary>Receives a VXLAN packet, enforcing the receiving endpoint's ingress policy.</summary>
    public PacketPath ReceiveTunneled(IPAddress source, IPAddress destination, NumericIdentity vniIdentity, PacketL4 l4)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return Account(_policy.AfterIngress(Ingress(source, destination, vniIdentity), l4));
    }

    /// <summary>Receives a directly routed packet, enforcing the receiving endpoint's ingress policy.</summary>
    public PacketPath ReceiveRouted(IPAddress source, IPAddress destination, PacketL4 l4)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var sourceIdentity = _ipCache.TryLookup(source, out _, out var info) ? info.Identity : NumericIdentity.World;
        return Account(_policy.AfterIngress(Ingress(source, destination, sourceIdentity), l4));
    }

    /// <summary>The node this datapath belongs to.</summary>
    public SimulatedNodeOptions Options { get; }

    /// <summary>The node name.</summary>
    public string NodeName => Options.NodeName;

    /// <summary>The node's underlay address.</summary>
    public IPAddress NodeAddress => Options.NodeAddress;

    /// <summary>Packets delivered, tunneled, routed and dropped by this node.</summary>
    public DatapathCounters Counters { get; } = new();

    /// <inheritdoc />
    public IIpCacheMap IpCache => _ipCache;

    /// <inheritdoc />
    public ITunnelMap Tunnels => _tunnels;

    /// <inheritdoc />
    public IRouteTable Routes => _routes;

    /// <inheritdoc />
    public IEndpointMap Endpoints => _endpoints;

    /// <summary>Walks a packet a local endpoint sends: delivered here, tunneled, routed, or dropped.</summary>
    public PacketPath Walk(IPAddress source, IPAddress destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return Account(Egress(source, destination));
    }

    /// <summary>Receives a VXLAN packet from another node: the source identity comes from the VNI.</summary>
    public PacketPath ReceiveTunneled(IPAddress source, IPAddress destination, NumericIdentity vniIdentity)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return Account(Ingress(source, destination, vniIdentity));
    }

    /// <summary>
    /// Receives a directly routed packet from the underlay: the source identity comes from the ipcache
    /// (<see cref="NumericIdentity.World"/> when no entry contains the source).
    /// </summary>
    public PacketPath ReceiveRouted(IPAddress source, IPAddress destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var sourceIdentity = _ipCache.TryLookup(source, out _, out var info) ? info.Identity : NumericIdentity.World;
        return Account(Ingress(source, destination, sourceIdentity));
    }

    /// <summary>E.g. <c>node-1 (192.168.0.11)</c>.</summary>
    public override string ToString() => $"{NodeName} ({NodeAddress})";

    private PacketPath Egress(IPAddress source, IPAddress destination)
    {
        if (!_endpoints.TryLookup(source, out var sender))
        {
            return PacketPath.Dropped(source, destination, NumericIdentity.Unknown, NumericIdentity.Unknown, DropReason.SourceNotLocalEndpoint);
        }

        var sourceIdentity = sender.Identity;
        if (_endpoints.TryLookup(destination, out var receiver))
        {
            return PacketPath.Delivered(source, sourceIdentity, receiver);
        }

        var known = _ipCache.TryLookup(destination, out _, out var info);
        var packet = new Egressing(source, destination, sourceIdentity, known ? info.Identity : NumericIdentity.Unknown);
        if (Options.OwnsPodAddress(destination) || (known && IsThisNode(info.TunnelEndpoint)))
        {
            return packet.Drop(DropReason.NoSuchEndpoint);
        }

        if (!known)
        {
            return packet.Drop(DropReason.DestinationUnknown);
        }

        return Options.RoutingMode switch
        {
            RoutingMode.Direct => TryRoute(packet, info) ?? packet.Drop(DropReason.NoRoute),
            RoutingMode.Hybrid => TryRoute(packet, info) ?? Tunnel(packet, info),
            _ => Tunnel(packet, info),
        };
    }

    private PacketPath? TryRoute(Egressing packet, IpCacheValue info)
    {
        if (!_routes.TryLookup(packet.Destination, out _, out var nextHop))
        {
            return null;
        }

        return IsThisNode(nextHop)
            ? packet.Drop(DropReason.NoSuchEndpoint)
            : PacketPath.Routed(packet.Source, packet.Destination, packet.SourceIdentity, packet.DestinationIdentity, nextHop, info.EncryptKey);
    }

    private PacketPath Tunnel(Egressing packet, IpCacheValue info)
    {
        // The ipcache's tunnel endpoint wins; without one, the tunnel map's entry for the destination's pod CIDR.
        TunnelEndpoint target;
        if (info.TunnelEndpoint is { } fromIpCache)
        {
            target = new TunnelEndpoint(fromIpCache, info.EncryptKey);
        }
        else if (!_tunnels.TryLookup(packet.Destination, out _, out target))
        {
            return packet.Drop(DropReason.NoTunnelEndpoint);
        }

        return IsThisNode(target.NodeAddress)
            ? packet.Drop(DropReason.NoSuchEndpoint)
            : PacketPath.Tunneled(packet.Source, packet.Destination, packet.SourceIdentity, packet.DestinationIdentity, target.NodeAddress, target.EncryptKey);
    }

    private PacketPath Ingress(IPAddress source, IPAddress destination, NumericIdentity sourceIdentity)
    {
        if (_endpoints.TryLookup(destination, out var receiver))
        {
            return PacketPath.Delivered(source, sourceIdentity, receiver);
        }

        var destinationIdentity = _ipCache.TryLookup(destination, out _, out var info) ? info.Identity : NumericIdentity.Unknown;
        return PacketPath.Dropped(source, destination, sourceIdentity, destinationIdentity, DropReason.NoSuchEndpoint);
    }

    private bool IsThisNode(IPAddress? address) => address is not null && address.Equals(NodeAddress);

    private PacketPath Account(PacketPath path)
    {
        Counters.Count(path);
        if (path.Kind == PathKind.Drop)
        {
            SimulationLog.PacketDropped(_logger, NodeName, path.Source, path.Destination, path.Reason!);
        }

        return path;
    }

    /// <summary>A packet on its way out, once its identities are known.</summary>
    private readonly record struct Egressing(IPAddress Source, IPAddress Destination, NumericIdentity SourceIdentity, NumericIdentity DestinationIdentity)
    {
        public PacketPath Drop(DropReason reason) =>
            PacketPath.Dropped(Source, Destination, SourceIdentity, DestinationIdentity, reason);
    }
}
