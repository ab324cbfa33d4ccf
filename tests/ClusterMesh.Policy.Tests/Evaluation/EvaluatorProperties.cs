using ClusterMesh.Abstractions.Model;
using ClusterMesh.Policy.Evaluation;
using ClusterMesh.Policy.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ClusterMesh.Policy.Tests.Evaluation;

/// <summary>Invariants of the reference evaluator over random meshes and policies.</summary>
public sealed class EvaluatorProperties
{
    [Property(MaxTest = 60)]
    public Property Adding_an_allow_rule_never_denies_an_allowed_flow(int seed)
    {
        var mesh = new RandomMesh(seed);
        var before = mesh.Evaluator();
        var changed = WithExtraRule(mesh, RuleAction.Allow);
        var after = mesh.Evaluator(changed);

        return mesh.Flows()
            .All(f => before.Evaluate(f).Verdict == Verdict.Denied || after.Evaluate(f).Verdict == Verdict.Allowed)
            .ToProperty();
    }

    [Property(MaxTest = 60)]
    public Property Adding_a_deny_rule_never_allows_a_denied_flow(int seed)
    {
        var mesh = new RandomMesh(seed);
        var before = mesh.Evaluator();
        var after = mesh.Evaluator(WithExtraRule(mesh, RuleAction.Deny));

        return mesh.Flows()
            .All(f => before.Evaluate(f).Verdict == Verdict.Allowed || after.Evaluate(f).Verdict == Verdict.Denied)
            .ToProperty();
    }

    [Property(MaxTest = 60)]
    public Property A_deny_of_everything_wins_over_any_allow(int seed)
    {
        var mesh = new RandomMesh(seed);
        var denyAll = new Model.Policy(PolicyKind.CiliumClusterwideNetworkPolicy, "deny-all", null, LabelSelector.All, false, true, true,
            [new PolicyRule(TrafficDirection.Egress, RuleAction.Deny, [AnyPeer.Instance], [], "egressDeny[0]")]);
        var policies = mesh.Policies.ToDictionary(p => p.Key, p => (IReadOnlyList<Model.Policy>)p.Value.Append(denyAll).ToList());
        var evaluator = mesh.Evaluator(policies);

        return mesh.Flows().Where(f => f.Source.Endpoint is not null)
            .All(f => evaluator.Evaluate(f) is { Verdict: Verdict.Denied, Egress.Reason: DecisionReason.DeniedByRule })
            .ToProperty();
    }

    [Property(MaxTest = 60)]
    public Property A_policy_selecting_nothing_changes_nothing(int seed)
    {
        var mesh = new RandomMesh(seed);
        var before = mesh.Evaluator();
        var nobody = new LabelSelector([new SelectorRequirement(null, "app", SelectorOperator.In, ["nobody"])]);
        var inert = new Model.Policy(PolicyKind.CiliumClusterwideNetworkPolicy, "inert", null, nobody, false, true, true,
            [mesh.RandomRule(TrafficDirection.Ingress, RuleAction.Deny, 0), mesh.RandomRule(TrafficDirection.Egress, RuleAction.Allow, 1)]);
        var policies = mesh.Policies.ToDictionary(p => p.Key, p => (IReadOnlyList<Model.Policy>)p.Value.Append(inert).ToList());
        var after = mesh.Evaluator(policies);

        return mesh.Flows().All(f => before.Evaluate(f) == after.Evaluate(f)).ToProperty();
    }

    /// <summary>The mesh's policies with one random rule added to one existing policy (enforcement unchanged).</summary>
    private static Dictionary<ClusterName, IReadOnlyList<Model.Policy>> WithExtraRule(RandomMesh mesh, RuleAction action)
    {
        var cluster = mesh.Pick(RandomMesh.Clusters);
        var policies = mesh.Policies.ToDictionary(p => p.Key, p => p.Value);
        var list = policies[cluster];
        if (list.Count == 0)
        {
            return policies;
        }

        var target = mesh.Pick(list);
        var rule = mesh.RandomRule(mesh.Pick(Enum.GetValues<TrafficDirection>()), action, 99);
        var changed = new Model.Policy(target.Kind, target.Name, target.Namespace, target.Subject, target.SelectsNodes,
            target.EnforcesIngress, target.EnforcesEgress, target.Rules.Add(rule));
        policies[cluster] = list.Select(p => ReferenceEquals(p, target) ? changed : p).ToList();
        return policies;
    }
}
