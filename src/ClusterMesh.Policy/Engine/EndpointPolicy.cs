using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Identities;

namespace ClusterMesh.Policy.Engine;

/// <summary>
/// The computed policy map of one endpoint, kept up to date by <see cref="PolicyEngine"/>: entries keyed as a BPF
/// policy map keys them, and the datapath's lookup over them. Read it from the thread that drives the engine.
/// </summary>
public sealed class EndpointPolicy
{
    internal EndpointPolicy(PolicyEndpoint endpoint) => Endpoint = endpoint;

    /// <summary>The endpoint the map belongs to.</summary>
    public PolicyEndpoint Endpoint { get; internal set; }

    internal DirectionMap Ingress { get; } = new();

    internal DirectionMap Egress { get; } = new();

    /// <summary>Whether some policy puts the endpoint into default deny in <paramref name="direction"/>.</summary>
    public bool IsEnforced(PolicyMapDirection direction) => Map(direction).Enforcing.Length > 0;

    /// <summary>
    /// The entry deciding traffic with <paramref name="peer"/> (protocol number, destination port), as the datapath
    /// looks it up; <c>null</c> when no entry matches, which means default deny.
    /// </summary>
    public PolicyMapValue? Lookup(PolicyMapDirection direction, NumericIdentity peer, byte protocol, ushort port) =>
        Map(direction).TryLookup(peer, protocol, port, out var entry) ? entry.Value : null;

    /// <summary>Whether traffic with <paramref name="peer"/> passes (an allow or redirect entry matches).</summary>
    public bool Allows(PolicyMapDirection direction, NumericIdentity peer, byte protocol, ushort port) =>
        Map(direction).Allows(peer, protocol, port);

    /// <summary>Every entry, sorted by direction, identity, protocol, port and prefix length (as a map dump).</summary>
    public IReadOnlyList<KeyValuePair<PolicyMapKey, PolicyMapValue>> Dump() =>
        [.. Entries(PolicyMapDirection.Ingress).Concat(Entries(PolicyMapDirection.Egress))
            .OrderBy(e => e.Key.Direction).ThenBy(e => e.Key.Identity.Value).ThenBy(e => e.Key.Protocol)
            .ThenBy(e => e.Key.Port).ThenBy(e => e.Key.PortPrefixLength)];

    /// <summary>How many entries the map holds.</summary>
    public int Count => Ingress.Wildcard.Entries.Length + Egress.Wildcard.Entries.Length
        + Ingress.ByIdentity.Values.Sum(s => s.Entries.Length) + Egress.ByIdentity.Values.Sum(s => s.Entries.Length);

    internal DirectionMap Map(PolicyMapDirection direction) => direction == PolicyMapDirection.Ingress ? Ingress : Egress;

    private IEnumerable<KeyValuePair<PolicyMapKey, PolicyMapValue>> Entries(PolicyMapDirection direction)
    {
        var map = Map(direction);
        return map.ByIdentity.SelectMany(s => s.Value.Entries.Select(e => Pair(new NumericIdentity(s.Key), direction, e)))
            .Concat(map.Wildcard.Entries.Select(e => Pair(NumericIdentity.Unknown, direction, e)));
    }

    private static KeyValuePair<PolicyMapKey, PolicyMapValue> Pair(NumericIdentity identity, PolicyMapDirection direction, MapEntry entry) =>
        new(new PolicyMapKey(identity, direction, entry.Key.Protocol, entry.Key.Port, entry.Key.PrefixLength), entry.Value);
}
