using System.Net;

namespace ClusterMesh.Datapath.Ebpf;

/// <summary>How <see cref="EbpfNode"/> plugs the datapath into the node it runs on (its network namespace).</summary>
public sealed record EbpfNodeOptions
{
    /// <summary>The VXLAN device created when missing (Cilium's name).</summary>
    public const string DefaultVxlanDevice = "cilium_vxlan";

    /// <summary>The bpffs directory for the maps and tcx links, e.g. <c>/sys/fs/bpf/clustermesh/c1-node1</c>.</summary>
    public required string PinDirectory { get; init; }

    /// <summary>This node's IPv4 underlay address (tunnel source, next hop for its pods).</summary>
    public required IPAddress NodeAddress { get; init; }

    /// <summary>The underlay device: direct routing leaves and arrives through it (<c>from_netdev</c>).</summary>
    public string UnderlayDevice { get; init; } = "eth0";

    /// <summary>The VXLAN device in external mode (<c>from_overlay</c>); created on port 8472 when missing.</summary>
    public string VxlanDevice { get; init; } = DefaultVxlanDevice;
}
