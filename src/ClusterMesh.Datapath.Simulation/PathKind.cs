namespace ClusterMesh.Datapath.Simulation;

/// <summary>Where a node's datapath sends a packet.</summary>
public enum PathKind
{
    /// <summary>To an endpoint of this node.</summary>
    LocalDelivery,

    /// <summary>VXLAN-encapsulated to another node; the source identity travels in the VNI.</summary>
    Tunnel,

    /// <summary>Routed unencapsulated through the underlay to a next hop node.</summary>
    DirectRoute,

    /// <summary>Dropped; see <see cref="PacketPath.DropReason"/>.</summary>
    Drop,
}
