using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>Following a connection's packets (5-tuples) across the mesh, with service translation.</summary>
public sealed partial class SimulatedMesh
{
    /// <summary>
    /// Follows a packet of <paramref name="flow"/> from the node hosting its source: the sending node translates
    /// a service frontend to a backend (see <see cref="SimulatedDatapath.Walk(L4Flow)"/>) and the receiving node
    /// gets the translated packet; a reply is reverse-NATed by the node that tracks its connection.
    /// </summary>
    public MeshTrace Follow(L4Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow.Source);
        ArgumentNullException.ThrowIfNull(flow.Destination);
        var sender = FindEndpointNode(flow.Source);
        if (sender is null)
        {
            return new MeshTrace([Underlay(PacketPath.Dropped(
                flow.Source, flow.Destination, NumericIdentity.Unknown, NumericIdentity.Unknown,
                DropReason.SourceNotLocalEndpoint, "source is not an endpoint of any node in the mesh"))]);
        }

        var sent = sender.Walk(flow);
        var first = new MeshHop(sender, sent);
        if (sent.Kind is PathKind.LocalDelivery or PathKind.Drop)
        {
            return new MeshTrace([first]);
        }

        var target = sent.NodeAddress!;
        if (!_byAddress.TryGetValue(target, out var receiver))
        {
            return new MeshTrace([first, Underlay(sent.AsUnderlayDrop(DropReason.UnknownNode, $"no node with address {target} in the mesh"))]);
        }

        if (sent.Kind == PathKind.DirectRoute && !string.Equals(sender.Options.Segment, receiver.Options.Segment, StringComparison.Ordinal))
        {
            return new MeshTrace([first, Underlay(sent.AsUnderlayDrop(
                DropReason.NextHopNotOnSegment, $"next hop {target} is on L2 segment '{receiver.Options.Segment}', not '{sender.Options.Segment}'"))]);
        }

        // On the wire the packet carries the translated destination (the backend and its port).
        var onWire = sent.Translation is { Direction: NatDirection.Dnat } dnat
            ? flow with { Destination = dnat.Backend.Address, DestinationPort = dnat.Backend.Port }
            : flow;
        var received = sent.Kind == PathKind.Tunnel
            ? receiver.ReceiveTunneled(onWire, sent.SourceIdentity)
            : receiver.ReceiveRouted(onWire);
        return new MeshTrace([first, new MeshHop(receiver, received)]);
    }
}
