using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Datapath.Simulation.LoadBalancing;

/// <summary>
/// The conntrack of service connections: a connection (its 5-tuple to the frontend) keeps its backend for as
/// long as that backend is still one of the frontend's, and its reply tuple (backend → client) maps back to the
/// frontend for reverse NAT. Thread-safe.
/// </summary>
internal sealed class ConnectionTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<L4Flow, Tracked> _forward = [];
    private readonly Dictionary<L4Flow, Tracked> _replies = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _forward.Count;
            }
        }
    }

    /// <summary>The backend for a packet of <paramref name="flow"/> to <paramref name="frontend"/>; null when there is none.</summary>
    public ServiceTranslation? Translate(L4Flow flow, LbServiceKey frontend, LbServiceEntry entry)
    {
        lock (_gate)
        {
            if (_forward.TryGetValue(flow, out var known) && known.Frontend == frontend && entry.Backends.Contains(known.Backend))
            {
                return new ServiceTranslation(NatDirection.Dnat, frontend, known.Backend, Established: true);
            }

            if (known is not null)
            {
                // Its backend left (or the frontend changed): the connection is balanced again.
                _forward.Remove(flow);
                _replies.Remove(ReplyOf(flow, known.Backend));
            }

            if (entry.Select(flow.Hash()) is not { } chosen)
            {
                return null;
            }

            var tracked = new Tracked(frontend, chosen);
            _forward[flow] = tracked;
            _replies[ReplyOf(flow, chosen)] = tracked;
            return new ServiceTranslation(NatDirection.Dnat, frontend, chosen, Established: false);
        }
    }

    /// <summary>Reverse NAT for a reply (backend → client) of a tracked connection.</summary>
    public ServiceTranslation? Reverse(L4Flow reply)
    {
        lock (_gate)
        {
            return _replies.TryGetValue(reply, out var tracked)
                ? new ServiceTranslation(NatDirection.ReverseNat, tracked.Frontend, tracked.Backend, Established: true)
                : null;
        }
    }

    private static L4Flow ReplyOf(L4Flow flow, LbBackendAddress backend) =>
        new(backend.Address, backend.Port, flow.Source, flow.SourcePort, flow.Protocol);

    private sealed record Tracked(LbServiceKey Frontend, LbBackendAddress Backend);
}
