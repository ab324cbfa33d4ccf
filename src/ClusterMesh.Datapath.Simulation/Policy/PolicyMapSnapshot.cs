using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Datapath.Simulation.Policy;

/// <summary>
/// One endpoint's policy map, immutable once installed, with the eBPF datapath's lookup: the longest prefix match
/// among the peer identity's entries and among the wildcard identity's (0); the longer wins, on a tie the peer's.
/// No matching entry means default deny.
/// </summary>
public sealed class PolicyMapSnapshot
{
    private readonly Dictionary<(NumericIdentity, PolicyMapDirection), KeyValuePair<PolicyMapKey, PolicyMapValue>[]> _slices;

    /// <summary>Builds the map from its entries.</summary>
    public PolicyMapSnapshot(IEnumerable<KeyValuePair<PolicyMapKey, PolicyMapValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = [.. entries];
        _slices = Entries.GroupBy(e => (e.Key.Identity, e.Key.Direction))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(e => e.Key.LpmPrefixLength).ToArray());
    }

    /// <summary>Every entry.</summary>
    public IReadOnlyList<KeyValuePair<PolicyMapKey, PolicyMapValue>> Entries { get; }

    /// <summary>The deciding entry for traffic with <paramref name="peer"/>, or <c>null</c> (default deny).</summary>
    public KeyValuePair<PolicyMapKey, PolicyMapValue>? Lookup(PolicyMapDirection direction, NumericIdentity peer, byte protocol, ushort port)
    {
        var specific = Longest(peer, direction, protocol, port);
        var wildcard = peer == NumericIdentity.Unknown ? null : Longest(NumericIdentity.Unknown, direction, protocol, port);
        if (specific is null)
        {
            return wildcard;
        }

        return wildcard is { } w && w.Key.LpmPrefixLength > specific.Value.Key.LpmPrefixLength ? w : specific;
    }

    private KeyValuePair<PolicyMapKey, PolicyMapValue>? Longest(NumericIdentity identity, PolicyMapDirection direction, byte protocol, ushort port)
    {
        if (_slices.TryGetValue((identity, direction), out var slice))
        {
            foreach (var entry in slice)
            {
                if (entry.Key.CoversPort(protocol, port))
                {
                    return entry;
                }
            }
        }

        return null;
    }
}
