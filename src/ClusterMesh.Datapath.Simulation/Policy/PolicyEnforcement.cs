using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation.Policy;

/// <summary>
/// Policy enforcement of one node, applied to the outcome of the packet walk: egress in the sending endpoint's map
/// (key: destination identity), ingress in the receiving endpoint's map (key: source identity). A small conntrack
/// remembers the connections this node allowed, so their later packets and their replies pass without a lookup.
/// Conntrack entries do not expire (a limitation of the simulation).
/// </summary>
internal sealed class PolicyEnforcement(EndpointPolicyMaps maps, IEndpointMap endpoints)
{
    private readonly ConcurrentDictionary<(IPAddress Source, IPAddress Destination, PacketL4 L4), byte> _conntrack = new();

    public int TrackedConnections => _conntrack.Count;

    /// <summary>Checks a packet a local endpoint sent (and, when delivered here, its receipt).</summary>
    public PacketPath AfterEgress(PacketPath path, PacketL4 l4)
    {
        if (path.Kind == PathKind.Drop || !endpoints.TryLookup(path.Source, out var sender))
        {
            return path;
        }

        if (Deny(sender, PolicyMapDirection.Egress, path.DestinationIdentity, path.Source, path.Destination, l4) is { } egress)
        {
            return Dropped(path, egress);
        }

        if (path.Kind == PathKind.LocalDelivery)
        {
            return AfterIngress(path, l4);
        }

        Track(path, l4);
        return path;
    }

    /// <summary>Checks a packet delivered to a local endpoint.</summary>
    public PacketPath AfterIngress(PacketPath path, PacketL4 l4)
    {
        if (path.Kind != PathKind.LocalDelivery || path.Endpoint is null)
        {
            return path;
        }

        if (Deny(path.Endpoint, PolicyMapDirection.Ingress, path.SourceIdentity, path.Source, path.Destination, l4) is { } ingress)
        {
            return Dropped(path, ingress);
        }

        Track(path, l4);
        return path;
    }

    /// <summary>Remembers an allowed connection: its later packets and its replies pass without a lookup.</summary>
    private void Track(PacketPath path, PacketL4 l4) => _conntrack.TryAdd((path.Source, path.Destination, l4), 0);

    private string? Deny(LocalEndpoint endpoint, PolicyMapDirection direction, NumericIdentity peer, IPAddress source, IPAddress destination, PacketL4 l4)
    {
        if (_conntrack.ContainsKey((source, destination, l4)) || _conntrack.ContainsKey((destination, source, l4.Reversed)))
        {
            return null;
        }

        if (maps.TryGet(endpoint.EndpointId, out var map))
        {
            var entry = map.Lookup(direction, peer, l4.Protocol, l4.DestinationPort);
            if (entry is not { Value.Deny: false })
            {
                var why = entry is null ? "no entry allows it (default deny)" : $"entry {entry.Value.Key} denies it";
                return string.Create(CultureInfo.InvariantCulture,
                    $"policy denied: {direction.ToString().ToLowerInvariant()} of endpoint {endpoint.EndpointId} ({endpoint.Namespace}/{endpoint.PodName}) with identity {peer.Value}, protocol {l4.Protocol} port {l4.DestinationPort}: {why}");
            }
        }

        return null;
    }

    private static PacketPath Dropped(PacketPath path, string detail) =>
        PacketPath.Dropped(path.Source, path.Destination, path.SourceIdentity, path.DestinationIdentity, DropReason.PolicyDenied, detail, path.NodeAddress);
}
