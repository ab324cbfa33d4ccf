using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Datapath.Simulation.Policy;

/// <summary>
/// The policy maps of a node's endpoints, by endpoint ID (one BPF policy map per endpoint). An endpoint without a
/// map is not enforced. Thread-safe: a map is replaced whole.
/// </summary>
public sealed class EndpointPolicyMaps
{
    private readonly ConcurrentDictionary<int, PolicyMapSnapshot> _maps = new();

    /// <summary>Number of endpoints with a map.</summary>
    public int Count => _maps.Count;

    /// <summary>Installs (or replaces) the map of endpoint <paramref name="endpointId"/>.</summary>
    public void Replace(int endpointId, IEnumerable<KeyValuePair<PolicyMapKey, PolicyMapValue>> entries) =>
        _maps[endpointId] = new PolicyMapSnapshot(entries);

    /// <summary>Removes the map of endpoint <paramref name="endpointId"/> (it is no longer enforced).</summary>
    public bool Delete(int endpointId) => _maps.TryRemove(endpointId, out _);

    /// <summary>The map of endpoint <paramref name="endpointId"/>.</summary>
    public bool TryGet(int endpointId, [MaybeNullWhen(false)] out PolicyMapSnapshot map) => _maps.TryGetValue(endpointId, out map);
}
