using System.Collections.Concurrent;
using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Datapath.Simulation.LoadBalancing;

/// <summary>The simulated load-balancer map: frontend → backends and Maglev slots. Thread-safe.</summary>
internal sealed class LoadBalancerMap : ILoadBalancerMap
{
    private readonly ConcurrentDictionary<LbServiceKey, LbServiceEntry> _entries = new();

    public int Count => _entries.Count;

    public void Upsert(LbServiceKey frontend, LbServiceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(frontend.Address);
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Slots.Any(i => i < 0 || i >= entry.Backends.Count))
        {
            throw new ArgumentException($"a slot of {frontend} names no backend", nameof(entry));
        }

        _entries[Normalize(frontend)] = entry;
    }

    public bool Delete(LbServiceKey frontend) => _entries.TryRemove(Normalize(frontend), out _);

    public bool TryLookup(LbServiceKey frontend, out LbServiceEntry entry) => _entries.TryGetValue(Normalize(frontend), out entry!);

    public IReadOnlyList<KeyValuePair<LbServiceKey, LbServiceEntry>> Dump() =>
        [.. _entries.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal)];

    private static LbServiceKey Normalize(LbServiceKey key) => LbServiceKey.Of(key.Address, key.Port, key.Protocol);
}
