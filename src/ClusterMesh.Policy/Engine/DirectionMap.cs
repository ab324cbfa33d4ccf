using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>One direction of an endpoint's policy map, as identity slices (0 = the wildcard identity).</summary>
internal sealed class DirectionMap
{
    public Dictionary<NumericIdentity, MapEntry[]> ByIdentity { get; } = [];

    public MapEntry[] Wildcard { get; set; } = [];

    /// <summary>Ports where a wildcard rule allows, and whether it redirects there.</summary>
    public Dictionary<PortKey, bool> WildcardAllowPorts { get; set; } = [];

    /// <summary>The policies that put the endpoint into default deny in this direction (empty: not enforced).</summary>
    public string[] Enforcing { get; set; } = [];

    public void SetSlice(NumericIdentity identity, MapEntry[] entries)
    {
        if (entries.Length == 0)
        {
            ByIdentity.Remove(identity);
        }
        else
        {
            ByIdentity[identity] = entries;
        }
    }

    /// <summary>The datapath's lookup: the longest match of the identity's slice and of the wildcard slice; on a tie the identity's.</summary>
    public bool TryLookup(NumericIdentity identity, byte protocol, ushort port, out MapEntry entry)
    {
        var found = false;
        var bits = -1;
        entry = default;
        if (ByIdentity.TryGetValue(identity, out var slice))
        {
            foreach (var candidate in slice)
            {
                if (candidate.Key.Matches(protocol, port))
                {
                    entry = candidate;
                    bits = candidate.Key.Bits;
                    found = true;
                    break;
                }
            }
        }

        foreach (var candidate in Wildcard)
        {
            if (candidate.Key.Bits <= bits)
            {
                break;
            }

            if (candidate.Key.Matches(protocol, port))
            {
                entry = candidate;
                return true;
            }
        }

        return found;
    }
}
