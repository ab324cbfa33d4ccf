using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>Policy installation and identity changes, propagated to the endpoints they affect.</summary>
public sealed partial class PolicyEngine
{
    private PolicyBinding Bind(ClusterName cluster, Model.Policy policy)
    {
        // CIDR identities first, so the new selectors see them.
        var prefixes = policy.Rules.SelectMany(r => r.Peers).OfType<CidrPeer>().SelectMany(c => c.Except.Prepend(c.Cidr)).ToArray();
        foreach (var prefix in prefixes)
        {
            var id = _cidrs.Acquire(prefix);
            if (_cidrPrefixes.TryAdd(prefix, id))
            {
                Refresh(id);
            }
        }

        var rules = policy.Rules.Select(r => new BoundRule(
            r,
            [.. r.Peers.Select(p => _selectors.Acquire(p, cluster, _identities.Values))],
            new RuleOrigin(policy.QualifiedName, r.Path))).ToArray();
        var binding = new PolicyBinding(cluster, policy, rules, prefixes);
        foreach (var selector in rules.SelectMany(r => r.Selectors))
        {
            selector.Bindings.Add(binding);
        }

        return binding;
    }

    /// <summary>Removes a resource's bindings; returns them and the endpoints they selected.</summary>
    private (HashSet<EndpointState> Affected, PolicyBinding[] Removed) Uninstall(ClusterName cluster, string key)
    {
        var affected = new HashSet<EndpointState>();
        if (!_policies.Remove((cluster, key), out var bindings))
        {
            return (affected, []);
        }

        var list = _bindings[cluster];
        foreach (var binding in bindings)
        {
            list.Remove(binding);
            affected.UnionWith(binding.Selected);
            foreach (var state in binding.Selected)
            {
                state.Bindings.Remove(binding);
            }

            foreach (var selector in binding.Rules.SelectMany(r => r.Selectors))
            {
                selector.Bindings.Remove(binding);
                _selectors.Release(selector);
            }

            foreach (var prefix in binding.Prefixes)
            {
                if (_cidrs.Release(prefix) && _cidrPrefixes.Remove(prefix, out var id))
                {
                    Refresh(id);
                }
            }
        }

        return (affected, bindings);
    }

    /// <summary>Re-derives one identity from its sources and updates the selectors and map slices it touches.</summary>
    private void Refresh(NumericIdentity id)
    {
        var before = _identities.GetValueOrDefault(id);
        var after = Build(id);
        List<CachedSelector> changed;
        if (after is null)
        {
            if (before is null)
            {
                return;
            }

            _identities.Remove(id);
            changed = _selectors.Remove(id);
        }
        else
        {
            if (before is not null && SameIdentity(before, after))
            {
                return;
            }

            _identities[id] = after;
            changed = _selectors.Upsert(after);
        }

        var affected = new HashSet<EndpointState>();
        foreach (var binding in changed.SelectMany(s => s.Bindings))
        {
            affected.UnionWith(binding.Selected);
        }

        if (before?.NamedPorts.Count > 0 || after?.NamedPorts.Count > 0)
        {
            foreach (var bindings in _bindings.Values)
            {
                foreach (var binding in bindings.Where(b => b.HasEgressNamedPorts))
                {
                    affected.UnionWith(binding.Selected);
                }
            }
        }

        foreach (var state in affected)
        {
            RecomputeSlice(state, id);
        }
    }

    private PeerIdentity? Build(NumericIdentity id)
    {
        if (_cidrs.TryGetPrefix(id, out var prefix))
        {
            return PeerIdentity.Cidr(id, prefix);
        }

        var endpoints = _endpointsByIdentity.GetValueOrDefault(id);
        var first = endpoints?.Count > 0 ? endpoints[0].Policy.Endpoint : null;
        LabelSet? labels = _declared.GetValueOrDefault(id) ?? (first?.Labels.Count > 0 ? first.Labels : null);
        if (labels is null && first is null)
        {
            return id.IsReserved ? PeerIdentity.Reserved(id) : null;
        }

        labels ??= PeerIdentity.Reserved(id).Labels;
        return new PeerIdentity(id, labels, first?.Cluster ?? PeerIdentity.ClusterOf(labels), null)
        {
            Addresses = endpoints is null ? [] : [.. endpoints.SelectMany(e => e.Policy.Endpoint.Addresses).Distinct()],
            NamedPorts = endpoints is null ? [] : [.. endpoints.SelectMany(e => e.Policy.Endpoint.NamedPorts).Distinct()],
        };
    }

    private static bool SameIdentity(PeerIdentity a, PeerIdentity b) =>
        a.Labels.Equals(b.Labels) && a.Cluster == b.Cluster && a.Prefix == b.Prefix
        && a.Addresses.SequenceEqual(b.Addresses) && a.NamedPorts.SequenceEqual(b.NamedPorts);
}
