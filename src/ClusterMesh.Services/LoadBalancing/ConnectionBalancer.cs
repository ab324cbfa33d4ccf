using System.Collections.Concurrent;

namespace ClusterMesh.Services.LoadBalancing;

/// <summary>
/// DNAT with connection affinity for a datapath: a new flow to a frontend is hashed onto its Maglev table, and a
/// conntrack-like map keeps an established flow on its backend for as long as that backend is still in the
/// frontend's table (when it leaves, the flow is balanced again). Replies are mapped back to the frontend
/// (reverse NAT). Thread-safe.
/// </summary>
public sealed class ConnectionBalancer(LoadBalancerTables tables)
{
    private readonly LoadBalancerTables _tables = tables ?? throw new ArgumentNullException(nameof(tables));
    private readonly ConcurrentDictionary<FlowKey, LbBackend> _connections = new();
    private readonly ConcurrentDictionary<FlowKey, LbFrontend> _replies = new();

    /// <summary>Number of tracked connections.</summary>
    public int Count => _connections.Count;

    /// <summary>
    /// The backend for a packet of <paramref name="flow"/> (addressed to a frontend). False when the destination
    /// is no frontend or the frontend has no backend.
    /// </summary>
    public bool TryConnect(FlowKey flow, out LbBackend backend)
    {
        backend = null!;
        if (!_tables.TryGet(flow.Frontend, out var table))
        {
            return false;
        }

        if (_connections.TryGetValue(flow, out var established) && table.Backends.Contains(established))
        {
            backend = established;
            return true;
        }

        if (table.Lookup(flow.Hash()) is not { } chosen)
        {
            Close(flow);
            return false;
        }

        if (established is not null)
        {
            _replies.TryRemove(ReplyOf(flow, established), out _);
        }

        _connections[flow] = chosen;
        _replies[ReplyOf(flow, chosen)] = flow.Frontend;
        backend = chosen;
        return true;
    }

    /// <summary>Reverse NAT: the frontend a reply (from the backend to the client) must appear to come from.</summary>
    public bool TryReverse(FlowKey reply, out LbFrontend frontend) => _replies.TryGetValue(reply, out frontend);

    /// <summary>Forgets a connection.</summary>
    public bool Close(FlowKey flow)
    {
        if (!_connections.TryRemove(flow, out var backend))
        {
            return false;
        }

        _replies.TryRemove(ReplyOf(flow, backend), out _);
        return true;
    }

    private static FlowKey ReplyOf(FlowKey flow, LbBackend backend) =>
        new(backend.Address, backend.Port, flow.SourceAddress, flow.SourcePort, flow.Protocol.ToUpperInvariant());
}
