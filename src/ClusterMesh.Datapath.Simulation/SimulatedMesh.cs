using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterMesh.Datapath.Simulation;

/// <summary>
/// An underlay joining several <see cref="SimulatedDatapath"/> nodes (of one or many clusters) by node address,
/// which follows a packet across them: the sending node's walk, the tunnel or direct route, and the receiving
/// node's delivery or drop. Thread-safe.
/// </summary>
public sealed partial class SimulatedMesh
{
    private readonly ConcurrentDictionary<IPAddress, SimulatedDatapath> _byAddress = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates an empty mesh; nodes it creates log through <paramref name="loggerFactory"/>.</summary>
    public SimulatedMesh(ILoggerFactory? loggerFactory = null)
    {
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<SimulatedMesh>();
    }

    /// <summary>The nodes, ordered by name then address.</summary>
    public IReadOnlyList<SimulatedDatapath> Nodes =>
        [.. _byAddress.Values.OrderBy(n => n.NodeName, StringComparer.Ordinal).ThenBy(n => n.NodeAddress.ToString(), StringComparer.Ordinal)];

    /// <summary>Creates a node and joins it to the mesh.</summary>
    /// <exception cref="InvalidOperationException">Another node has the same address.</exception>
    public SimulatedDatapath AddNode(SimulatedNodeOptions options) =>
        Add(new SimulatedDatapath(options, _loggerFactory.CreateLogger<SimulatedDatapath>()));

    /// <summary>Joins an existing node to the mesh.</summary>
    /// <exception cref="InvalidOperationException">Another node has the same address.</exception>
    public SimulatedDatapath Add(SimulatedDatapath node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!_byAddress.TryAdd(node.NodeAddress, node))
        {
            throw new InvalidOperationException($"the mesh already has a node with address {node.NodeAddress}");
        }

        return node;
    }

    /// <summary>The node with underlay address <paramref name="nodeAddress"/>.</summary>
    public bool TryGetNode(IPAddress nodeAddress, [MaybeNullWhen(false)] out SimulatedDatapath node)
    {
        ArgumentNullException.ThrowIfNull(nodeAddress);
        return _byAddress.TryGetValue(nodeAddress, out node);
    }

    /// <summary>The node hosting the endpoint with <paramref name="podAddress"/>, or <c>null</c>.</summary>
    public SimulatedDatapath? FindEndpointNode(IPAddress podAddress)
    {
        ArgumentNullException.ThrowIfNull(podAddress);
        return Nodes.FirstOrDefault(n => n.Endpoints.TryLookup(podAddress, out _));
    }

    /// <summary>
    /// Programs every node with every other node's pod CIDRs, as the agent does from node records: tunnel map
    /// entries unless the node routes natively (direct mode), and direct routes where
    /// <see cref="SimulatedNodeOptions.RoutesDirectlyTo"/> says so (removing a route where it no longer does).
    /// </summary>
    public void InstallNodeRoutes()
    {
        var nodes = Nodes;
        foreach (var node in nodes)
        {
            foreach (var remote in nodes.Where(r => !ReferenceEquals(r, node)))
            {
                var direct = node.Options.RoutesDirectlyTo(remote.Options);
                foreach (var cidr in remote.Options.PodCidrs)
                {
                    if (node.Options.RoutingMode != RoutingMode.Direct)
                    {
                        node.Tunnels.Upsert(cidr, new TunnelEndpoint(remote.NodeAddress, remote.Options.EncryptKey));
                    }

                    if (direct)
                    {
                        node.Routes.Upsert(cidr, remote.NodeAddress);
                    }
                    else
                    {
                        node.Routes.Delete(cidr);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes a host ipcache entry for every endpoint of every node into every node, as the agent does from the
    /// kvstore: the owning node as tunnel endpoint for remote endpoints, none for the node's own.
    /// </summary>
    public void PublishEndpoints()
    {
        var nodes = Nodes;
        foreach (var owner in nodes)
        {
            foreach (var endpoint in owner.Endpoints.Dump())
            {
                foreach (var node in nodes)
                {
                    var local = ReferenceEquals(node, owner);
                    node.IpCache.Upsert(
                        IpPrefix.Host(endpoint.Address),
                        new IpCacheValue(endpoint.Identity, local ? null : owner.NodeAddress, local ? (byte)0 : owner.Options.EncryptKey));
                }
            }
        }
    }

    /// <summary>Follows a packet from the node hosting <paramref name="source"/> to its end.</summary>
    public MeshTrace Follow(IPAddress source, IPAddress destination) => Follow(source, destination, null);

    /// <summary>Follows a packet with an L4 header, enforcing policy at the sending and the receiving endpoint.</summary>
    public MeshTrace Follow(IPAddress source, IPAddress destination, Policy.PacketL4? l4)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        return Travel(
            source,
            destination,
            sender => l4 is { } header ? sender.Walk(source, destination, header) : sender.Walk(source, destination),
            (receiver, sent) => (sent.Kind, l4) switch
            {
                (PathKind.Tunnel, { } h) => receiver.ReceiveTunneled(source, destination, sent.SourceIdentity, h),
                (PathKind.Tunnel, null) => receiver.ReceiveTunneled(source, destination, sent.SourceIdentity),
                (_, { } h) => receiver.ReceiveRouted(source, destination, h),
                _ => receiver.ReceiveRouted(source, destination),
            });
    }

    /// <summary>
    /// One packet's way: <paramref name="send"/> on the node hosting <paramref name="source"/>, then, unless it is
    /// delivered or dropped there, across the underlay (a known node, on the same segment for a direct route) to
    /// <paramref name="receive"/> on the node it was sent to.
    /// </summary>
    private MeshTrace Travel(IPAddress source, IPAddress destination, Func<SimulatedDatapath, PacketPath> send,
        Func<SimulatedDatapath, PacketPath, PacketPath> receive)
    {
        var sender = FindEndpointNode(source);
        if (sender is null)
        {
            return new MeshTrace([Underlay(PacketPath.Dropped(
                source, destination, NumericIdentity.Unknown, NumericIdentity.Unknown,
                DropReason.SourceNotLocalEndpoint, "source is not an endpoint of any node in the mesh"))]);
        }

        var sent = send(sender);
        var first = new MeshHop(sender, sent);
        if (sent.Kind is PathKind.LocalDelivery or PathKind.Drop)
        {
            return new MeshTrace([first]);
        }

        var target = sent.NodeAddress!;
        if (!_byAddress.TryGetValue(target, out var receiver))
        {
            return new MeshTrace([first, Underlay(sent.AsUnderlayDrop(DropReason.UnknownNode, $"no node with address {target} in the mesh"))]);
        }

        if (sent.Kind == PathKind.DirectRoute && !string.Equals(sender.Options.Segment, receiver.Options.Segment, StringComparison.Ordinal))
        {
            return new MeshTrace([first, Underlay(sent.AsUnderlayDrop(
                DropReason.NextHopNotOnSegment, $"next hop {target} is on L2 segment '{receiver.Options.Segment}', not '{sender.Options.Segment}'"))]);
        }

        return new MeshTrace([first, new MeshHop(receiver, receive(receiver, sent))]);
    }

    private MeshHop Underlay(PacketPath drop)
    {
        SimulationLog.UnderlayDropped(_logger, drop.Source, drop.Destination, drop.Reason!);
        return new MeshHop(null, drop);
    }
}
