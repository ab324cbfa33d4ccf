using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>A rule of a policy, its peers resolved to cached selectors.</summary>
internal sealed class BoundRule(PolicyRule rule, CachedSelector[] selectors, RuleOrigin origin)
{
    public PolicyRule Rule { get; } = rule;

    public CachedSelector[] Selectors { get; } = selectors;

    public RuleOrigin Origin { get; } = origin;

    public bool HasWildcard { get; } = selectors.Any(s => s.IsWildcard);

    /// <summary>Egress named ports resolve on each peer identity, so a wildcard rule with them still acts per identity.</summary>
    public bool HasEgressNamedPorts { get; } = rule.Direction == TrafficDirection.Egress && rule.Ports.Any(p => p.Name is not null);

    public bool Selects(NumericIdentity identity)
    {
        foreach (var selector in Selectors)
        {
            if (selector.Identities.Contains(identity))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A policy installed in a cluster: its bound rules and the endpoints it currently selects.</summary>
internal sealed class PolicyBinding(ClusterName cluster, Model.Policy policy, BoundRule[] rules, IpPrefix[] prefixes)
{
    public ClusterName Cluster { get; } = cluster;

    public Model.Policy Policy { get; } = policy;

    public BoundRule[] Rules { get; } = rules;

    /// <summary>The CIDRs (and excepts) the policy names: each holds a reference on a CIDR identity.</summary>
    public IpPrefix[] Prefixes { get; } = prefixes;

    public HashSet<EndpointState> Selected { get; } = [];

    public bool HasEgressNamedPorts { get; } = rules.Any(r => r.HasEgressNamedPorts);
}

/// <summary>A local endpoint: its computed map and the policies that select it.</summary>
internal sealed class EndpointState(EndpointPolicy policy)
{
    public EndpointPolicy Policy { get; } = policy;

    public List<PolicyBinding> Bindings { get; } = [];
}
