using System.Net;
using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Identities;
using ClusterMesh.Policy.Model;

namespace ClusterMesh.Policy.Evaluation;

/// <summary>
/// The naive reference evaluator: a direct reading of policy semantics with no caching, the oracle the incremental
/// engine is tested against. Egress is decided at the source by the policies of the source's cluster that select
/// it, ingress at the destination by the policies of the destination's cluster. In each direction a matching deny
/// rule wins over any allow; else a matching allow rule allows; else the endpoint is denied if any policy selecting
/// it enforces that direction (a deny-only policy does too), and allowed otherwise.
/// </summary>
public sealed class ReferenceEvaluator
{
    private readonly IReadOnlyDictionary<ClusterName, IReadOnlyList<Model.Policy>> _policies;
    private readonly IReadOnlyList<PolicyEndpoint> _endpoints;
    private readonly PolicyOptions _options;

    /// <summary>Creates an evaluator over a snapshot of the mesh.</summary>
    /// <param name="policies">The policies of each cluster (a policy acts in the cluster that holds it).</param>
    /// <param name="endpoints">Every endpoint of every cluster (addresses resolve to them).</param>
    /// <param name="options">Policy settings; defaults when null.</param>
    public ReferenceEvaluator(
        IReadOnlyDictionary<ClusterName, IReadOnlyList<Model.Policy>> policies,
        IEnumerable<PolicyEndpoint> endpoints,
        PolicyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(endpoints);
        _policies = policies;
        _endpoints = endpoints.ToArray();
        _options = options ?? new PolicyOptions();
    }

    /// <summary>Decides a flow in both directions.</summary>
    public FlowVerdict Evaluate(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var source = Resolve(flow.Source);
        var destination = Resolve(flow.Destination);
        return new FlowVerdict(
            Decide(TrafficDirection.Egress, source, destination, flow, destination.Endpoint),
            Decide(TrafficDirection.Ingress, destination, source, flow, destination.Endpoint));
    }

    /// <summary>The policies of <paramref name="endpoint"/>'s cluster that select it.</summary>
    public IReadOnlyList<Model.Policy> PoliciesSelecting(PolicyEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _policies.TryGetValue(endpoint.Cluster, out var all)
            ? all.Where(p => p.SelectsNodes == endpoint.IsNode && p.Subject.Matches(endpoint.Labels)).ToArray()
            : [];
    }

    private DirectionVerdict Decide(TrafficDirection direction, ResolvedPeer subject, ResolvedPeer peer, Flow flow, PolicyEndpoint? destination)
    {
        if (subject.Endpoint is null)
        {
            return new(direction, Verdict.Allowed, DecisionReason.NotAnEndpoint, null, null, $"{subject} is not an endpoint of the mesh");
        }

        var cluster = subject.Endpoint.Cluster;
        var selecting = PoliciesSelecting(subject.Endpoint);
        var matching = selecting
            .SelectMany(p => p.Rules.Select(r => (Policy: p, Rule: r)))
            .Where(x => x.Rule.Direction == direction
                && RuleMatcher.RuleMatches(x.Rule, peer, flow.Port, flow.Protocol, destination, cluster, _options))
            .ToArray();

        var what = $"{direction.ToString().ToLowerInvariant()} of {subject} {(direction == TrafficDirection.Egress ? "to" : "from")} {peer}";
        foreach (var action in new[] { RuleAction.Deny, RuleAction.Allow })
        {
            if (matching.FirstOrDefault(x => x.Rule.Action == action) is { Policy: not null } decider)
            {
                var (verdict, reason) = action == RuleAction.Deny ? (Verdict.Denied, DecisionReason.DeniedByRule) : (Verdict.Allowed, DecisionReason.AllowedByRule);
                return new(direction, verdict, reason, decider.Policy.QualifiedName, decider.Rule.Path,
                    $"{what} {verdict.ToString().ToLowerInvariant()} by {decider.Policy.QualifiedName} {decider.Rule.Path}");
            }
        }

        var enforcing = selecting.Where(p => p.Enforces(direction)).Select(p => p.QualifiedName).ToArray();
        return enforcing.Length > 0
            ? new(direction, Verdict.Denied, DecisionReason.DefaultDeny, enforcing[0], null,
                $"{what} denied by default deny (selected by {string.Join(", ", enforcing)}; no rule allows it)")
            : new(direction, Verdict.Allowed, DecisionReason.NotEnforced, null, null, $"{what} allowed: no policy enforces {direction.ToString().ToLowerInvariant()}");
    }

    private ResolvedPeer Resolve(FlowPeer peer)
    {
        var endpoint = peer.Endpoint ?? (peer.Address is null ? null : FindByAddress(peer.Address));
        if (endpoint is null)
        {
            return ResolvedPeer.World(peer.Address);
        }

        var address = peer.Address ?? (endpoint.Addresses.Count > 0 ? endpoint.Addresses[0] : null);
        var labels = endpoint.Identity.IsReserved && endpoint.Labels.Count == 0 ? ReservedIdentities.LabelsOf(endpoint.Identity) : endpoint.Labels;
        return new ResolvedPeer(endpoint, address, labels, endpoint.Identity);
    }

    private PolicyEndpoint? FindByAddress(IPAddress address) => _endpoints.FirstOrDefault(e => e.Addresses.Contains(address));
}
