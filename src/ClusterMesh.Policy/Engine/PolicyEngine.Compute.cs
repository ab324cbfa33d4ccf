using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>Computing an endpoint's map, whole or one identity's slice.</summary>
public sealed partial class PolicyEngine
{
    private static readonly PolicyMapDirection[] Directions = [PolicyMapDirection.Ingress, PolicyMapDirection.Egress];

    /// <summary>Finds the policies selecting the endpoint and rebuilds its whole map.</summary>
    private void Recompute(EndpointState state)
    {
        Rebind(state);
        RebuildAll(state);
    }

    /// <summary>
    /// Brings an endpoint up to date after <paramref name="changed"/> bindings came or went: when they touch the
    /// wildcard slice (wildcard rules, egress named ports) or the enforcement, the whole map is rebuilt; otherwise
    /// only the slices of the identities their selectors hold.
    /// </summary>
    private void Reconsider(EndpointState state, IReadOnlyCollection<PolicyBinding> changed)
    {
        Rebind(state);
        var whole = changed.Any(b => b.Rules.Any(r => r.HasWildcard || r.HasEgressNamedPorts))
            || Directions.Any(d => !state.Policy.Map(d).Enforcing.SequenceEqual(Enforcing(state, d)));
        if (whole)
        {
            RebuildAll(state);
            return;
        }

        var identities = new HashSet<NumericIdentity>();
        foreach (var selector in changed.SelectMany(b => b.Rules).SelectMany(r => r.Selectors))
        {
            identities.UnionWith(selector.Identities);
        }

        foreach (var identity in identities)
        {
            RecomputeSlice(state, identity);
        }
    }

    private void Rebind(EndpointState state)
    {
        var endpoint = state.Policy.Endpoint;
        foreach (var binding in state.Bindings)
        {
            binding.Selected.Remove(state);
        }

        state.Bindings.Clear();
        if (_bindings.TryGetValue(endpoint.Cluster, out var bindings))
        {
            foreach (var binding in bindings.Where(b => SelectsEndpoint(b.Policy, endpoint)))
            {
                state.Bindings.Add(binding);
                binding.Selected.Add(state);
            }
        }

        foreach (var direction in Directions)
        {
            var traffic = ToTraffic(direction);
            state.Policy.Map(direction).Rules = [.. state.Bindings.SelectMany(b => b.Rules).Where(r => r.Rule.Direction == traffic)];
        }
    }

    private static string[] Enforcing(EndpointState state, PolicyMapDirection direction) =>
        [.. state.Bindings.Where(b => b.Policy.Enforces(ToTraffic(direction))).Select(b => b.Policy.QualifiedName).Distinct()];

    private void RebuildAll(EndpointState state)
    {
        var endpoint = state.Policy.Endpoint;
        foreach (var direction in Directions)
        {
            var map = state.Policy.Map(direction);
            var rules = map.Rules;
            map.Enforcing = Enforcing(state, direction);
            var wildcard = new List<Contribution>();
            foreach (var rule in rules.Where(r => r.HasWildcard))
            {
                AddPorts(wildcard, rule, endpoint, peer: null);
            }

            map.WildcardAllowPorts = wildcard.Where(c => !c.Deny).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Any(c => c.Redirect));
            if (map.Enforcing.Length == 0)
            {
                wildcard.Add(new Contribution(PortKey.Any, false, false, RuleOrigin.NotEnforced));
            }

            map.Wildcard = Slice.Of(MapStateMerge.Wildcard(wildcard));
            map.Clear();
            var candidates = new HashSet<NumericIdentity>();
            foreach (var rule in rules)
            {
                foreach (var selector in rule.Selectors)
                {
                    candidates.UnionWith(selector.Identities);
                }

                if (rule.HasWildcard && rule.HasEgressNamedPorts)
                {
                    candidates.UnionWith(_identities.Values.Where(i => i.NamedPorts.Count > 0).Select(i => i.Id));
                }
            }

            foreach (var identity in candidates)
            {
                map.SetSlice(identity, SliceOf(rules, map, endpoint, identity));
            }
        }
    }

    /// <summary>Rebuilds the entries of one identity in both directions of an endpoint's map.</summary>
    private void RecomputeSlice(EndpointState state, NumericIdentity identity)
    {
        foreach (var direction in Directions)
        {
            var map = state.Policy.Map(direction);
            map.SetSlice(identity, SliceOf(map.Rules, map, state.Policy.Endpoint, identity));
        }
    }

    private MapEntry[] SliceOf(BoundRule[] rules, DirectionMap map, Identities.PolicyEndpoint endpoint, NumericIdentity identity)
    {
        if (!_identities.TryGetValue(identity, out var peer))
        {
            return [];
        }

        var contributions = new List<Contribution>();
        foreach (var rule in rules)
        {
            if (rule.Selects(identity))
            {
                AddPorts(contributions, rule, endpoint, peer);
            }
            else if (rule.HasWildcard && rule.HasEgressNamedPorts)
            {
                AddPorts(contributions, rule, endpoint, peer, namedOnly: true);
            }
        }

        return contributions.Count == 0 ? [] : MapStateMerge.ForIdentity(contributions, map.Wildcard.Entries, map.WildcardAllowPorts);
    }

    /// <summary>
    /// The keys a rule contributes: numbered ports as they are; named ports on the receiving side (the endpoint
    /// for ingress, the peer for egress; a wildcard rule resolves egress named ports per peer identity).
    /// </summary>
    private static void AddPorts(List<Contribution> into, BoundRule rule, Identities.PolicyEndpoint endpoint, PeerIdentity? peer, bool namedOnly = false)
    {
        var deny = rule.Rule.Action == RuleAction.Deny;
        if (rule.Rule.Ports.IsEmpty)
        {
            if (!namedOnly)
            {
                into.Add(new Contribution(PortKey.Any, deny, false, rule.Origin));
            }

            return;
        }

        foreach (var port in rule.Rule.Ports)
        {
            IEnumerable<PortKey> keys;
            if (port.Name is null)
            {
                keys = namedOnly ? [] : PortKey.Expand(port.Protocol, port.Port, port.EndPort);
            }
            else if (rule.Rule.Direction == TrafficDirection.Ingress)
            {
                keys = namedOnly ? [] : PortKey.Named(port, endpoint.NamedPorts);
            }
            else
            {
                keys = peer is null ? [] : PortKey.Named(port, peer.NamedPorts);
            }

            foreach (var key in keys)
            {
                into.Add(new Contribution(key, deny, port.L7 && !deny, rule.Origin));
            }
        }
    }

    private static TrafficDirection ToTraffic(PolicyMapDirection direction) =>
        direction == PolicyMapDirection.Ingress ? TrafficDirection.Ingress : TrafficDirection.Egress;
}
