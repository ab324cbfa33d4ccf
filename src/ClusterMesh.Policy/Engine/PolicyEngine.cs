using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Engine;

/// <summary>
/// The incremental policy engine: identities, endpoints and policies come and go; a selector cache keeps the
/// identities each peer selector matches, and every endpoint's policy map (<see cref="EndpointPolicy"/>) is
/// updated for just what changed: one identity's slice when an identity changes, the selected endpoints when a
/// policy changes. Policies act in the cluster that holds them, on that cluster's endpoints.
/// Not thread-safe: drive it from one thread (or under one lock).
/// </summary>
public sealed partial class PolicyEngine
{
    private readonly PolicyOptions _options;
    private readonly SelectorCache _selectors;
    private readonly Dictionary<NumericIdentity, LabelSet> _declared = [];
    private readonly Dictionary<NumericIdentity, PeerIdentity> _identities = [];
    private readonly Dictionary<string, EndpointState> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<NumericIdentity, List<EndpointState>> _endpointsByIdentity = [];
    private readonly Dictionary<IPAddress, EndpointState> _byAddress = [];
    private readonly Dictionary<(ClusterName Cluster, string Key), PolicyBinding[]> _policies = [];
    private readonly Dictionary<ClusterName, List<PolicyBinding>> _bindings = [];
    private readonly CidrIdentities _cidrs = new();
    private readonly Dictionary<IpPrefix, NumericIdentity> _cidrPrefixes = [];

    /// <summary>Creates an empty engine; the reserved identities are known from the start.</summary>
    public PolicyEngine(PolicyOptions? options = null)
    {
        _options = options ?? new PolicyOptions();
        _selectors = new SelectorCache(_options);
        foreach (var id in new[] { 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u })
        {
            _identities[new NumericIdentity(id)] = PeerIdentity.Reserved(new NumericIdentity(id));
        }
    }

    /// <summary>How many distinct peer selectors are cached.</summary>
    public int SelectorCount => _selectors.Count;

    /// <summary>How many identities the engine knows (reserved, declared, of endpoints and of CIDRs).</summary>
    public int IdentityCount => _identities.Count;

    /// <summary>Adds or changes an identity of any cluster (its cluster is its <c>io.cilium.k8s.policy.cluster</c> label).</summary>
    public void UpsertIdentity(NumericIdentity identity, LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        _declared[identity] = labels;
        Refresh(identity);
    }

    /// <summary>Removes a declared identity (an identity still held by an endpoint stays).</summary>
    public bool RemoveIdentity(NumericIdentity identity)
    {
        if (!_declared.Remove(identity))
        {
            return false;
        }

        Refresh(identity);
        return true;
    }

    /// <summary>Adds or replaces an endpoint (by <see cref="PolicyEndpoint.Name"/>) and computes its policy map.</summary>
    public EndpointPolicy UpsertEndpoint(PolicyEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var previous = _endpoints.GetValueOrDefault(endpoint.Name);
        if (previous is not null)
        {
            Detach(previous);
        }

        var state = new EndpointState(new EndpointPolicy(endpoint));
        _endpoints[endpoint.Name] = state;
        Index(_endpointsByIdentity, endpoint.Identity).Add(state);
        foreach (var address in endpoint.Addresses)
        {
            _byAddress[address] = state;
        }

        if (previous is not null && previous.Policy.Endpoint.Identity != endpoint.Identity)
        {
            Refresh(previous.Policy.Endpoint.Identity);
        }

        Refresh(endpoint.Identity);
        Recompute(state);
        return state.Policy;
    }

    /// <summary>Removes an endpoint and its map.</summary>
    public bool RemoveEndpoint(string name)
    {
        if (!_endpoints.Remove(name, out var state))
        {
            return false;
        }

        Detach(state);
        Refresh(state.Policy.Endpoint.Identity);
        return true;
    }

    /// <summary>The computed map of an endpoint, or null when the engine does not know it.</summary>
    public EndpointPolicy? GetEndpointPolicy(string name) => _endpoints.GetValueOrDefault(name)?.Policy;

    /// <summary>Every endpoint's computed map.</summary>
    public IEnumerable<EndpointPolicy> EndpointPolicies => _endpoints.Values.Select(e => e.Policy);

    /// <summary>
    /// Installs (or replaces) the policies of one resource in <paramref name="cluster"/>; <paramref name="key"/>
    /// names the resource (a CiliumNetworkPolicy with several specs gives several policies under one key).
    /// </summary>
    public void UpsertPolicy(ClusterName cluster, string key, IReadOnlyList<Model.Policy> policies)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(policies);
        var (affected, removed) = Uninstall(cluster, key);
        var list = Index(_bindings, cluster);
        var bindings = policies.Select(p => Bind(cluster, p)).ToArray();
        _policies[(cluster, key)] = bindings;
        list.AddRange(bindings);
        foreach (var state in _endpoints.Values)
        {
            if (state.Policy.Endpoint.Cluster == cluster && bindings.Any(b => SelectsEndpoint(b.Policy, state.Policy.Endpoint)))
            {
                affected.Add(state);
            }
        }

        PolicyBinding[] changed = [.. removed, .. bindings];
        foreach (var state in affected)
        {
            Reconsider(state, changed);
        }
    }

    /// <summary>Installs a parsed policy under its qualified name.</summary>
    public void UpsertPolicy(ClusterName cluster, Model.Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        UpsertPolicy(cluster, policy.QualifiedName, [policy]);
    }

    /// <summary>Removes the policies of one resource.</summary>
    public bool RemovePolicy(ClusterName cluster, string key)
    {
        if (!_policies.ContainsKey((cluster, key)))
        {
            return false;
        }

        var (affected, removed) = Uninstall(cluster, key);
        foreach (var state in affected)
        {
            Reconsider(state, removed);
        }

        return true;
    }

    internal static bool SelectsEndpoint(Model.Policy policy, PolicyEndpoint endpoint) =>
        policy.SelectsNodes == endpoint.IsNode && policy.Subject.Matches(endpoint.Labels);

    private static List<TValue> Index<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        return list;
    }

    private void Detach(EndpointState state)
    {
        var endpoint = state.Policy.Endpoint;
        if (_endpointsByIdentity.TryGetValue(endpoint.Identity, out var list) && list.Remove(state) && list.Count == 0)
        {
            _endpointsByIdentity.Remove(endpoint.Identity);
        }

        foreach (var address in endpoint.Addresses)
        {
            if (_byAddress.TryGetValue(address, out var owner) && owner == state)
            {
                _byAddress.Remove(address);
            }
        }

        foreach (var binding in state.Bindings)
        {
            binding.Selected.Remove(state);
        }

        state.Bindings.Clear();
    }
}
