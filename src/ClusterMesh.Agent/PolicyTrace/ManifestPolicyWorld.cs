using ClusterMesh.Abstractions.Datapath;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Kubernetes.LocalState;
using ClusterMesh.Kubernetes.Manifests;
using ClusterMesh.Policy.Engine;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;
using ClusterMesh.Policy.Parsing;

namespace ClusterMesh.Agent.PolicyTrace;

/// <summary>
/// The policies and endpoints of a manifests directory (one folder per cluster), ready to decide flows with the
/// incremental <see cref="PolicyEngine"/>: it knows the identities of every cluster and the policies of each cluster
/// (a policy acts in the cluster whose folder holds it); a trace registers just its two endpoints, so their policy
/// maps decide. Identities are numbered per cluster in its range, one per label set. The naive
/// <see cref="ReferenceEvaluator"/> over the same snapshot stays available as the oracle.
/// </summary>
internal sealed class ManifestPolicyWorld
{
    private readonly Dictionary<string, PolicyEndpoint> _byName;
    private readonly PolicyEngine _engine;
    private readonly ReferenceEvaluator _reference;
    private readonly Lock _gate = new();

    private ManifestPolicyWorld(Dictionary<string, PolicyEndpoint> byName, IReadOnlyDictionary<ClusterName, IReadOnlyList<Policy.Model.Policy>> policies, IReadOnlyList<PolicyValidationException> rejected)
    {
        _byName = byName;
        Rejected = rejected;
        _reference = new ReferenceEvaluator(policies, byName.Values);
        _engine = new PolicyEngine();
        foreach (var endpoint in byName.Values.DistinctBy(e => e.Identity))
        {
            _engine.UpsertIdentity(endpoint.Identity, endpoint.Labels);
        }

        foreach (var (cluster, list) in policies)
        {
            // One resource may give several policies (a CiliumNetworkPolicy with specs): they install together.
            foreach (var resource in list.GroupBy(p => p.QualifiedName, StringComparer.Ordinal))
            {
                _engine.UpsertPolicy(cluster, resource.Key, [.. resource]);
            }
        }
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

    /// <summary>Every endpoint, by its <c>cluster/namespace/pod</c> name.</summary>
    public IEnumerable<PolicyEndpoint> Endpoints => _byName.Values;

    /// <summary>The endpoint <c>cluster/namespace/pod</c>.</summary>
    public bool TryFind(string name, out PolicyEndpoint endpoint) => _byName.TryGetValue(name, out endpoint!);

    /// <summary>The engine's verdict for a flow.</summary>
    public FlowVerdict Decide(PolicyEndpoint source, PolicyEndpoint destination, int port, L4Protocol protocol) =>
        Trace(source, destination, port, protocol).Verdict;

    /// <summary>
    /// The engine's verdict for a flow with the policy-map entry that decided each direction: egress in the source's
    /// map (keyed by the destination's identity), ingress in the destination's (keyed by the source's).
    /// </summary>
    public EngineTrace Trace(PolicyEndpoint source, PolicyEndpoint destination, int port, L4Protocol protocol)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        lock (_gate)
        {
            _engine.UpsertEndpoint(source);
            _engine.UpsertEndpoint(destination);
            try
            {
                var sourceMap = _engine.GetEndpointPolicy(source.Name)!;
                var destinationMap = _engine.GetEndpointPolicy(destination.Name)!;
                var verdict = _engine.Evaluate(Flow.Between(source, destination, port, protocol));
                var number = DecidingEntry.ProtocolNumber(protocol);
                return new EngineTrace(
                    verdict,
                    DecidingEntry.Find(sourceMap, PolicyMapDirection.Egress, destination.Identity, number, (ushort)port),
                    DecidingEntry.Find(destinationMap, PolicyMapDirection.Ingress, source.Identity, number, (ushort)port));
            }
            finally
            {
                // Each trace sees only its own two endpoints (their addresses and named ports), never an earlier one's.
                _engine.RemoveEndpoint(source.Name);
                _engine.RemoveEndpoint(destination.Name);
            }
        }
    }

    /// <summary>The naive reference evaluator's verdict for the same flow (the oracle).</summary>
    public FlowVerdict Reference(PolicyEndpoint source, PolicyEndpoint destination, int port, L4Protocol protocol) =>
        _reference.Evaluate(Flow.Between(source, destination, port, protocol));

    public static L4Protocol ProtocolOf(string text) => text.ToUpperInvariant() switch
    {
        "TCP" => L4Protocol.Tcp,
        "UDP" => L4Protocol.Udp,
        "SCTP" => L4Protocol.Sctp,
        "ANY" => L4Protocol.Any,
        _ => throw new FormatException($"unknown protocol '{text}' (TCP, UDP, SCTP or ANY)"),
    };
}

/// <summary>The engine's verdict for a flow and the policy-map entries that decided it (null: no entry, default deny).</summary>
/// <param name="Verdict">Both directions' decisions with their rules.</param>
/// <param name="EgressEntry">The source map's entry for the destination.</param>
/// <param name="IngressEntry">The destination map's entry for the source.</param>
internal sealed record EngineTrace(FlowVerdict Verdict, DecidingEntry? EgressEntry, DecidingEntry? IngressEntry);
