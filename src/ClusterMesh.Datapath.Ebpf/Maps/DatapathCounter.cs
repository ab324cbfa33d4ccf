namespace ClusterMesh.Datapath.Ebpf;

/// <summary>The slots of <c>cm_counters</c> (<c>enum cm_counter</c> in <c>bpf/cm_maps.h</c>).</summary>
public enum DatapathCounter
{
    /// <summary>CM_CTR_LOCAL_DELIVERY: delivered to a pod on this node.</summary>
    LocalDelivery = 0,

    /// <summary>CM_CTR_TUNNEL_TX: sent into the VXLAN tunnel.</summary>
    TunnelTx = 1,

    /// <summary>CM_CTR_TUNNEL_RX: received from the VXLAN tunnel.</summary>
    TunnelRx = 2,

    /// <summary>CM_CTR_DIRECT_TX: routed directly to another node.</summary>
    DirectTx = 3,

    /// <summary>CM_CTR_DIRECT_RX: received by direct routing.</summary>
    DirectRx = 4,

    /// <summary>CM_CTR_DROP_NO_ROUTE: dropped, no tunnel or route for the destination.</summary>
    DropNoRoute = 5,

    /// <summary>CM_CTR_DROP_UNKNOWN_SOURCE: dropped, the source is not a local endpoint.</summary>
    DropUnknownSource = 6,

    /// <summary>CM_CTR_PASS_TO_STACK: handed to the host stack.</summary>
    PassToStack = 7,
}
