namespace ClusterMesh.Datapath.Simulation;

/// <summary>Why a packet was dropped: a stable code, counted per node and compared with the eBPF datapath.</summary>
public enum DropReason
{
    /// <summary>The source address is not an endpoint of the sending node.</summary>
    SourceNotLocalEndpoint,

    /// <summary>No ipcache entry contains the destination.</summary>
    DestinationUnknown,

    /// <summary>Tunnel needed, but neither the ipcache nor the tunnel map names the destination's node.</summary>
    NoTunnelEndpoint,

    /// <summary>Direct routing needed, but the route table has no route to the destination.</summary>
    NoRoute,

    /// <summary>The destination belongs to this node (its pod CIDR, or the ipcache/route points here) but no endpoint has it.</summary>
    NoSuchEndpoint,

    /// <summary>The underlay has no node with the tunnel destination or next-hop address.</summary>
    UnknownNode,

    /// <summary>A direct route's next hop is not on the sending node's L2 segment, so the underlay cannot reach it.</summary>
    NextHopNotOnSegment,

    /// <summary>The packet is addressed to a service frontend that has no backend.</summary>
    NoServiceBackend,

    /// <summary>The sending endpoint's egress policy or the receiving endpoint's ingress policy denies the packet.</summary>
    PolicyDenied,
}

/// <summary>Readable text for <see cref="DropReason"/>.</summary>
public static class DropReasonExtensions
{
    /// <summary>A short description, e.g. <c>no tunnel endpoint</c>.</summary>
    public static string Describe(this DropReason reason) => reason switch
    {
        DropReason.SourceNotLocalEndpoint => "source is not a local endpoint",
        DropReason.DestinationUnknown => "destination unknown (no ipcache entry)",
        DropReason.NoTunnelEndpoint => "no tunnel endpoint",
        DropReason.NoRoute => "no route to destination",
        DropReason.NoSuchEndpoint => "no such endpoint on node",
        DropReason.UnknownNode => "no node with that address in the mesh",
        DropReason.NextHopNotOnSegment => "next hop is not on this node's L2 segment",
        DropReason.NoServiceBackend => "service has no backend",
        DropReason.PolicyDenied => "policy denied",
        _ => reason.ToString(),
    };
}
