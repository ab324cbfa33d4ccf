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
        return Travel(flow.Source, flow.Destination, sender => sender.Walk(flow), (receiver, sent) =>
        {
            // On the wire the packet carries the translated destination (the backend and its port).
            var onWire = sent.Translation is { Direction: NatDirection.Dnat } dnat
                ? flow with { Destination = dnat.Backend.Address, DestinationPort = dnat.Backend.Port }
                : flow;
            return sent.Kind == PathKind.Tunnel
                ? receiver.ReceiveTunneled(onWire, sent.SourceIdentity)
                : receiver.ReceiveRouted(onWire);
        });
    }
}
