using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Replication.Datapath;

/// <summary>
/// Decides, per remote node, whether this node reaches its pod CIDRs by direct routing: always in direct mode,
/// never in tunnel mode, and in hybrid mode only when both nodes sit on the same L2 segment.
/// </summary>
/// <param name="Mode">This node's routing mode.</param>
/// <param name="LocalSegment">This node's L2 segment.</param>
public sealed record NodeRouting(RoutingMode Mode, string LocalSegment)
{
    /// <summary>Node label naming a node's L2 segment; without it a node's segment is its cluster name.</summary>
    public const string SegmentLabel = "mesh.clustermesh.io/l2-segment";

    /// <summary>The L2 segment of <paramref name="node"/>.</summary>
    public static string SegmentOf(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Labels is { } labels && labels.TryGetValue(SegmentLabel, out var segment) && segment.Length > 0
            ? segment
            : node.Cluster;
    }

    /// <summary>Whether pod CIDRs of <paramref name="node"/> get a direct route.</summary>
    public bool RoutesDirectlyTo(Node node) => Mode switch
    {
        RoutingMode.Direct => true,
        RoutingMode.Hybrid => string.Equals(SegmentOf(node), LocalSegment, StringComparison.Ordinal),
        _ => false,
    };
}
