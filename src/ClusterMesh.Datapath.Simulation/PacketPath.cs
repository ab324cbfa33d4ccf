using System.Globalization;
using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>The answer of one node's datapath for one packet: where it goes, and the identities it saw.</summary>
public sealed record PacketPath
{
    private PacketPath(PathKind kind, IPAddress source, IPAddress destination)
    {
        Kind = kind;
        Source = source;
        Destination = destination;
    }

    /// <summary>What happens to the packet.</summary>
    public PathKind Kind { get; }

    /// <summary>The packet's source address (after reverse NAT, the service frontend's).</summary>
    public IPAddress Source { get; private init; }

    /// <summary>The packet's destination address (after DNAT, the backend's).</summary>
    public IPAddress Destination { get; }

    /// <summary>The source's identity: the sending endpoint's, or on receipt the VNI's (tunnel) or the ipcache's (direct).</summary>
    public NumericIdentity SourceIdentity { get; private init; }

    /// <summary>The destination's identity (from the ipcache or the local endpoint); <see cref="NumericIdentity.Unknown"/> when unresolved.</summary>
    public NumericIdentity DestinationIdentity { get; private init; }

    /// <summary>The tunnel destination (<see cref="PathKind.Tunnel"/>) or next hop (<see cref="PathKind.DirectRoute"/>).</summary>
    public IPAddress? NodeAddress { get; private init; }

    /// <summary>The encryption key index the packet leaves with; 0 when off.</summary>
    public byte EncryptKey { get; private init; }

    /// <summary>The receiving endpoint (<see cref="PathKind.LocalDelivery"/>).</summary>
    public LocalEndpoint? Endpoint { get; private init; }

    /// <summary>The drop code (<see cref="PathKind.Drop"/>).</summary>
    public DropReason? DropReason { get; private init; }

    /// <summary>Why the packet was dropped, in words (<see cref="PathKind.Drop"/>).</summary>
    public string? Reason { get; private init; }

    /// <summary>What service translation did to the packet, if anything (see <see cref="SimulatedDatapath.Walk(L4Flow)"/>).</summary>
    public ServiceTranslation? Translation { get; private init; }

    /// <summary>The same outcome after <paramref name="translation"/>; reverse NAT also rewrites the source.</summary>
    internal PacketPath With(ServiceTranslation translation) => this with
    {
        Translation = translation,
        Source = translation.Direction == NatDirection.ReverseNat ? translation.Frontend.Address : Source,
    };

    /// <summary>Delivered to an endpoint of this node.</summary>
    public static PacketPath Delivered(IPAddress source, NumericIdentity sourceIdentity, LocalEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new(PathKind.LocalDelivery, source, endpoint.Address)
        {
            SourceIdentity = sourceIdentity,
            DestinationIdentity = endpoint.Identity,
            Endpoint = endpoint,
        };
    }

    /// <summary>Encapsulated to <paramref name="nodeAddress"/> with the source identity in the VNI.</summary>
    public static PacketPath Tunneled(IPAddress source, IPAddress destination, NumericIdentity sourceIdentity, NumericIdentity destinationIdentity, IPAddress nodeAddress, byte encryptKey) =>
        new(PathKind.Tunnel, source, destination)
        {
            SourceIdentity = sourceIdentity,
            DestinationIdentity = destinationIdentity,
            NodeAddress = nodeAddress,
            EncryptKey = encryptKey,
        };

    /// <summary>Routed through the underlay to <paramref name="nextHop"/>.</summary>
    public static PacketPath Routed(IPAddress source, IPAddress destination, NumericIdentity sourceIdentity, NumericIdentity destinationIdentity, IPAddress nextHop, byte encryptKey) =>
        new(PathKind.DirectRoute, source, destination)
        {
            SourceIdentity = sourceIdentity,
            DestinationIdentity = destinationIdentity,
            NodeAddress = nextHop,
            EncryptKey = encryptKey,
        };

    /// <summary>Dropped for <paramref name="reason"/>; <paramref name="detail"/> replaces the standard text when given.</summary>
    public static PacketPath Dropped(IPAddress source, IPAddress destination, NumericIdentity sourceIdentity, NumericIdentity destinationIdentity, DropReason reason, string? detail = null, IPAddress? nodeAddress = null) =>
        new(PathKind.Drop, source, destination)
        {
            SourceIdentity = sourceIdentity,
            DestinationIdentity = destinationIdentity,
            DropReason = reason,
            Reason = detail ?? reason.Describe(),
            NodeAddress = nodeAddress,
        };

    /// <summary>The same packet, dropped by the underlay on its way to <see cref="NodeAddress"/>.</summary>
    internal PacketPath AsUnderlayDrop(DropReason reason, string detail) =>
        Dropped(Source, Destination, SourceIdentity, DestinationIdentity, reason, detail, NodeAddress);

    /// <summary>E.g. <c>tunnel to 192.168.0.12 (vni identity 65793)</c> or <c>drop: no tunnel endpoint</c>.</summary>
    public override string ToString() => Kind switch
    {
        PathKind.LocalDelivery => string.Create(CultureInfo.InvariantCulture, $"delivered to pod {Endpoint!.Namespace}/{Endpoint.PodName} (endpoint {Endpoint.EndpointId}, identity {DestinationIdentity})"),
        PathKind.Tunnel => string.Create(CultureInfo.InvariantCulture, $"tunnel to {NodeAddress} (vni identity {SourceIdentity}{EncryptSuffix()})"),
        PathKind.DirectRoute => string.Create(CultureInfo.InvariantCulture, $"direct route via {NodeAddress}{(EncryptKey == 0 ? string.Empty : $" (encrypt key {EncryptKey})")}"),
        _ => $"drop: {Reason}",
    };

    private string EncryptSuffix() =>
        EncryptKey == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", encrypt key {EncryptKey}");
}
