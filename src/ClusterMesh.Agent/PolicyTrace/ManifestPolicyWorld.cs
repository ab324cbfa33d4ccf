using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;
using ClusterMesh.Policy.Parsing;

namespace ClusterMesh.Agent.PolicyTrace;

/// <summary>
/// The policies and endpoints of a manifests directory (one folder per cluster), ready to decide flows. A policy acts
/// in the cluster whose folder holds it. Identities are numbered per cluster in its range, one per label set.
/// </summary>
internal sealed class ManifestPolicyWorld
{
    private readonly Dictionary<string, PolicyEndpoint> _byName;
    private readonly ReferenceEvaluator _evaluator;

    private ManifestPolicyWorld(Dictionary<string, PolicyEndpoint> byName, IReadOnlyDictionary<ClusterName, IReadOnlyList<Policy.Model.Policy>> policies, IReadOnlyList<PolicyValidationException> rejected)
    {
        _byName = byName;
        Rejected = rejected;
        _evaluator = new ReferenceEvaluator(policies, byName.Values);
    }

    /// <summary>Policies that failed validation (the others keep working).</summary>
    public IReadOnlyList<PolicyValidationException> Rejected { get; }

    public static ManifestPolicyWorld Load(IReadOnlyList<ClusterManifests> mesh)
    {
        var endpoints = new Dictionary<string, PolicyEndpoint>(StringComparer.Ordinal);
        var policies = new Dictionary<ClusterName, IReadOnlyList<Policy.Model.Policy>>();
        var rejected = new List<PolicyValidationException>();
        foreach (var cluster in mesh)
        {
            var state = LocalStateBuilder.Build(cluster);
            var identities = state.Endpoints.Select(e => e.IdentityLabels).Distinct()
                .OrderBy(l => l.ToKvStoreForm(), StringComparer.Ordinal)
                .Select((labels, i) => (labels, id: NumericIdentity.Create(cluster.Settings.Id, NumericIdentity.MinimalAllocationIdentity + (uint)i, cluster.Settings.MaxConnectedClusters)))
                .ToDictionary(p => p.labels, p => p.id);
            foreach (var pod in state.Endpoints)
            {
                var name = $"{cluster.Settings.Name}/{pod.Namespace}/{pod.Name}";
                endpoints[name] = new PolicyEndpoint(name, cluster.Settings.Name, pod.IdentityLabels, identities[pod.IdentityLabels])
                {
                    Addresses = [pod.Address],
                    NamedPorts = [.. pod.NamedPorts.Select(p => new EndpointPort(p.Name, p.Port, ProtocolOf(p.Protocol)))],
                };
            }

            var loaded = PolicyParser.ParseAll(cluster.NetworkPolicies);
            var clusterPolicies = new List<Policy.Model.Policy>(loaded.Policies);
            rejected.AddRange(loaded.Errors);
            foreach (var document in cluster.Other.Where(d => d.Kind is "CiliumNetworkPolicy" or "CiliumClusterwideNetworkPolicy"))
            {
                var parsed = PolicyParser.LoadYaml(document.Yaml);
                clusterPolicies.AddRange(parsed.Policies);
                rejected.AddRange(parsed.Errors);
            }

            policies[cluster.Settings.Name] = clusterPolicies;
        }

        return new ManifestPolicyWorld(endpoints, policies, rejected);
    }

    /// <summary>The endpoint <c>cluster/namespace/pod</c>.</summary>
    public bool TryFind(string name, out PolicyEndpoint endpoint) => _byName.TryGetValue(name, out endpoint!);

    public FlowVerdict Decide(PolicyEndpoint source, PolicyEndpoint destination, int port, L4Protocol protocol) =>
        _evaluator.Evaluate(Flow.Between(source, destination, port, protocol));

    public static L4Protocol ProtocolOf(string text) => text.ToUpperInvariant() switch
    {
        "TCP" => L4Protocol.Tcp,
        "UDP" => L4Protocol.Udp,
        "SCTP" => L4Protocol.Sctp,
        "ANY" => L4Protocol.Any,
        _ => throw new FormatException($"unknown protocol '{text}' (TCP, UDP, SCTP or ANY)"),
    };
}
