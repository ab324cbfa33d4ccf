using System.Net.Sockets;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Datapath.Ebpf;

namespace ClusterMesh.Agent.Run;

/// <summary>The <c>ebpf</c> datapath of <c>run</c>: the node's address and the pin directory of the eBPF node driver.</summary>
internal static class EbpfChoice
{
    /// <summary>The default pin directory: one per cluster and node, so several agents can share a bpffs.</summary>
    public static string DefaultPinDirectory(string cluster, string node) => $"/sys/fs/bpf/clustermesh/{cluster}-{node}";

    /// <exception cref="RunInputException">The node has no IPv4 InternalIP.</exception>
    public static EbpfNodeOptions Options(DatapathNode node)
    {
        var address = node.Node.AddressOf(NodeAddress.InternalIP, AddressFamily.InterNetwork)
            ?? throw new RunInputException($"--datapath ebpf: node {node.Node.Name} has no IPv4 InternalIP (the tunnel source and next hop)");
        var host = node.Host ?? new DatapathHostSettings("eth0", null);
        return new EbpfNodeOptions
        {
            NodeAddress = address,
            UnderlayDevice = host.UnderlayDevice,
            PinDirectory = host.PinDirectory ?? DefaultPinDirectory(node.Cluster.Name.Value, node.Node.Name),
        };
    }
}
