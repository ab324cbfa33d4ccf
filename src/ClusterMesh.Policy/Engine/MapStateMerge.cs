using ClusterMesh.Abstractions.Datapath;

namespace ClusterMesh.Policy.Engine;

/// <summary>
/// Cilium's rules for turning rule contributions into policy-map entries (deny precedence, wildcard merging), for
/// one direction. Entries of the wildcard identity (0) depend only on wildcard contributions; the entries of an
/// identity X depend only on X's contributions and the wildcard entries. That is what lets the engine recompute one
/// identity's slice when that identity or a selector holding it changes.
/// <list type="bullet">
/// <item>A deny is dropped when a deny of the same or the wildcard identity covers its port (same or broader).</item>
/// <item>A deny deletes the allows of its identity whose ports it covers.</item>
/// <item>A deny of X broader than a wildcard allow adds a deny of X on that allow's port: the datapath prefers the
///   longer prefix, so without the copy the wildcard allow would win for X.</item>
/// <item>An allow is dropped when a deny of the same or the wildcard identity covers it; allows on one key merge
///   (a redirect wins).</item>
/// <item>An allow of X on a port where a wildcard rule already allows (with at least the same redirect) adds
///   nothing: the wildcard's L7 applies to every peer of that port.</item>
/// </list>
/// The result does not depend on the order of the contributions (denies are applied broadest first).
/// </summary>
internal static class MapStateMerge
{
    public static MapEntry[] Wildcard(List<Contribution> contributions) =>
        Merge(contributions, [], EmptyWildcardPorts);

    public static MapEntry[] ForIdentity(List<Contribution> contributions, MapEntry[] wildcard, IReadOnlyDictionary<PortKey, bool> wildcardAllowPorts) =>
        Merge(contributions, wildcard, wildcardAllowPorts);

    private static readonly Dictionary<PortKey, bool> EmptyWildcardPorts = [];

    private static MapEntry[] Merge(List<Contribution> contributions, MapEntry[] wildcard, IReadOnlyDictionary<PortKey, bool> wildcardAllowPorts)
    {
        var result = new List<MapEntry>();
        foreach (var deny in contributions.Where(c => c.Deny).OrderBy(c => c.Key.Bits).ThenBy(c => c.Key.Protocol).ThenBy(c => c.Key.Port))
        {
            if (CoveredByDeny(deny.Key, result) || CoveredByDeny(deny.Key, wildcard))
            {
                continue;
            }

            result.RemoveAll(e => !e.Value.Deny && deny.Key.Covers(e.Key));
            foreach (var allow in wildcard)
            {
                if (!allow.Value.Deny && deny.Key.StrictlyCovers(allow.Key) && !result.Any(e => e.Key == allow.Key))
                {
                    result.Add(new MapEntry(allow.Key, PolicyMapValue.DenyEntry, deny.Origin));
                }
            }

            result.Add(new MapEntry(deny.Key, PolicyMapValue.DenyEntry, deny.Origin));
        }

        foreach (var allow in contributions)
        {
            if (allow.Deny
                || (wildcardAllowPorts.TryGetValue(allow.Key, out var wildcardRedirects) && (wildcardRedirects || !allow.Redirect))
                || CoveredByDeny(allow.Key, result) || CoveredByDeny(allow.Key, wildcard))
            {
                continue;
            }

            var value = new PolicyMapValue(false, allow.Redirect ? MapEntry.PlaceholderProxyPort : (ushort)0);
            var existing = result.FindIndex(e => e.Key == allow.Key);
            if (existing < 0)
            {
                result.Add(new MapEntry(allow.Key, value, allow.Origin));
            }
            else if (allow.Redirect && result[existing].Value.ProxyPort == 0)
            {
                result[existing] = result[existing] with { Value = value };
            }
        }

        // Longest prefix first: a lookup takes the first entry that matches.
        return [.. result.OrderByDescending(e => e.Key.Bits).ThenBy(e => e.Key.Protocol).ThenBy(e => e.Key.Port)];
    }

    private static bool CoveredByDeny(PortKey key, IEnumerable<MapEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Value.Deny && entry.Key.Covers(key))
            {
                return true;
            }
        }

        return false;
    }
}
