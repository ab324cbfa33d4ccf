using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>What one simulated node is: its name, underlay address, pod CIDRs, routing mode and L2 segment.</summary>
public sealed record SimulatedNodeOptions
{
    /// <summary>The segment of nodes that do not name one: all such nodes share one flat L2 network.</summary>
    public const string DefaultSegment = "default";

    /// <summary>The node name.</summary>
    public required string NodeName { get; init; }

    /// <summary>The node's underlay address: tunnel destination and next hop for its pods.</summary>
    public required IPAddress NodeAddress { get; init; }

    /// <summary>The node's pod CIDRs (IPv4 and/or IPv6).</summary>
    public IReadOnlyList<IpPrefix> PodCidrs { get; init; } = [];

    /// <summary>How this node reaches other nodes' pods.</summary>
    public RoutingMode RoutingMode { get; init; } = RoutingMode.Tunnel;

    /// <summary>The L2 segment the node sits on; in hybrid mode, nodes on the same segment route directly.</summary>
    public string Segment { get; init; } = DefaultSegment;

    /// <summary>The node's encryption key index (0: off), announced to other nodes with its tunnel entries.</summary>
    public byte EncryptKey { get; init; }

    /// <summary>
    /// Whether this node installs a direct route to <paramref name="remote"/>'s pod CIDRs: always in direct mode,
    /// never in tunnel mode, and in hybrid mode only when both nodes share an L2 segment (as auto-direct-node-routes
    /// does: a route via a next hop that is not on-link cannot be installed).
    /// </summary>
    public bool RoutesDirectlyTo(SimulatedNodeOptions remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return RoutingMode switch
        {
            RoutingMode.Direct => true,
            RoutingMode.Hybrid => string.Equals(Segment, remote.Segment, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="address"/> lies in one of this node's pod CIDRs.</summary>
    public bool OwnsPodAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        foreach (var cidr in PodCidrs)
        {
            if (cidr.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(NodeName))
        {
            throw new ArgumentException("a simulated node needs a name", nameof(NodeName));
        }

        ArgumentNullException.ThrowIfNull(NodeAddress);
        ArgumentNullException.ThrowIfNull(PodCidrs);
        if (string.IsNullOrWhiteSpace(Segment))
        {
            throw new ArgumentException("a simulated node needs an L2 segment name", nameof(Segment));
        }

        if (!Enum.IsDefined(RoutingMode))
        {
            throw new ArgumentOutOfRangeException(nameof(RoutingMode), RoutingMode, "unknown routing mode");
        }
    }
}
