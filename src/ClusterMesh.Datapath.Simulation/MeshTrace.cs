namespace ClusterMesh.Datapath.Simulation;

/// <summary>One step of a packet through the mesh.</summary>
/// <param name="Node">The node that handled the packet, or <c>null</c> when the underlay dropped it.</param>
/// <param name="Path">What that node (or the underlay) did with it.</param>
public sealed record MeshHop(SimulatedDatapath? Node, PacketPath Path)
{
    /// <summary>E.g. <c>node-2 (192.168.0.12): delivered to pod default/rebel-base (endpoint 7, identity 65794)</c>.</summary>
    public override string ToString() => $"{Node?.ToString() ?? "underlay"}: {Path}";
}

/// <summary>The steps of a packet from its sending node to where it ended.</summary>
public sealed class MeshTrace
{
    internal MeshTrace(IReadOnlyList<MeshHop> hops) => Hops = hops;

    /// <summary>The steps, sending node first; never empty.</summary>
    public IReadOnlyList<MeshHop> Hops { get; }

    /// <summary>Where the packet ended: delivered or dropped.</summary>
    public PacketPath Outcome => Hops[^1].Path;

    /// <summary>Whether an endpoint received the packet.</summary>
    public bool Delivered => Outcome.Kind == PathKind.LocalDelivery;

    /// <summary>The node that delivered the packet, or <c>null</c>.</summary>
    public SimulatedDatapath? DeliveredBy => Delivered ? Hops[^1].Node : null;

    /// <summary>The hops joined by <c>; </c>.</summary>
    public override string ToString() => string.Join("; ", Hops);
}
