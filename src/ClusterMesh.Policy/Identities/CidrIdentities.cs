using ClusterMesh.Abstractions.Model;

namespace ClusterMesh.Policy.Identities;

/// <summary>
/// Identities of CIDRs that policies name (ipBlock, toCIDR, toCIDRSet). They are node-local, as in Cilium: numbered
/// from <see cref="LocalScope"/> upwards, outside every cluster's range, and never published to the kvstore. The same
/// prefix keeps its identity while it is referenced.
/// </summary>
public sealed class CidrIdentities
{
    /// <summary>The scope bit of node-local identities (Cilium's <c>IdentityScopeLocal</c>).</summary>
    public const uint LocalScope = 1u << 24;

    private readonly Dictionary<IpPrefix, (NumericIdentity Identity, int References)> _byPrefix = [];
    private readonly Dictionary<NumericIdentity, IpPrefix> _byIdentity = [];
    private readonly Stack<uint> _free = new();
    private uint _next = 1;

    /// <summary>Whether <paramref name="identity"/> is a node-local (CIDR) identity.</summary>
    public static bool IsLocal(NumericIdentity identity) => (identity.Value & LocalScope) != 0;

    /// <summary>The labels of a CIDR identity: <c>cidr:&lt;prefix&gt;</c> and <c>reserved:world</c>.</summary>
    public static LabelSet LabelsOf(IpPrefix prefix) => LabelSet.From(
    [
        new Label("cidr", prefix.ToString(), string.Empty),
        new Label(Label.SourceReserved, "world", string.Empty),
    ]);

    /// <summary>Takes a reference on <paramref name="prefix"/>'s identity, allocating it on first use.</summary>
    public NumericIdentity Acquire(IpPrefix prefix)
    {
        if (_byPrefix.TryGetValue(prefix, out var entry))
        {
            _byPrefix[prefix] = (entry.Identity, entry.References + 1);
            return entry.Identity;
        }

        var identity = new NumericIdentity(LocalScope | (_free.Count > 0 ? _free.Pop() : _next++));
        _byPrefix[prefix] = (identity, 1);
        _byIdentity[identity] = prefix;
        return identity;
    }

    /// <summary>Drops a reference; the identity is freed (and may be reused) when none is left.</summary>
    /// <returns>Whether the identity was freed.</returns>
    public bool Release(IpPrefix prefix)
    {
        if (!_byPrefix.TryGetValue(prefix, out var entry))
        {
            return false;
        }

        if (entry.References > 1)
        {
            _byPrefix[prefix] = (entry.Identity, entry.References - 1);
            return false;
        }

        _byPrefix.Remove(prefix);
        _byIdentity.Remove(entry.Identity);
        _free.Push(entry.Identity.Value & ~LocalScope);
        return true;
    }

    /// <summary>The identity of <paramref name="prefix"/>, if allocated.</summary>
    public bool TryGet(IpPrefix prefix, out NumericIdentity identity)
    {
        var found = _byPrefix.TryGetValue(prefix, out var entry);
        identity = entry.Identity;
        return found;
    }

    /// <summary>The prefix of a CIDR identity, if allocated.</summary>
    public bool TryGetPrefix(NumericIdentity identity, out IpPrefix prefix) => _byIdentity.TryGetValue(identity, out prefix);

    /// <summary>How many CIDR identities are allocated.</summary>
    public int Count => _byPrefix.Count;
}
