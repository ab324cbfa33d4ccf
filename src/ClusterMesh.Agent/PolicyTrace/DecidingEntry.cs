using System.Globalization;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Agent.PolicyTrace;

/// <summary>The policy-map entry that decided one direction of a flow, as an endpoint's BPF policy map holds it.</summary>
/// <param name="Key">Peer identity (0 = any), direction, protocol and port prefix.</param>
/// <param name="Value">Allow, redirect or deny.</param>
internal sealed record DecidingEntry(PolicyMapKey Key, PolicyMapValue Value)
{
    /// <summary>
    /// The entry of <paramref name="map"/> the datapath's lookup picks for the peer and port: the longest prefix among
    /// the peer's entries and the wildcard (identity 0) entries, the peer's on a tie; null when none matches (default
    /// deny). Checked against the engine's own lookup, so the dump and the datapath cannot tell different stories.
    /// </summary>
    public static DecidingEntry? Find(EndpointPolicy map, PolicyMapDirection direction, NumericIdentity peer, byte protocol, ushort port)
    {
        var best = map.Dump()
            .Where(e => e.Key.Direction == direction && (e.Key.Identity == peer || e.Key.Identity == NumericIdentity.Unknown)
                && e.Key.CoversPort(protocol, port))
            .OrderByDescending(e => e.Key.LpmPrefixLength).ThenByDescending(e => e.Key.Identity == peer)
            .Select(e => new DecidingEntry(e.Key, e.Value))
            .FirstOrDefault();
        var looked = map.Lookup(direction, peer, protocol, port);
        if (best?.Value != looked)
        {
            throw new InvalidOperationException($"{map.Endpoint.Name}: the map dump picks {best?.ToString() ?? "no entry"} but the lookup {looked?.ToString() ?? "no entry"}");
        }

        return best;
    }

    /// <summary>The IANA protocol number a policy-map key uses.</summary>
    public static byte ProtocolNumber(L4Protocol protocol) => protocol switch
    {
        L4Protocol.Tcp => 6,
        L4Protocol.Udp => 17,
        L4Protocol.Sctp => 132,
        _ => 0,
    };

    /// <summary><c>Allow</c>, <c>Deny</c> or <c>Redirect</c>, as the POLICY column of a map dump.</summary>
    public string Policy => Value.Deny ? "Deny" : Value.ProxyPort == 0 ? "Allow" : "Redirect";

    /// <summary><c>80/TCP</c>, <c>8000-8007/TCP</c>, <c>TCP</c> (every port) or <c>ANY</c>.</summary>
    public string PortProtocol => Key.ToString().Split(' ', 3)[2];

    /// <summary>E.g. <c>Allow Egress identity=65793 ANY proxy=NONE prefix=40</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Policy} {Key.Direction} identity={Key.Identity.Value} {PortProtocol} proxy={(Value.ProxyPort == 0 ? "NONE" : Value.ProxyPort.ToString(CultureInfo.InvariantCulture))} prefix={Key.LpmPrefixLength}");
}
