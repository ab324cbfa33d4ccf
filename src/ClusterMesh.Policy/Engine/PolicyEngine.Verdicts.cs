using System.Net;
using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>Verdicts and traces from the computed maps.</summary>
public sealed partial class PolicyEngine
{
    /// <summary>
    /// Decides a flow from the computed maps: egress in the source endpoint's map, ingress in the destination's,
    /// each naming the entry's rule and policy (or the policies whose default deny decided).
    /// </summary>
    public FlowVerdict Evaluate(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var (source, sourceIdentity, sourceName) = Resolve(flow.Source);
        var (destination, destinationIdentity, destinationName) = Resolve(flow.Destination);
        var protocol = PortKey.ProtocolNumber(flow.Protocol);
        var port = (ushort)flow.Port;
        return new FlowVerdict(
            Decide(PolicyMapDirection.Egress, source, sourceName, destinationIdentity, destinationName, protocol, port),
            Decide(PolicyMapDirection.Ingress, destination, destinationName, sourceIdentity, sourceName, protocol, port));
    }

    /// <summary>The identity the engine gives an address: its endpoint's, else its longest policy CIDR's, else world.</summary>
    public NumericIdentity IdentityOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_byAddress.TryGetValue(address, out var state))
        {
            return state.Policy.Endpoint.Identity;
        }

        var best = NumericIdentity.World;
        var length = -1;
        foreach (var (prefix, id) in _cidrPrefixes)
        {
            if (prefix.PrefixLength > length && prefix.Contains(address))
            {
                best = id;
                length = prefix.PrefixLength;
            }
        }

        return best;
    }

    /// <summary>The CIDR a CIDR identity stands for (CIDR identities are node-local and numbered as policies come).</summary>
    public bool TryGetCidrPrefix(NumericIdentity identity, out IpPrefix prefix) => _cidrs.TryGetPrefix(identity, out prefix);

    private (EndpointState? State, NumericIdentity Identity, string Name) Resolve(FlowPeer peer)
    {
        if (peer.Endpoint is { } endpoint)
        {
            return (_endpoints.GetValueOrDefault(endpoint.Name), endpoint.Identity, endpoint.Name);
        }

        if (peer.Address is null)
        {
            return (null, NumericIdentity.World, "world");
        }

        return _byAddress.TryGetValue(peer.Address, out var state)
            ? (state, state.Policy.Endpoint.Identity, state.Policy.Endpoint.Name)
            : (null, IdentityOf(peer.Address), peer.Address.ToString());
    }

    private static DirectionVerdict Decide(PolicyMapDirection direction, EndpointState? subject, string subjectName, NumericIdentity peer, string peerName, byte protocol, ushort port)
    {
        var traffic = ToTraffic(direction);
        if (subject is null)
        {
            return new(traffic, Verdict.Allowed, DecisionReason.NotAnEndpoint, null, null, $"{subjectName} is not an endpoint of the mesh");
        }

        var what = $"{traffic.ToString().ToLowerInvariant()} of {subjectName} {(traffic == TrafficDirection.Egress ? "to" : "from")} {peerName} (identity {peer.Value})";
        var map = subject.Policy.Map(direction);
        if (!map.TryLookup(peer, protocol, port, out var entry))
        {
            return new(traffic, Verdict.Denied, DecisionReason.DefaultDeny, map.Enforcing.FirstOrDefault(), null,
                $"{what} denied by default deny (selected by {string.Join(", ", map.Enforcing)}; no entry allows it)");
        }

        if (entry.Value.Deny)
        {
            return new(traffic, Verdict.Denied, DecisionReason.DeniedByRule, entry.Origin.Policy, entry.Origin.Rule,
                $"{what} denied by {entry.Origin.Policy} {entry.Origin.Rule} (entry {Describe(entry)})");
        }

        return entry.Origin.Policy is null
            ? new(traffic, Verdict.Allowed, DecisionReason.NotEnforced, null, null, $"{what} allowed: no policy enforces {traffic.ToString().ToLowerInvariant()}")
            : new(traffic, Verdict.Allowed, DecisionReason.AllowedByRule, entry.Origin.Policy, entry.Origin.Rule,
                $"{what} allowed by {entry.Origin.Policy} {entry.Origin.Rule} (entry {Describe(entry)})");
    }

    private static string Describe(MapEntry entry) =>
        $"{new PolicyMapKey(NumericIdentity.Unknown, PolicyMapDirection.Ingress, entry.Key.Protocol, entry.Key.Port, entry.Key.PrefixLength).ToString().Split(' ', 3)[2]} {entry.Value}";
}
